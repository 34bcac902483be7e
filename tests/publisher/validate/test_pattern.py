"""``pattern`` keeps Python's ``re`` semantics although RE2 does most of the matching."""

from __future__ import annotations

import pytest

from tests.publisher.validate.helpers import dataset_of, engine_triples, frictionless_triples

CELLS = ["汕交罚〔2018〕12号", "汕交罚〔２０１８〕12号", "汕交罚〔2018〕号", "x\n", "a_b", "é", "٣"]


@pytest.mark.parametrize("pattern", [
    "汕交罚〔\\d{4}〕\\d+号",  # positive Unicode class: RE2 match, else re
    "[^0-9]+",               # negated set: RE2 on printable ASCII only
    "\\D+",                  # negative class
    "\\w+",
    "x",                     # $ before a final newline matches in Python
    "(?P<a>a)_(?P=a)|é|٣",   # a back-reference RE2 cannot compile
])
def test_pattern_agrees_with_frictionless(tmp_path, pattern):
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        import csv

        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["s"])
        writer.writerows([[c] for c in CELLS])
    schema = {"fields": [{"name": "s", "type": "string", "constraints": {"pattern": pattern}}]}
    dataset = dataset_of(tmp_path, [("t", path, schema)])
    assert engine_triples(dataset) == frictionless_triples(dataset)
