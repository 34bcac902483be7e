"""Time the portal's read calls on the embedded portal (SQLite and PostgreSQL) and on a real
CKAN: same catalogue, same ckanapi client, same run. Prints median and p95 per call, the ratio
CKAN / embedded, and the served app's peak RSS.

Catalogues of 300, 5,000 and 50,000 generated packages are written straight into the embedded
portal's database (bench.portal.catalogue, minutes instead of hours); ``publisher serve``
(waitress) then serves them from a subprocess over a fresh instance folder. The PostgreSQL
runs use a database of their own, made and dropped on the server named by --database-url
(default PUBLISHER_BENCH_DATABASE_URL or PUBLISHER_TEST_DATABASE_URL). A real CKAN comes
from PUBLISHER_TEST_CKAN_URL and PUBLISHER_TEST_CKAN_TOKEN (or --ckan-url / --ckan-token); it
is loaded through its Action API, which is too slow for 50,000 packages, so it only gets the
sizes up to --ckan-max-packages (5,000).
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
from sqlalchemy import create_engine, make_url, text

from bench.portal.catalogue import WORDS, bulk_load, spec
from publisher.db import Database
from publisher.portal.auth import create_token

PUBLISHER = Path(sys.executable).parent / "publisher"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def database(backend: str, pg_url: str, instance: Path) -> Iterator[str]:
    """A fresh, empty database URL for ``backend`` (sqlite, or postgresql on ``pg_url``)."""
    if backend == "sqlite":
        yield f"sqlite:///{instance / 'publisher.db'}"
        return
    name = "bench_" + uuid.uuid4().hex[:10]
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def embedded(instance: Path, url: str, search_cache: int | None = None
             ) -> Iterator[tuple[str, str, int]]:
    """``publisher serve`` over ``instance`` and database ``url``: (base URL, token, pid);
    ``search_cache``: the package_search answers it keeps (None: the setting's default)."""
    db = Database(url)
    with db.session() as session:
        token = create_token(session, "bench")
    db.dispose()
    env = {**os.environ, "PUBLISHER_LOG_LEVEL": "WARNING", "PUBLISHER_DATABASE_URL": url}
    if search_cache is not None:
        env["PUBLISHER_PORTAL_SEARCH_CACHE"] = str(search_cache)
    port = _free_port()
    server = subprocess.Popen([str(PUBLISHER), "--instance-dir", str(instance), "serve",
                               "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180  # a loaded machine starts it slowly
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", token, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def load(ckan: RemoteCKAN, prefix: str, packages: int) -> dict[str, Any]:
    """The same catalogue through the Action API (for a real CKAN)."""
    rng = random.Random(5)
    org = ckan.action.organization_create(name=f"{prefix}-org", title="汕尾市交通运输局")
    names = []
    for i in range(packages):
        fields = spec(i, rng)
        pkg = ckan.action.package_create(
            name=f"{prefix}-set-{i:05d}", title=fields["title"], notes=fields["notes"],
            owner_org=org["id"], tags=[{"name": w} for w in fields["tags"]],
            extras=fields["extras"],
            resources=[{"name": "data", "url": fields["url"], "format": "CSV"}])
        names.append(pkg["name"])
    return {"org": org["name"], "names": names}


def load_table(ckan: RemoteCKAN, data: dict[str, Any], rows: int) -> dict[str, Any]:
    """One DataStore table of ``rows`` rows on the first package."""
    rng = random.Random(6)
    table = ckan.action.resource_create(package_id=data["names"][0], name="rows", url="")
    fields = [{"id": "code", "type": "text"}, {"id": "district", "type": "text"},
              {"id": "n", "type": "int"}]
    ckan.action.datastore_create(resource_id=table["id"], force=True, fields=fields,
                                 primary_key=["code"])
    records = [{"code": f"{i:06d}", "district": rng.choice(["城区", "海丰县", "陆丰市"]),
                "n": i} for i in range(rows)]
    for start in range(0, rows, 1000):
        ckan.action.datastore_upsert(resource_id=table["id"], force=True, method="insert",
                                     records=records[start:start + 1000])
    return {**data, "table": table["id"], "rows": rows}


def timed(call: Callable[[], Any], repeat: int, warmup: int = 10) -> tuple[float, float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def measure(ckan: RemoteCKAN, data: dict[str, Any],
            repeat: int) -> dict[str, tuple[float, float]]:
    rng = random.Random(7)
    fq = f"organization:{data['org']}"
    few = max(5, repeat // 10)
    return {
        "package_show": timed(lambda: ckan.action.package_show(
            id=rng.choice(data["names"])), repeat),
        "package_search q+fq": timed(lambda: ckan.action.package_search(
            q=rng.choice(WORDS), fq=fq, rows=10), repeat),
        "package_search fq": timed(lambda: ckan.action.package_search(fq=fq), repeat),
        "current_pkg_list": timed(
            lambda: ckan.action.current_package_list_with_resources(), repeat),
        "current_pkg_list 100": timed(
            lambda: ckan.action.current_package_list_with_resources(limit=100), few, 2),
        "package_list 100": timed(lambda: ckan.action.package_list(
            limit=100, offset=rng.randrange(len(data["names"]))), repeat),
        "package_list all": timed(lambda: ckan.action.package_list(), few, 2),
        "organization_list": timed(
            lambda: ckan.action.organization_list(all_fields=True), repeat),
        "datastore_search": timed(lambda: ckan.action.datastore_search(
            resource_id=data["table"], filters={"code": f"{rng.randrange(data['rows']):06d}"},
            limit=100), repeat),
    }


def run_embedded(backend: str, pg_url: str, packages: int, rows: int, repeat: int,
                 search_cache: int | None = None
                 ) -> tuple[dict[str, tuple[float, float]], float, float]:
    """(figures, seconds to load, peak RSS in MB of the served app) for one catalogue."""
    prefix = "bench-" + uuid.uuid4().hex[:8]
    with tempfile.TemporaryDirectory(prefix="bench-portal-") as tmp, \
            database(backend, pg_url, Path(tmp)) as url:
        instance = Path(tmp)
        db = Database(url)
        started = time.perf_counter()
        data = bulk_load(db, prefix, packages)
        loaded = time.perf_counter() - started
        db.dispose()
        with embedded(instance, url, search_cache) as (base, token, pid), \
                RemoteCKAN(base, apikey=token, user_agent="bench") as ckan:
            data = load_table(ckan, data, rows)
            figures = measure(ckan, data, repeat)
            rss = peak_rss_mb(pid)
    return figures, loaded, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", default="300,5000,50000",
                        help="comma-separated catalogue sizes")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--database-url", default=os.environ.get(
        "PUBLISHER_BENCH_DATABASE_URL", os.environ.get("PUBLISHER_TEST_DATABASE_URL", "")),
        help="a PostgreSQL server URL whose user may create databases")
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--ckan-url", default=os.environ.get("PUBLISHER_TEST_CKAN_URL", ""))
    parser.add_argument("--ckan-token", default=os.environ.get("PUBLISHER_TEST_CKAN_TOKEN", ""))
    parser.add_argument("--ckan-max-packages", type=int, default=5000)
    parser.add_argument("--search-cache", type=int, default=None,
                        help="package_search answers the embedded portal keeps (0: none, so "
                        "every search counts its matches afresh; default: the setting's)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.packages.split(",")]
    backends = [b for b in args.backends.split(",") if b]
    if "postgresql" in backends and not args.database_url:
        print("no PostgreSQL (set --database-url or PUBLISHER_BENCH_DATABASE_URL): SQLite only")
        backends.remove("postgresql")
    if not (args.ckan_url and args.ckan_token):
        print("no real CKAN (set PUBLISHER_TEST_CKAN_URL and PUBLISHER_TEST_CKAN_TOKEN): "
              "embedded figures only")
    print(f"DataStore of {args.rows} rows, {args.repeat} calls each (fewer for whole lists); "
          "ckanapi.RemoteCKAN over HTTP; median / p95 ms", flush=True)
    for packages in sizes:
        results: dict[str, dict[str, tuple[float, float]]] = {}
        for backend in backends:
            figures, loaded, rss = run_embedded(backend, args.database_url, packages,
                                                args.rows, args.repeat, args.search_cache)
            results[backend] = figures
            print(f"{packages} packages, embedded {backend}: loaded in {loaded:.0f} s, "
                  f"served app's peak RSS {rss:.0f} MB", flush=True)
        if args.ckan_url and args.ckan_token and packages <= args.ckan_max_packages:
            with RemoteCKAN(args.ckan_url, apikey=args.ckan_token, user_agent="bench") as ckan:
                data = load(ckan, "bench-" + uuid.uuid4().hex[:8], packages)
                results["ckan"] = measure(ckan, load_table(ckan, data, args.rows), args.repeat)
        _table(packages, backends, results)


def _table(packages: int, backends: list[str],
           results: dict[str, dict[str, tuple[float, float]]]) -> None:
    kinds = [*backends, "ckan"]
    print(f"{'packages':>8}  {'call':<22}" + "".join(f"{k:>18}" for k in kinds)
          + "".join(f"{'ckan/' + b:>16}" for b in backends))
    for call in results[backends[0]] if backends else []:
        line = f"{packages:>8}  {call:<22}"
        for kind in kinds:
            figure = results.get(kind, {}).get(call)
            line += f"{figure[0]:>10.2f} /{figure[1]:>6.1f}" if figure else f"{'-':>18}"
        ckan_figure = results.get("ckan", {}).get(call)
        for backend in backends:
            ours = results[backend][call]
            line += f"{ckan_figure[0] / ours[0]:>15.1f}x" if ckan_figure else f"{'-':>16}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
