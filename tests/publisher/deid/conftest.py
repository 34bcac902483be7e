"""A penalty-like test dataset written to a folder, and planted identifiers.

Tests reach these helpers through the ``kit`` fixture (this module), which works under every
pytest import mode.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd
import pytest

from publisher import synth
from publisher.dataset import Dataset
from publisher.load import load


def _field(name: str, category: str | None = None, action: str | None = None,
           **params: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "type": "string"}
    if category:
        out["privacy"] = {"category": category, "action": action, "basis": "test", **params}
    return out


def schema(k: int = 1, on_violation: str = "fail") -> dict[str, Any]:
    return {
        "fields": [
            _field("case_number"),
            _field("party_name", "person_name", "keep", keepUnder=["punishment_disclosure"]),
            _field("contact_name", "person_name", "mask"),
            _field("id_number", "id_number", "pseudonymize"),
            _field("phone", "phone", "mask"),
            _field("plate", "plate", "mask"),
            _field("address", "address", "generalize", level="district"),
            _field("birth_date", "birth_date", "generalize", level="year"),
            _field("email", "email", "suppress"),
            _field("bank_card", "bank_card", "drop"),
            _field("facts", "free_text", "redact"),
            _field("company", "org_name", "keep"),
            _field("credit_code", "credit_code", "keep"),
        ],
        "kAnonymity": {"quasiIdentifiers": ["address"], "k": k, "onViolation": on_violation},
    }


def row(rng: random.Random) -> dict[str, str]:
    name = synth.person_name(rng)
    street, _ = synth.address(rng)
    return {
        "case_number": synth.case_number(rng),
        "party_name": synth.person_name(rng),
        "contact_name": name,
        "id_number": synth.written_id(rng),
        "phone": synth.written_phone(rng),
        "plate": synth.written_plate(rng),
        "address": street,
        "birth_date": synth.birth_date(rng).isoformat(),
        "email": synth.email(rng),
        "bank_card": synth.bank_card(rng),
        "facts": f"当事人{name}驾驶{synth.written_plate(rng)}超限运输，联系电话"
                 f"{synth.written_phone(rng)}，身份证号{synth.written_id(rng)}，住"
                 f"{street.split('汕尾市')[-1]}，依据{synth.case_number(rng)}处罚。",
        "company": synth.company_name(rng),
        "credit_code": synth.uscc(rng),
    }


def table(n: int, seed: int = 1) -> pd.DataFrame:
    rng = random.Random(seed)
    return pd.DataFrame([row(rng) for _ in range(n)], dtype=object)


def write_dataset(root: Path, df: pd.DataFrame, k: int = 1, on_violation: str = "fail",
                  exemption: str = "punishment_disclosure") -> Dataset:
    """datasets/penalty-test with one resource ``decisions``; returns the loaded Dataset."""
    folder = root / "datasets" / "penalty-test"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (root / "schemas").mkdir(parents=True, exist_ok=True)
    (root / "schemas" / "penalty-test.json").write_text(
        json.dumps(schema(k, on_violation), ensure_ascii=False), encoding="utf-8")
    df.to_csv(folder / "data" / "decisions.csv", index=False, encoding="utf-8")
    (folder / "datapackage.yaml").write_text(
        "name: penalty-test\ntitle: 测试处罚\ndisclosure:\n  attribute: proactive\n"
        f"  basis: test\n  exemption: '{exemption}'\ndepartment: 执法局\n"
        "catalogue: {column: 行政执法, openness: 结果}\nupdate_frequency: P1M\n"
        "resources:\n  - name: decisions\n    path: data/decisions.csv\n"
        "    schema: penalty-test.json\n", encoding="utf-8")
    loaded = load(root / "datasets", "penalty-test", root / "schemas")
    assert loaded.dataset is not None, loaded.findings
    return loaded.dataset


def digits(value: str) -> str:
    return "".join(ch for ch in value.translate(str.maketrans("０１２３４５６７８９",
                                                               "0123456789")) if ch.isdigit())


def released_text(tables: dict[str, pd.DataFrame]) -> str:
    return "\n".join(df.to_csv(index=False) for df in tables.values())


@pytest.fixture
def kit() -> ModuleType:
    """This module: ``kit.table(n)``, ``kit.write_dataset(...)``, ``kit.digits(...)``."""
    return sys.modules[__name__]
