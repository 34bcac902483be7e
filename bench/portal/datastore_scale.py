"""DataStore at scale: load speed and datastore_search on a large table, SQLite and PostgreSQL.

Over HTTP through one ckanapi client, against ``publisher serve`` (a subprocess over a fresh
instance; PostgreSQL: a fresh schema of --database-url):

- load: --load-rows rows through the sync's own DataStore load (``publisher.sync``: staged
  table, upserts by primary key, batches that follow the time one takes), rows/s; the same on the
  real CKAN (PUBLISHER_TEST_CKAN_URL / PUBLISHER_TEST_CKAN_TOKEN) when they are set;
- a table of --rows rows (synthetic stop visits, Chinese stop names, fixed seed, no personal
  data) loaded with datastore_upsert, then the median and p95 of --repeat calls each: the first
  page (the baseline the others are divided by), a primary-key filter, a filter on an indexed
  field, ``q`` for a two-character place name, a sort on an indexed field, ``offset`` 90 % into
  the table, and the keyset ``_links.next`` page at the same place.

    python -m bench.portal.datastore_scale --rows 1000000 --backend both
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ckanapi import RemoteCKAN
from sqlalchemy import create_engine, text

PUBLISHER = Path(sys.executable).parent / "publisher"
OUT = Path(__file__).resolve().parent.parent / "out"
PG_DEFAULT = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
PLACES = ["城区", "海丰", "陆丰", "陆河", "红海湾", "汕尾", "捷胜", "马宫", "东涌", "田墘",
          "遮浪", "鹅埠", "鲘门", "赤石", "梅陇", "可塘", "公平", "附城", "联安", "黄羌",
          "大安", "甲子", "碣石", "湖东", "南塘", "桥冲", "金厢", "博美", "上英", "八万",
          "河田", "水唇", "螺溪", "东坑", "新田", "南万", "河口", "陂洋", "西南", "潭西"]
SUFFIXES = ["站", "路口", "市场", "学校", "医院", "客运站", "码头", "公园"]
FIELDS = [{"id": "visit", "type": "int"}, {"id": "route", "type": "text"},
          {"id": "stop_id", "type": "text"}, {"id": "stop_name", "type": "text"},
          {"id": "boardings", "type": "int"}]
SCHEMA: dict[str, Any] = {
    "fields": [{"name": "visit", "type": "integer"}, {"name": "route", "type": "string"},
               {"name": "stop_id", "type": "string"}, {"name": "stop_name", "type": "string"},
               {"name": "boardings", "type": "integer"}],
    "primaryKey": ["visit"]}


def records(start: int, count: int) -> list[dict[str, Any]]:
    """Rows ``start`` … ``start + count - 1``, the same on every run."""
    out = []
    for i in range(start, start + count):
        rng = random.Random(i)
        stop = rng.randrange(3000)
        out.append({"visit": i, "route": f"K{i % 97}", "stop_id": f"S{stop:04d}",
                    "stop_name": f"{PLACES[stop % 40]}{SUFFIXES[stop // 40 % 8]}{stop}",
                    "boardings": rng.randrange(60)})
    return out


def csv_file(rows: int) -> Path:
    import csv

    path = OUT / f"datastore-scale-{rows}.csv"
    if not path.is_file():
        OUT.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow([f["id"] for f in FIELDS])
            for start in range(0, rows, 10_000):
                for r in records(start, min(10_000, rows - start)):
                    out.writerow([r[f["id"]] for f in FIELDS])
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _schema(base: str) -> Iterator[str]:
    """A throwaway PostgreSQL schema: the URL that uses it."""
    name = "bench_" + uuid.uuid4().hex[:10]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


@contextmanager
def serve(database_url: str) -> Iterator[tuple[str, str]]:
    """``publisher serve`` on a fresh instance over ``database_url`` ("" = SQLite): (url, token)."""
    with tempfile.TemporaryDirectory(prefix="bench-ds-scale-") as instance:
        base = [str(PUBLISHER), "--instance-dir", instance]
        env = {**os.environ, "PUBLISHER_LOG_LEVEL": "WARNING"}
        if database_url:
            env["PUBLISHER_DATABASE_URL"] = database_url
        subprocess.run([*base, "db", "upgrade"], env=env, check=True, capture_output=True)
        token = subprocess.run([*base, "token", "create", "bench", "--scope", "publisher"],
                               env=env, check=True, capture_output=True,
                               text=True).stdout.strip()
        port = _free_port()
        server = subprocess.Popen([*base, "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(600):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}", token
        finally:
            server.terminate()
            server.wait(timeout=30)


def _resource(ckan: RemoteCKAN, prefix: str) -> str:
    org = ckan.action.organization_create(name=f"{prefix}-org", title="汕尾市交通运输局")
    pkg = ckan.action.package_create(name=prefix, title="站点客流", owner_org=org["id"])
    return str(ckan.action.resource_create(package_id=pkg["id"], name="visits", url="")["id"])


def load_speed(url: str, token: str, rows: int) -> float:
    """Rows per second of the sync's DataStore load of ``rows`` rows into a fresh resource."""
    from publisher.retry import Policy
    from publisher.sync import _load_datastore

    path = csv_file(rows)
    client = RemoteCKAN(url, apikey=token, user_agent="bench")
    client.retry_policy = Policy(attempts=5, timeout=120.0)
    rid = _resource(client, f"bench-load-{uuid.uuid4().hex[:6]}")
    started = time.perf_counter()
    _load_datastore(client, rid, path, SCHEMA, "bench")
    seconds = time.perf_counter() - started
    total = client.action.datastore_search(resource_id=rid, limit=0)["total"]
    assert total == rows, f"{total} rows landed, not {rows}"
    client.close()
    return rows / seconds


def big_table(ckan: RemoteCKAN, rows: int, batch: int = 10_000) -> tuple[str, float]:
    """A table of ``rows`` rows (primary key ``visit``, index on ``stop_id``): (id, rows/s)."""
    rid = _resource(ckan, f"bench-big-{uuid.uuid4().hex[:6]}")
    ckan.action.datastore_create(resource_id=rid, force=True, fields=FIELDS,
                                 primary_key=["visit"], indexes=["stop_id"])
    started = time.perf_counter()
    for start in range(0, rows, batch):
        ckan.action.datastore_upsert(resource_id=rid, force=True, method="insert",
                                     records=records(start, min(batch, rows - start)))
    return rid, rows / (time.perf_counter() - started)


def timed(call: Callable[[], Any], repeat: int, warmup: int = 3) -> tuple[float, float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def searches(ckan: RemoteCKAN, url: str, rid: str, rows: int,
             repeat: int) -> dict[str, tuple[float, float]]:
    import requests

    rng = random.Random(3)
    search = ckan.action.datastore_search
    deep = rows * 9 // 10
    page = search(resource_id=rid, limit=100, offset=deep - 100)
    nxt = page["_links"]["next"]
    assert "cursor" in nxt, nxt
    http = requests.Session()
    walked = http.get(url + nxt).json()["result"]
    assert walked["records"][0]["visit"] == deep, walked["records"][:1]
    bare = search(resource_id=rid, limit=100, offset=deep - 100,
                  include_total=False)["_links"]["next"]
    return {
        "first page (baseline)": timed(lambda: search(resource_id=rid, limit=100), repeat),
        "primary-key filter": timed(lambda: search(
            resource_id=rid, filters={"visit": rng.randrange(rows)}), repeat),
        "field filter (indexed)": timed(lambda: search(
            resource_id=rid, filters={"stop_id": f"S{rng.randrange(3000):04d}"}), repeat),
        "q 汕尾 (2 characters)": timed(lambda: search(resource_id=rid, q="汕尾", limit=100),
                                     repeat),
        "sort stop_id desc": timed(lambda: search(resource_id=rid, sort="stop_id desc",
                                                  limit=100), repeat),
        f"offset={deep}": timed(lambda: search(resource_id=rid, limit=100, offset=deep),
                                repeat),
        "keyset next page": timed(lambda: http.get(url + nxt).json(), repeat),
        "keyset next, no total": timed(lambda: http.get(url + bare).json(), repeat),
    }


def run_backend(name: str, database_url: str, args: argparse.Namespace) -> None:
    with serve(database_url) as (url, token), \
            RemoteCKAN(url, apikey=token, user_agent="bench") as ckan:
        rate = load_speed(url, token, args.load_rows)
        print(f"[{name}] sync load of {args.load_rows:,} rows: {rate:,.0f} rows/s", flush=True)
        rid, fill = big_table(ckan, args.rows)
        print(f"[{name}] {args.rows:,} rows by datastore_upsert (10,000 a call): "
              f"{fill:,.0f} rows/s", flush=True)
        figures = searches(ckan, url, rid, args.rows, args.repeat)
    base = figures["first page (baseline)"][0]
    print(f"[{name}] datastore_search on {args.rows:,} rows, {args.repeat} calls each (ms)")
    print(f"  {'call':28s} {'median':>9s} {'p95':>9s} {'/ baseline':>11s}")
    for call, (median, p95) in figures.items():
        print(f"  {call:28s} {median:9.2f} {p95:9.2f} {median / base:10.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--load-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--database-url", default=os.environ.get(
        "PUBLISHER_BENCH_DATABASE_URL", PG_DEFAULT), help="PostgreSQL to make a schema in")
    parser.add_argument("--ckan-url", default=os.environ.get("PUBLISHER_TEST_CKAN_URL", ""))
    parser.add_argument("--ckan-token", default=os.environ.get("PUBLISHER_TEST_CKAN_TOKEN", ""))
    args = parser.parse_args()
    if args.backend in ("sqlite", "both"):
        run_backend("sqlite", "", args)
    if args.backend in ("postgresql", "both"):
        with _schema(args.database_url) as url:
            run_backend("postgresql", url, args)
    if args.ckan_url and args.ckan_token:
        rate = load_speed(args.ckan_url.rstrip("/"), args.ckan_token, args.load_rows)
        print(f"[ckan] sync load of {args.load_rows:,} rows: {rate:,.0f} rows/s")
    else:
        print("(no real CKAN: set PUBLISHER_TEST_CKAN_URL and PUBLISHER_TEST_CKAN_TOKEN for "
              "its load figure)")


if __name__ == "__main__":
    main()
