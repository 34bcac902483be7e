"""Where frictionless's verdict is an accident of Python's parsing, we keep its verdict on its
codes and add our own finding beside it (docs/validation.md, "Divergences"). Each is pinned here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.validate import validate
from tests.publisher.validate.helpers import dataset_of, engine_triples, frictionless_triples


def _both(tmp_path: Path, text: str, schema: dict) -> tuple[set, set, set]:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    dataset = dataset_of(tmp_path, [("t", path, schema)])
    ours = engine_triples(dataset)["t"]
    theirs = frictionless_triples(dataset)["t"]
    everything = {(f.row, f.field, f.code) for r in validate(dataset).resources
                  for f in r.findings}
    return ours, theirs, everything


INTEGER = {"fields": [{"name": "n", "type": "integer"}]}
DATE = {"fields": [{"name": "d", "type": "date"}]}


@pytest.mark.parametrize(("text", "schema", "ours_only"), [
    ("n\n1_000\n", INTEGER, {(2, "n", "nonstandard-number")}),      # accepted by int()
    ("n\n١٢\n", INTEGER, {(2, "n", "nonstandard-number")}),          # Arabic-Indic digits
    ("n\n１２３\n", INTEGER, {(2, "n", "fullwidth-digits")}),         # full-width digits
    ("n\n 7 \n", INTEGER, {(2, "n", "stray-whitespace")}),          # int() strips spaces
    ("d\n 2020-01-01\n", DATE, {(2, "d", "stray-whitespace")}),     # strptime rejects it
    ("d\n２０２０-01-01\n", DATE, {(2, "d", "fullwidth-digits")}),   # strptime accepts it
])
def test_frictionless_verdict_is_kept_and_ours_is_added(tmp_path, text, schema, ours_only):
    ours, theirs, everything = _both(tmp_path, text, schema)
    assert ours == theirs
    assert everything == theirs | ours_only


def test_normalize_opt_in_fixes_cells_before_checking(tmp_path):
    schema = {"fields": [{"name": "n", "type": "integer"}],
              "normalize": ["fullwidth-digits", "whitespace"]}
    path = tmp_path / "t.csv"
    path.write_text("n\n１２３\n 7 \n", encoding="utf-8")
    result = validate(dataset_of(tmp_path, [("t", path, schema)]))
    assert result.valid


def test_empty_line_with_missing_values_without_empty_string(tmp_path):
    """An empty line is a blank row for frictionless whatever missingValues say; pyarrow gives
    us empty cells, which are values when "" is not a missing value: a documented divergence."""
    schema = {"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}],
              "missingValues": ["NA"]}
    ours, theirs, _ = _both(tmp_path, "a,b\n1,x\n\n2,y\n", schema)
    assert theirs == {(3, None, "blank-row")}
    assert ours == {(3, "a", "type-error")}
