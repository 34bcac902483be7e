"""``pattern`` keeps Python's ``re`` semantics although RE2 does most of the matching."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


FIXED = ["\\d{17}[\\dX]", "[0-9A-HJ-NP-RTUWXY]{2}\\d{6}[0-9A-HJ-NP-RTUWXY]{10}", "[^a]b.",
         "\\w\\s\\S\\W\\D", "a{3}", "x", "号\\d", "[^\\d]{2}"]
PIECES = ["1", "7", "X", "x", "a", "b", "A", "I", "Z", " ", "\t", "\n", "_", "-", "１", "٣", "é",
          "号", "\x1c"]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(FIXED), st.lists(st.lists(st.sampled_from(PIECES), max_size=20).map(
    "".join), min_size=1, max_size=20))
def test_fixed_width_patterns_keep_python_semantics(pattern: str, cells: list[str]) -> None:
    import pyarrow as pa

    from publisher.validate.cast import Caster
    from publisher.validate.constraints.pattern import _fixed, check
    from publisher.validate.context import FieldInfo

    assert _fixed(f"^{pattern}$") is not None
    desc = {"name": "s", "type": "string"}
    fld = FieldInfo("s", 1, desc, Caster(desc, [""]))
    cells = [c for c in cells if c]
    if not cells:
        return
    cast = fld.caster.cast(pa.array(cells, pa.string()))
    bad = check(fld, pattern, cast, None)
    compiled = re.compile(f"^{pattern}$")
    assert list(bad) == [compiled.match(c) is None for c in cells]


def test_patterns_of_varying_width_are_not_fixed() -> None:
    from publisher.validate.constraints.pattern import _fixed

    for pattern in ["\\d+", "a|b", "(ab)", "\\d{1,2}", "(?i)a", "\\bx"]:
        assert _fixed(f"^{pattern}$") is None
