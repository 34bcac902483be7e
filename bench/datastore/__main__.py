"""Publish one large table into the DataStore: the embedded portal and a real CKAN, same run.

The table (synthetic stop-time counts, no personal data, fixed seed) goes through the sync's own
DataStore load (``publisher.sync``: fresh table, upserts by primary key, batches that follow the
time one takes), so the figure is what a publish run gets. Prints rows/s per portal and the
ratio. The embedded portal is ``publisher serve`` (waitress) in a subprocess over a fresh
instance; the real CKAN comes from PUBLISHER_TEST_CKAN_URL and PUBLISHER_TEST_CKAN_TOKEN (or
--ckan-url / --ckan-token).

    python -m bench.datastore --rows 1000000
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import time
import uuid
from pathlib import Path
from typing import Any

from ckanapi import RemoteCKAN

from bench.portal.datastore_scale import serve
from publisher.retry import Policy
from publisher.sync import _load_datastore

OUT = Path(__file__).resolve().parent.parent / "out"
SCHEMA: dict[str, Any] = {
    "fields": [{"name": "trip_id", "type": "string"}, {"name": "stop_sequence", "type": "integer"},
               {"name": "stop_id", "type": "string"}, {"name": "arrival", "type": "string"},
               {"name": "boardings", "type": "integer"}],
    "primaryKey": ["trip_id", "stop_sequence"]}


def table(rows: int) -> Path:
    path = OUT / f"datastore-{rows}.csv"
    if path.is_file():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(14)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([f["name"] for f in SCHEMA["fields"]])
        for i in range(rows):
            out.writerow([f"T{i // 40:06d}", i % 40 + 1, f"S{rng.randrange(3000):04d}",
                          f"{6 + i % 17:02d}:{i % 60:02d}:00", rng.randrange(60)])
    return path


def publish(url: str, token: str, path: str, rows: int, timeout: float) -> float:
    """Seconds to load the table into a fresh resource of a fresh package."""
    client = RemoteCKAN(url, apikey=token)
    client.retry_policy = Policy(attempts=5, timeout=timeout)
    deadline = time.monotonic() + 300  # a loaded machine starts the server slowly
    while True:
        try:
            client.action.status_show()
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    prefix = f"bench-ds-{uuid.uuid4().hex[:6]}"
    org = client.action.organization_create(name=f"{prefix}-org", title="汕尾市交通运输局")
    pkg = client.action.package_create(name=prefix, title="站点客流", owner_org=org["id"])
    res = client.action.resource_create(package_id=pkg["id"], name="stop_times", url="")
    started = time.perf_counter()
    _load_datastore(client, res["id"], Path(path), SCHEMA, "bench")
    seconds = time.perf_counter() - started
    total = client.action.datastore_search(resource_id=res["id"], limit=0)["total"]
    assert total == rows, f"{total} rows landed, not {rows}"
    client.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--ckan-url", default=os.environ.get("PUBLISHER_TEST_CKAN_URL", ""))
    parser.add_argument("--ckan-token", default=os.environ.get("PUBLISHER_TEST_CKAN_TOKEN", ""))
    args = parser.parse_args()
    path = table(args.rows)
    figures = {}
    with serve("") as (url, token):  # SQLite, as `make run`
        figures["embedded"] = publish(url, token, str(path), args.rows, args.timeout)
    if args.ckan_url and args.ckan_token:
        figures["ckan"] = publish(args.ckan_url.rstrip("/"), args.ckan_token, str(path),
                                  args.rows, args.timeout)
    for name, seconds in figures.items():
        print(f"{name:9s} {args.rows:>9,} rows in {seconds:8.1f} s = "
              f"{args.rows / seconds:10,.0f} rows/s")
    if "ckan" in figures:
        print(f"ratio CKAN/embedded time: {figures['ckan'] / figures['embedded']:.2f}")
    else:
        print("(no real CKAN: set PUBLISHER_TEST_CKAN_URL and PUBLISHER_TEST_CKAN_TOKEN)")


if __name__ == "__main__":
    main()
