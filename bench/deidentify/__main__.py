"""``python -m bench.deidentify [--rows N] [--baseline-rows M]``: rows/s of the de-identification
stage (actions plus residual scan) against the row-by-row baseline, on a penalty-like and a
free-text file.

The stage runs over all N rows. The baseline costs the same for every row (it caches nothing),
so it runs on a fixed-seed sample of M rows of the same table and the two are compared by rows
per second: a million-row run does not spend most of its time in the baseline. Both are timed
on the clock and in this process's CPU seconds: on a shared machine the load can change
between the two timings, the CPU ratio does not move with it.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from bench.deidentify import baseline, data
from publisher.deid import deidentify
from publisher.deid.detectors.person_name import _tags

KEY = b"bench-key"
#: The baseline's sample of rows is drawn with this seed: the same rows on every run.
SAMPLE_SEED = 21


def sample(df: pd.DataFrame, rows: int) -> pd.DataFrame:
    """``rows`` rows of ``df`` drawn with the fixed seed, in table order (all when fewer)."""
    if rows >= len(df):
        return df
    return df.sample(n=rows, random_state=SAMPLE_SEED).sort_index()


def run(kind: str, rows: int, baseline_rows: int) -> tuple[float, float]:
    """The stage's speed-up over the baseline in rows per second (stage over all rows, baseline
    over its sample), on the clock and in CPU time."""
    df = data.frame(kind, rows)
    dataset = data.dataset(kind)
    name = dataset.resources[0].name
    schema = dataset.resources[0].schema or {}
    header = list(df.columns)
    sampled = sample(df, baseline_rows)
    as_rows = sampled.to_numpy(dtype=object).tolist()

    start, cpu = time.perf_counter(), time.process_time()
    result = deidentify(dataset, {name: df}, KEY)
    fast, fast_cpu = time.perf_counter() - start, time.process_time() - cpu

    start, cpu = time.perf_counter(), time.process_time()
    _, hits = baseline.deidentify_rows(as_rows, header, schema, KEY)
    slow, slow_cpu = time.perf_counter() - start, time.process_time() - cpu
    residual = sum(1 for f in result.findings if f.code == "pii-detected")
    fast_rate, slow_rate = rows / fast, len(sampled) / slow
    cpu_ratio = (rows / fast_cpu) / (len(sampled) / slow_cpu)
    what = "all rows" if len(sampled) == rows else f"sample of {len(sampled):,}"
    print(f"{kind:8} {rows:>9,} rows  stage {fast:7.2f} s ({fast_rate:>10,.0f} rows/s)  "
          f"row-by-row ({what}) {slow:7.2f} s ({slow_rate:>10,.0f} rows/s)  "
          f"speed-up {fast_rate / slow_rate:5.2f}x  residual hits {residual}/{hits}\n"
          f"{'':8} {'':>9}       CPU   {fast_cpu:7.2f} s, row-by-row {slow_cpu:7.2f} s: "
          f"speed-up in CPU time {cpu_ratio:5.2f}x", flush=True)
    return fast_rate / slow_rate, cpu_ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-rows", type=int, default=100_000,
                        help="rows of the fixed-seed sample the row-by-row baseline runs on")
    parser.add_argument("--only", choices=["penalty", "messages"], default=None)
    args = parser.parse_args()
    _tags()  # jieba's dictionary loads once, outside both timings (tags and frequencies)
    ratios = {}
    for kind in ("penalty", "messages"):
        if args.only in (None, kind):
            ratios[kind] = run(kind, args.rows, args.baseline_rows)
    if args.baseline_rows < args.rows:
        print(f"The row-by-row baseline ran on a fixed-seed sample of {args.baseline_rows:,} of "
              f"the {args.rows:,} rows (seed {SAMPLE_SEED}); speed-ups compare rows per second. "
              "Residual hits: stage over all rows / baseline over its rows.")
    print("speed-up per table: " + ", ".join(f"{k} {wall:.2f}x (CPU time {cpu:.2f}x)"
                                             for k, (wall, cpu) in ratios.items()))


if __name__ == "__main__":
    main()
