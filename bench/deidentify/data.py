"""The benchmark's synthetic files: a penalty-like table and public messages, written once to
bench/out/ and reused. Rows are drawn from a pool of distinct rows (fixed seed) and repeated to
the size asked for, because generating a million distinct rows in Python takes minutes."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pandas as pd

from publisher import synth
from publisher.dataset import Dataset, Disclosure, Resource

OUT = Path(__file__).resolve().parent.parent / "out"
POOL = 50_000
#: Share of messages without any personal identifier (route and timetable questions).
PLAIN_SHARE = 0.5
PLAIN = ("{route}班次太少，早高峰等车超过{n}分钟，建议增加车辆。",
         "{route}公交车空调不制冷，希望{company}尽快维修。",
         "请问{route}首末班时间是几点？咨询电话{hotline}打不通。",
         "{date}{route}改道后站牌没有更新，给市民出行带来不便。",
         "建议在汕尾大道增设公交站点，方便附近居民乘坐{route}。")


def _field(name: str, category: str | None = None, action: str | None = None,
           **params: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": "string"}
    if category:
        out["privacy"] = {"category": category, "action": action, "basis": "bench", **params}
    return out


PENALTY_SCHEMA = {"fields": [
    _field("case_number"),
    _field("party_name", "person_name", "keep", keepUnder=["punishment_disclosure"]),
    _field("id_number", "id_number", "pseudonymize"),
    _field("phone", "phone", "mask"),
    _field("plate", "plate", "mask"),
    _field("address", "address", "generalize", level="district"),
    _field("birth_date", "birth_date", "generalize", level="year"),
    _field("facts", "free_text", "redact"),
    _field("company", "org_name", "keep"),
    _field("credit_code", "credit_code", "keep"),
]}
MESSAGE_SCHEMA = {"fields": [_field("id"), _field("received"),
                             _field("content", "free_text", "redact")]}


def penalty_row(rng: random.Random) -> dict[str, str]:
    name = synth.person_name(rng)
    street, _ = synth.address(rng)
    return {
        "case_number": synth.case_number(rng),
        "party_name": name,
        "id_number": synth.written_id(rng),
        "phone": synth.written_phone(rng),
        "plate": synth.written_plate(rng),
        "address": street,
        "birth_date": synth.birth_date(rng).isoformat(),
        "facts": f"当事人{name}驾驶{synth.written_plate(rng)}未按规定超限运输，依据"
                 f"{synth.case_number(rng)}处罚，联系电话{synth.written_phone(rng)}。",
        "company": synth.company_name(rng),
        "credit_code": synth.uscc(rng),
    }


def message(rng: random.Random) -> str:
    if rng.random() < PLAIN_SHARE:
        return rng.choice(PLAIN).format(route=synth.route(rng), n=rng.randrange(10, 60),
                                        company=synth.company_name(rng),
                                        hotline=rng.choice(synth.HOTLINES),
                                        date=synth.event_date(rng))
    return synth.public_message(rng)[0]


def _tiled(rows: list[dict[str, str]], n: int) -> pd.DataFrame:
    pool = pd.DataFrame(rows, dtype=object)
    return pd.concat([pool] * (n // len(pool) + 1), ignore_index=True).head(n)


def frame(kind: str, n: int) -> pd.DataFrame:
    """The ``penalty`` or ``messages`` table with ``n`` rows, from bench/out/ when present."""
    path = OUT / f"{kind}-{n}.csv"
    if path.is_file():
        return pd.read_csv(path, dtype=str, keep_default_na=False).astype(object)
    rng = random.Random(4)
    pool = min(POOL, n)
    if kind == "penalty":
        df = _tiled([penalty_row(rng) for _ in range(pool)], n)
    else:
        df = _tiled([{"id": str(i), "received": synth.event_date(rng), "content": message(rng)}
                     for i in range(pool)], n)
        df["id"] = [str(i) for i in range(n)]
    OUT.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False)
    return df


def dataset(kind: str) -> Dataset:
    schema = PENALTY_SCHEMA if kind == "penalty" else MESSAGE_SCHEMA
    name = "decisions" if kind == "penalty" else "messages"
    resource = Resource(name=name, path=OUT / f"{kind}.csv", format="csv",
                        schema_ref="<inline>", schema=schema)
    return Dataset(name=f"bench-{kind}", folder=OUT, title="bench", description="",
                   disclosure=Disclosure("proactive", exemption="punishment_disclosure"),
                   department="", catalogue_column="", openness="", update_frequency="",
                   review="required", resources=(resource,))
