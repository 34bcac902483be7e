"""``python -m bench.deidentify [--rows N]``: rows/s of the de-identification stage (actions plus
residual scan) against the row-by-row baseline, on a penalty-like and a free-text file."""

from __future__ import annotations

import argparse
import time

from bench.deidentify import baseline, data
from publisher.deid import deidentify
from publisher.deid.detectors.person_name import _tags

KEY = b"bench-key"


def run(kind: str, rows: int) -> tuple[float, float]:
    df = data.frame(kind, rows)
    dataset = data.dataset(kind)
    name = dataset.resources[0].name
    schema = dataset.resources[0].schema or {}
    header = list(df.columns)
    as_rows = df.to_numpy(dtype=object).tolist()

    start = time.perf_counter()
    result = deidentify(dataset, {name: df}, KEY)
    fast = time.perf_counter() - start

    start = time.perf_counter()
    _, hits = baseline.deidentify_rows(as_rows, header, schema, KEY)
    slow = time.perf_counter() - start
    residual = sum(1 for f in result.findings if f.code == "pii-detected")
    print(f"{kind:8} {rows:>9,} rows  stage {fast:7.2f} s ({rows / fast:>10,.0f} rows/s)  "
          f"row-by-row {slow:7.2f} s ({rows / slow:>10,.0f} rows/s)  "
          f"speed-up {slow / fast:5.2f}x  residual hits {residual}/{hits}")
    return fast, slow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", choices=["penalty", "messages"], default=None)
    args = parser.parse_args()
    _tags()  # jieba's dictionary loads once, outside both timings
    for kind in ("penalty", "messages"):
        if args.only in (None, kind):
            run(kind, args.rows)


if __name__ == "__main__":
    main()
