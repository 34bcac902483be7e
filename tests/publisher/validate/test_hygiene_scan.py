"""The byte-level hygiene scans find exactly the cells their regular expressions describe."""

from __future__ import annotations

import re

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.validate import hygiene
from publisher.validate.context import Table
from publisher.validate.engine import _chunk, _fields

PIECES = ["1", "12", "4.41521E+17", "4e17", "+1e5", "-2.5E-3", "2020-01-01", "2020-01-01T10:00:00",
          " ", "\u3000", "\u00a0", "\t", "１２", "abc", "e", ".", "E+", "X", "号", "-", ""]
CELLS = st.lists(st.sampled_from(PIECES), max_size=3).map("".join)
TYPES = ["string", "integer", "number", "date", "datetime", "boolean", "year"]


def _expected(kind: str, cells: list[str]) -> set[tuple[int, str]]:
    out: set[tuple[int, str]] = set()
    for row, cell in enumerate(cells, start=2):
        if cell == "":
            continue
        if re.search("^[\\s\u00a0\u3000]|[\\s\u00a0\u3000]$", cell):
            out.add((row, "stray-whitespace"))
        if kind != "string" and re.search("[\uff10-\uff19]", cell):
            out.add((row, "fullwidth-digits"))
        if kind == "string" and re.fullmatch(r"[+-]?[0-9](\.[0-9]+)?[eE]\+?[0-9]+", cell):
            out.add((row, "number-lost-digits"))
    return out


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(TYPES), st.lists(CELLS, min_size=1, max_size=30))
def test_scans_agree_with_the_regexes(kind: str, cells: list[str]) -> None:
    schema = {"fields": [{"name": "a", "type": kind}]}
    table = Table("d", "r", _fields(schema, ["a"]), schema)
    raw = type("Raw", (), {"columns": [pa.array(cells, pa.string())], "first_row": 2,
                           "widths": None, "__len__": lambda self: len(cells)})()
    chunk = _chunk(table, raw)
    found = {(f.row, f.code) for f in hygiene.check(table, chunk)
             if f.code != "nonstandard-number"}
    # A blank row (the only cell empty) is not looked at; the regexes above skip it too.
    assert found == _expected(kind, cells)
