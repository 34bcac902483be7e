"""Synthetic penalty-record CSVs with about 1% invalid cells (fixed seed, no real people)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from publisher import synth

VIOLATIONS = ("超载", "无证经营", "未按规定线路行驶", "超限运输", "拒绝检查")
DISTRICTS = ("城区", "海丰县", "陆河县", "陆丰市")
HEADER = ("decision_no,party_name,party_id,company,credit_code,plate,violation,fine,points,"
          "decided,district,paid,recorded\n")
#: (column, bad value) pairs: each breaks one rule frictionless knows.
BAD = ((7, "-50"), (8, "abc"), (9, "2018-02-30"), (10, "深圳市"), (11, "maybe"), (6, "其他"),
       (8, "15"), (7, "一百"), (12, "2018-02-30T10:00:00"), (12, "2018-01-01 25:00"))


def row(rng: random.Random, i: int) -> list[str]:
    area = rng.choice(list(synth.SHANWEI_AREAS))
    decided = date(2016, 1, 1) + timedelta(days=rng.randrange(3000))
    return [
        f"汕交罚〔{decided.year}〕{i}号", synth.person_name(rng),
        synth.resident_id(rng, area=area), synth.company_name(rng), synth.uscc(rng),
        synth.plate(rng), rng.choice(VIOLATIONS), f"{rng.randrange(0, 2000) * 100}",
        str(rng.randrange(0, 13)), decided.isoformat(), rng.choice(DISTRICTS),
        rng.choice(("true", "false")),
        # A datetime column (when the case was entered): frictionless's default form.
        f"{decided.isoformat()}T{rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:"
        f"{rng.randrange(60):02d}",
    ]


def generate(path: Path, rows: int, seed: int = 20261126, bad_rate: float = 0.01) -> Path:
    """Write ``rows`` records; about ``bad_rate`` of the rows get one invalid cell."""
    if path.exists() and path.stat().st_size > 0 and path.with_suffix(".ok").exists():
        return path
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        # Rows are drawn from a pool so that millions of rows take seconds, not minutes.
        pool = [row(rng, i) for i in range(20_000)]
        for i in range(rows):
            cells = list(pool[i % len(pool)])
            cells[0] = f"汕交罚〔{cells[9][:4]}〕{i}号"
            if rng.random() < bad_rate:
                column, value = rng.choice(BAD)
                cells[column] = value
            handle.write(",".join(cells) + "\n")
    path.with_suffix(".ok").touch()
    return path
