"""A large penalty-decisions dataset through ``publisher publish`` into the embedded portal.

Generates the dataset on demand (the shipped dataset's own generator for a pool of distinct
decisions, tiled to the size asked with case numbers of their own; fixed seed) into a fresh
instance in a temporary folder. With ``--distinct`` every natural person's row gets a name, a
phone and an ID number of its own (in its columns and in its facts text), as a real register has:
the dataset-wide facts then grow with the rows, which the tiled pool never shows. Then times,
each command in its own process:

1. ``publish`` (check, validate, de-identify and write the release; stops for approval),
2. ``approve`` and ``publish`` again (the sync: upload and DataStore load),
3. ``publish`` once more with nothing changed (the inputs fingerprint skips everything).

Prints per-stage seconds, wall time and the peak resident set of each process (``wait4``: the
process RSS, not Python's allocations), and the load average.

    python -m bench.e2e --rows 1000000 [--distinct] [--release-only] [--chunk-rows N] [--keep]
        [--baseline ../main]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
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


def _permutation(size: int) -> Callable[[int], int]:
    """A fixed bijection of range(size) (an affine map with a multiplier prime to size)."""
    step = 2_654_435_761 % size or 1
    while math.gcd(step, size) != 1:
        step += 1
    offset = size * 7 // 13
    return lambda i: (i * step + offset) % size


class _Distinct:
    """A person name, mobile and resident ID number of its own for each row number, in the
    formats of ``publisher.synth`` (synthetic; surname and given-name characters from its lists,
    a valid check character). Row numbers map to values by fixed bijections, so no two rows
    share one and nothing needs remembering."""

    def __init__(self, seed: int) -> None:
        from publisher import synth

        self.synth = synth
        self.rng = random.Random(seed)
        self.surnames = list(dict.fromkeys(synth.SURNAMES))
        self.given = list(dict.fromkeys(synth.GIVEN))
        s, g = len(self.surnames), len(self.given)
        self.two = s * g * g  # two-character given names first, then three
        self.name_of = [_permutation(self.two), _permutation(s * g ** 3)]
        self.first_day = date(1950, 1, 1)
        days = (date(2004, 12, 31) - self.first_day).days
        self.id_of = _permutation(days * 1000)
        self.phone_of = _permutation(10 ** 8)
        self.areas = list(synth.SHANWEI_AREAS)

    def name(self, i: int) -> str:
        size = 2 if i < self.two else 3
        j = self.name_of[size - 2](i if size == 2 else i - self.two)
        j, surname = divmod(j, len(self.surnames))
        given = ""
        for _ in range(size):
            j, k = divmod(j, len(self.given))
            given += self.given[k]
        return self.surnames[surname] + given

    def phone(self, i: int) -> str:
        return self.rng.choice(self.synth.MOBILE_PREFIXES) + f"{self.phone_of(i):08d}"

    def id_number(self, i: int) -> str:
        day, seq = divmod(self.id_of(i), 1000)
        born = self.first_day + timedelta(days=day)
        body = f"{self.rng.choice(self.areas)}{born:%Y%m%d}{seq:03d}"
        return body + self.synth.resident_id_check(body)


def generate(folder: Path, rows: int, distinct: bool = False) -> Path:
    """A datasets folder holding the penalty-decisions dataset with ``rows`` decisions; with
    ``distinct`` each natural person's name, phone and ID number are the row's own."""
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
    own = _Distinct(gen.SEED + 1) if distinct else None
    person = gen.HEADER.index("person_name"), gen.HEADER.index("id_number")
    phone, facts = gen.HEADER.index("phone"), gen.HEADER.index("facts")
    with (data / "decisions.csv").open("w", encoding=encoding, newline="") as handle:
        out = csv.writer(handle, lineterminator="\r\n")
        out.writerow(gen.HEADER)
        for i in range(rows):
            row = list(pool[i % len(pool)])
            row[0] = synth.doc_number("汕交罚", 2018, i + 1)
            if own is not None and row[person[0]]:  # a natural person: the party's own values
                text = str(row[facts])
                for column, value in ((person[0], own.name(i)), (person[1], own.id_number(i)),
                                      (phone, own.phone(i))):
                    text = text.replace(str(row[column]), value)
                    row[column] = value
                row[facts] = text
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


def _steps(env: dict[str, str], code: Path, release_only: bool = False) -> None:
    first = _command(env, "publish", DATASET, code=code)
    _show("publish (release built, awaiting approval)", first)
    if release_only:
        return
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
    parser.add_argument("--distinct", action="store_true",
                        help="a name, phone and ID number of its own for each natural person's "
                             "row (the facts grow with the rows)")
    parser.add_argument("--release-only", action="store_true",
                        help="stop after the first publish (the release build)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary instance")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="a checkout whose publisher runs the same steps first (before)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-e2e-"))
    try:
        started = time.monotonic()
        datasets = generate(folder, args.rows, args.distinct)
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
            _steps(env, code, args.release_only)
        print(f"load average {os.getloadavg()}")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
