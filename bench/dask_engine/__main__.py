"""``python -m bench.dask_engine [--rows N] [--workers W] [--partition-rows P] [--stage S]``:
seconds of validation and de-identification with the local engine (the baseline) and the dask
engine (a LocalCluster of W single-threaded worker processes) on the same generated dataset,
in the same run, with the load average; and whether the results are equal."""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.dask_engine.data import NAME, write_dataset
from publisher.compute import DaskExecutor
from publisher.deid import deidentify
from publisher.load import load
from publisher.readers import read_frame
from publisher.validate import validate

KEY = b"bench-key"


def timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return time.perf_counter() - start, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partition-rows", type=int, default=1 << 16)
    parser.add_argument("--stage", choices=("validate", "deidentify", "both"), default="both")
    args = parser.parse_args()
    root = write_dataset(Path(tempfile.mkdtemp(prefix="bench-dask-")), args.rows,
                         args.rows // 5)
    loaded = load(root / "datasets", NAME, root / "schemas")
    assert loaded.dataset is not None
    dataset = loaded.dataset
    executor = DaskExecutor.start("", args.workers, partition_rows=args.partition_rows)
    print(f"rows {args.rows} + {args.rows // 5}, {args.workers} dask workers x 1 thread, "
          f"partitions of {args.partition_rows} rows; load average before "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    try:
        if args.stage in ("validate", "both"):
            local_s, local = timed(validate, dataset)
            dask_s, other = timed(validate, dataset, executor=executor)
            same = [f.to_dict() for r in local.resources for f in r.findings] == [
                f.to_dict() for r in other.resources for f in r.findings]
            print(f"validate    local {local_s:8.1f} s  dask {dask_s:8.1f} s  "
                  f"dask/local {dask_s / local_s:5.2f}  same findings: {same}")
        if args.stage in ("deidentify", "both"):
            tables = {r.name: read_frame(r) for r in dataset.resources}
            local_s, a = timed(deidentify, dataset, tables, KEY)
            dask_s, b = timed(deidentify, dataset, tables, KEY, executor)
            same = ([f.to_dict() for f in a.findings] == [f.to_dict() for f in b.findings]
                    and a.report.to_dict() == b.report.to_dict()
                    and all(b.tables[n].equals(t) for n, t in a.tables.items()))
            print(f"deidentify  local {local_s:8.1f} s  dask {dask_s:8.1f} s  "
                  f"dask/local {dask_s / local_s:5.2f}  same result: {same}")
    finally:
        executor.close()
    print(f"load average after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
