"""Benchmark: this engine against ``frictionless.validate`` (no error limit) on the same files.

    python -m bench.validate [--rows 10000,100000,1000000] [--no-frictionless-above N]

Prints, per size: rows/s and peak memory of each, the speed ratio, and whether the sets of
(row, field, code) agree. Each engine runs in a subprocess so peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from bench.validate.generate import generate

OUT = Path(__file__).resolve().parent.parent / "out"
SCHEMA = Path(__file__).resolve().parent / "schema.json"


def run(which: str, path: Path) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-m", "bench.validate.worker", which, str(path),
                           str(SCHEMA)], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", default="10000,100000,1000000")
    parser.add_argument("--no-frictionless-above", type=int, default=1_000_000,
                        help="skip frictionless above this many rows (it needs minutes)")
    args = parser.parse_args()
    print(f"{'rows':>9} {'engine rows/s':>14} {'engine MB':>10} {'fl rows/s':>10} "
          f"{'fl MB':>7} {'ratio':>7} {'findings':>9} agree")
    for rows in (int(x) for x in args.rows.split(",")):
        path = generate(OUT / f"penalties-dt-{rows}.csv", rows)
        ours = run("engine", path)
        line = (f"{rows:>9} {rows / ours['seconds']:>14,.0f} {ours['peak_mb']:>10.0f}")
        if rows <= args.no_frictionless_above:
            theirs = run("frictionless", path)
            ratio = float(theirs["seconds"]) / float(ours["seconds"])  # type: ignore[arg-type]
            agree = ours["triples_sha"] == theirs["triples_sha"]
            line += (f" {rows / theirs['seconds']:>10,.0f} {theirs['peak_mb']:>7.0f} "
                     f"{ratio:>6.1f}x {ours['findings']:>9} {'yes' if agree else 'NO'}")
        else:
            line += f" {'-':>10} {'-':>7} {'-':>7} {ours['findings']:>9} -"
        print(line, flush=True)


if __name__ == "__main__":
    main()
