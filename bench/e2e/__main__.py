"""A large penalty-decisions dataset through ``publisher publish`` into the embedded portal.

Generates the dataset on demand (the shipped dataset's own generator for a pool of distinct
decisions, tiled to the size asked with case numbers of their own; fixed seed) into a fresh
instance in a temporary folder, then times, each command in its own process:

1. ``publish`` (check, validate, de-identify and write the release; stops for approval),
2. ``approve`` and ``publish`` again (the sync: upload and DataStore load),
3. ``publish`` once more with nothing changed (the inputs fingerprint skips everything).

Prints per-stage seconds, wall time and the peak resident set of each process (``wait4``: the
process RSS, not Python's allocations), and the load average.

    python -m bench.e2e --rows 1000000 [--chunk-rows N] [--keep] [--baseline ../main]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
DATASET = "penalty-decisions"
POOL = 20_000


def _generator() -> Any:
    path = ROOT / "datasets" / DATASET / "generate.py"
    spec = importlib.util.spec_from_file_location("penalty_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate(folder: Path, rows: int) -> Path:
    """A datasets folder holding the penalty-decisions dataset with ``rows`` decisions."""
    from publisher import synth

    datasets = folder / "datasets"
    shutil.copytree(ROOT / "datasets" / DATASET, datasets / DATASET,
                    ignore=shutil.ignore_patterns("data", "__pycache__"))
    shutil.copy(ROOT / "datasets" / "bureau.yaml", datasets / "bureau.yaml")
    shutil.copytree(ROOT / "schemas", folder / "schemas")
    gen = _generator()
    gen.ROWS = min(POOL, rows)
    pool = gen.rows(random.Random(gen.SEED))
    data = datasets / DATASET / "data"
    data.mkdir(parents=True)
    shipped = (ROOT / "datasets" / DATASET / "data" / "decisions.csv").read_bytes()[:4096]
    encoding = "utf-8" if shipped.startswith(b"\xef\xbb\xbf") else "gbk"
    with (data / "decisions.csv").open("w", encoding=encoding, newline="") as handle:
        out = csv.writer(handle, lineterminator="\r\n")
        out.writerow(gen.HEADER)
        for i in range(rows):
            row = list(pool[i % len(pool)])
            row[0] = synth.doc_number("汕交罚", 2018, i + 1)
            out.writerow(["" if v is None else v for v in row])
    return datasets


def _command(env: dict[str, str], *argv: str, code: Path = ROOT) -> dict[str, Any]:
    """One command in a process of its own, with the publisher package of ``code``."""
    started = time.monotonic()
    env = {**env, "PYTHONPATH": str(code)}
    proc = subprocess.Popen([sys.executable, str(Path(__file__).with_name("worker.py")), *argv],
                            cwd=code, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    assert proc.stdout is not None and proc.stderr is not None
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    stages: list[tuple[Any, ...]] = []
    for line in out.splitlines():
        if line.startswith("STAGES "):
            stages = [tuple(s) for s in json.loads(line[7:])]
    if proc.returncode not in (0, 1):
        sys.stderr.write(err[-4000:])
    return {"argv": " ".join(argv), "code": proc.returncode, "wall": wall,
            "peak_rss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime,
            "stages": stages,
            "tail": [ln for ln in out.strip().splitlines() if ln.startswith("CODE ")][:1]
            + out.strip().splitlines()[-3:-1]}


def _show(label: str, result: dict[str, Any]) -> None:
    print(f"{label}: {result['wall']:.1f} s wall, {result['cpu']:.1f} s CPU, peak RSS "
          f"{result['peak_rss_mb']:.0f} MB, exit {result['code']}")
    for stage, seconds, *peak in result["stages"]:
        so_far = f"   peak RSS so far {peak[0]:5.0f} MB" if peak else ""
        print(f"    {stage:<32} {seconds:8.2f} s{so_far}")
    for line in result["tail"]:
        print(f"    | {line[:150]}")


def _steps(env: dict[str, str], code: Path) -> None:
    first = _command(env, "publish", DATASET, code=code)
    _show("publish (release built, awaiting approval)", first)
    _show("approve", _command(env, "approve", DATASET, "--by", "bench", code=code))
    second = _command(env, "publish", DATASET, code=code)
    _show("publish (sync to the embedded portal)", second)
    print(f"total publish: {first['wall'] + second['wall']:.1f} s wall, "
          f"{first['cpu'] + second['cpu']:.1f} s CPU, peak RSS "
          f"{max(first['peak_rss_mb'], second['peak_rss_mb']):.0f} MB")
    third = _command(env, "publish", DATASET, code=code)
    _show("publish unchanged", third)
    print(f"load average {os.getloadavg()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--chunk-rows", type=int, default=0,
                        help="rows per chunk (0: the reader's chunks)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="a checkout whose publisher runs the same steps first (before)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-e2e-"))
    try:
        started = time.monotonic()
        datasets = generate(folder, args.rows)
        size = (datasets / DATASET / "data" / "decisions.csv").stat().st_size
        print(f"generated {args.rows:,} rows ({size / 2**20:.0f} MB) in "
              f"{time.monotonic() - started:.0f} s; load average {os.getloadavg()}")
        base_env = {**os.environ, "PUBLISHER_DATASETS_DIR": str(datasets),
                    "PUBLISHER_SCHEMAS_DIR": str(folder / "schemas"),
                    "PUBLISHER_PSEUDONYM_KEY": "bench-e2e-key-0123456789abcdef",
                    "PUBLISHER_CHUNK_ROWS": str(args.chunk_rows),
                    "PUBLISHER_LOG_LEVEL": "INFO"}
        base_env.pop("PUBLISHER_PORTAL_URL", None)
        base_env.pop("PUBLISHER_DATABASE_URL", None)
        runs = [("baseline", args.baseline.resolve())] if args.baseline else []
        for label, code in [*runs, ("this checkout", ROOT)]:
            print(f"== {label}: {code}")
            instance = folder / ("var-" + label.replace(" ", "-"))
            env = {**base_env, "PUBLISHER_INSTANCE_DIR": str(instance)}
            _steps(env, code)
        print(f"load average {os.getloadavg()}")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
