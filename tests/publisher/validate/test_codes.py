"""Each finding code, triggered by a small file of its own in tests/data/validate/.

Frictionless's codes must also be what frictionless reports on the same file; our own codes
(check-digit, stray-whitespace, fullwidth-digits) are checked alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.publisher.validate.helpers import (
    FRICTIONLESS_CODES,
    dataset_of,
    engine_triples,
    frictionless_triples,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "validate"
CASES = json.loads((DATA / "cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_code_is_triggered_by_its_file(name):
    case = CASES[name]
    dataset = dataset_of(DATA, [(name, DATA / f"{name}.csv", case["schema"])])
    from publisher.validate import validate

    result = validate(dataset)
    found = {(f.row, f.field or None, f.code) for r in result.resources for f in r.findings}
    assert found == {tuple(x) for x in case["expected"]}
    if all(code in FRICTIONLESS_CODES for _, _, code in case["expected"]):
        assert engine_triples(dataset) == frictionless_triples(dataset)
