"""Time package_show, package_search and datastore_search on the embedded portal and on a
real CKAN: same data, same ckanapi client, same run. Prints median and p95 per call and the
ratio CKAN / embedded.

The embedded portal is served by ``publisher serve`` (threaded werkzeug) in a subprocess over
a fresh instance folder. The real CKAN comes from PUBLISHER_TEST_CKAN_URL and
PUBLISHER_TEST_CKAN_TOKEN (or --ckan-url / --ckan-token); without them only the embedded
figures are printed.
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

PUBLISHER = Path(sys.executable).parent / "publisher"
WORDS = ["公交", "出租车", "客运", "站点", "线路", "执法", "港口", "道路"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def embedded() -> Iterator[tuple[str, str]]:
    """``publisher serve`` on a fresh instance in a subprocess: (url, token)."""
    with tempfile.TemporaryDirectory(prefix="bench-portal-") as instance:
        base = [str(PUBLISHER), "--instance-dir", instance]
        env = {**os.environ, "PUBLISHER_LOG_LEVEL": "WARNING"}
        token = subprocess.run([*base, "token", "create", "bench"], env=env, check=True,
                               capture_output=True, text=True).stdout.strip()
        port = _free_port()
        server = subprocess.Popen([*base, "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    time.sleep(0.1)
            yield url, token
        finally:
            server.terminate()
            server.wait(timeout=10)


def load(ckan: RemoteCKAN, prefix: str, packages: int, rows: int) -> dict[str, Any]:
    """The same catalogue on any portal: packages with Chinese text, one DataStore table."""
    rng = random.Random(5)
    org = ckan.action.organization_create(name=f"{prefix}-org", title="汕尾市交通运输局")
    names = []
    for i in range(packages):
        words = rng.sample(WORDS, 3)
        pkg = ckan.action.package_create(
            name=f"{prefix}-set-{i:04d}", title=f"{words[0]}{words[1]}数据 {i}",
            notes=f"汕尾市{words[2]}相关数据，第{i}号", owner_org=org["id"],
            tags=[{"name": w} for w in words[:2]],
            extras=[{"key": "department", "value": "运输科"}],
            resources=[{"name": "data", "url": f"https://example.invalid/{i}.csv",
                        "format": "CSV"}])
        names.append(pkg["name"])
    table = ckan.action.resource_create(package_id=names[0], name="rows", url="")
    fields = [{"id": "code", "type": "text"}, {"id": "district", "type": "text"},
              {"id": "n", "type": "int"}]
    ckan.action.datastore_create(resource_id=table["id"], force=True, fields=fields,
                                 primary_key=["code"])
    records = [{"code": f"{i:06d}", "district": rng.choice(["城区", "海丰县", "陆丰市"]),
                "n": i} for i in range(rows)]
    for start in range(0, rows, 1000):
        ckan.action.datastore_upsert(resource_id=table["id"], force=True, method="insert",
                                     records=records[start:start + 1000])
    return {"org": org["name"], "names": names, "table": table["id"], "rows": rows}


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


def measure(ckan: RemoteCKAN, data: dict[str, Any], repeat: int) -> dict[str, tuple[float, float]]:
    rng = random.Random(7)
    fq = f"organization:{data['org']}"
    return {
        "package_show": timed(lambda: ckan.action.package_show(
            id=rng.choice(data["names"])), repeat),
        "package_search": timed(lambda: ckan.action.package_search(
            q=rng.choice(WORDS), fq=fq, rows=10), repeat),
        "datastore_search": timed(lambda: ckan.action.datastore_search(
            resource_id=data["table"], filters={"code": f"{rng.randrange(data['rows']):06d}"},
            limit=100), repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=100)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--ckan-url", default=os.environ.get("PUBLISHER_TEST_CKAN_URL", ""))
    parser.add_argument("--ckan-token", default=os.environ.get("PUBLISHER_TEST_CKAN_TOKEN", ""))
    args = parser.parse_args()
    prefix = "bench-" + uuid.uuid4().hex[:8]
    results: dict[str, dict[str, tuple[float, float]]] = {}
    with embedded() as (url, token), RemoteCKAN(url, apikey=token, user_agent="bench") as ckan:
        data = load(ckan, prefix, args.packages, args.rows)
        results["embedded"] = measure(ckan, data, args.repeat)
    if args.ckan_url and args.ckan_token:
        with RemoteCKAN(args.ckan_url, apikey=args.ckan_token, user_agent="bench") as ckan:
            data = load(ckan, prefix, args.packages, args.rows)
            results["ckan"] = measure(ckan, data, args.repeat)
    else:
        print("no real CKAN (set PUBLISHER_TEST_CKAN_URL and PUBLISHER_TEST_CKAN_TOKEN): "
              "embedded figures only")
    print(f"{args.packages} packages, DataStore of {args.rows} rows, {args.repeat} calls each "
          "(ckanapi.RemoteCKAN over HTTP, ms)")
    print(f"{'call':<18}{'embedded median':>16}{'p95':>8}{'CKAN median':>13}{'p95':>8}"
          f"{'CKAN/embedded':>15}")
    for call, (median, p95) in results["embedded"].items():
        line = f"{call:<18}{median:>16.2f}{p95:>8.2f}"
        if "ckan" in results:
            c_median, c_p95 = results["ckan"][call]
            line += f"{c_median:>13.2f}{c_p95:>8.2f}{c_median / median:>14.1f}x"
        print(line)


if __name__ == "__main__":
    main()
