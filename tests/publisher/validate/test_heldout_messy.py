"""The held-out corpus of messy steward files (tests/data/validate_heldout), written by someone
who had not read the validator: every file's findings must equal the set its sidecar plants,
except where a divergence below says why, each one a decision shared with frictionless or
documented in docs/validation.md.

Label findings (incorrect-label, duplicate-label, extra-label) have no row in frictionless's
reports, nor in ours; the sidecars put them on the header row, so they are compared without it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from publisher.validate import validate
from tests.publisher.validate.helpers import FRICTIONLESS_CODES, Triple, dataset_of

CORPUS = Path(__file__).resolve().parents[2] / "data" / "validate_heldout"
LABELS = {"incorrect-label", "duplicate-label", "extra-label", "missing-label", "blank-label"}
SIDECARS = sorted(CORPUS.glob("*.expect.json"))
FULLWIDTH = "full-width digits: frictionless accepts them, we report fullwidth-digits"

#: file -> (triples the sidecar expects that we do not report, triples we add, why).
DIVERGENCES: dict[str, tuple[set[Triple], set[Triple], str]] = {
    "13_passenger_gb18030_over_1mb.csv": ({(25593, "passengers", "type-error")}, set(),
                                          FULLWIDTH),
    "34_passenger_gb18030_over_1mb_undeclared.csv": (
        {(25593, "passengers", "type-error")}, set(), FULLWIDTH),
    "21_passenger_numbers_as_typed.csv": (
        {(5, "passengers", "type-error"), (17, "revenue", "type-error"),
         (19, "on_time_rate", "type-error")}, set(), FULLWIDTH),
    "22_budget_numbers_as_typed.csv": ({(12, "completion_rate", "type-error")}, set(),
                                       FULLWIDTH),
    "20_passenger_dates_as_typed.csv": (
        {(15, "date", "type-error")}, set(),
        "2024-3-5 in a default-format date: frictionless's strptime accepts it, so do we"),
    "23_passenger_comments_blank_rows.csv": (
        set(), {(17, None, "primary-key"), (25, None, "primary-key"), (37, None, "primary-key")},
        "a blank row's key is entirely missing: frictionless reports primary-key, so do we"),
    "07_penalty_trailing_empty_columns.csv": (
        set(), {(None, None, "extra-label")},
        "Excel's trailing empty columns are unnamed labels: frictionless's extra-label, the "
        "sidecar's listed alternative"),
    "33_penalty_id_as_number.xlsx": (
        {(12, "id_number", "type-error")}, {(12, "id_number", "constraint-error")},
        "an 18-digit ID stored as a number: frictionless calls any number in a string field a "
        "type-error; we read it as Excel holds it (15 digits), so its pattern fails, and name "
        "the cause (number-lost-digits)"),
}
#: Our own codes each divergent file must carry instead.
OURS: dict[str, set[str]] = {
    "13_passenger_gb18030_over_1mb.csv": {"fullwidth-digits"},
    "34_passenger_gb18030_over_1mb_undeclared.csv": {"fullwidth-digits"},
    "21_passenger_numbers_as_typed.csv": {"fullwidth-digits"},
    "22_budget_numbers_as_typed.csv": {"fullwidth-digits"},
    "33_penalty_id_as_number.xlsx": {"number-lost-digits", "check-digit"},
}


def _unlabelled(triples: set[Triple]) -> set[Triple]:
    return {(None if code in LABELS else row, fld, code) for row, fld, code in triples}


def _ours(expect: dict[str, Any], tmp: Path) -> tuple[set[Triple], set[str]]:
    path = CORPUS / expect["file"]
    schema = json.loads((CORPUS / expect["schema"]).read_text(encoding="utf-8"))
    descriptor: dict[str, Any] = {"dialect": expect.get("dialect") or {}}
    if expect.get("encoding"):
        descriptor["encoding"] = expect["encoding"]
    dataset = dataset_of(tmp, [("t", path, schema)])
    resource = replace(dataset.resources[0], descriptor=descriptor,
                       format=expect.get("format") or dataset.resources[0].format,
                       encoding=expect.get("encoding"))
    result = validate(replace(dataset, resources=(resource,)))
    assert not result.findings, [f.to_dict("en") for f in result.findings]
    findings = result.resources[0].findings
    return ({(f.row, f.field or None, f.code) for f in findings if f.code in FRICTIONLESS_CODES},
            {f.code for f in findings} - FRICTIONLESS_CODES)


def test_the_corpus_is_there() -> None:
    assert len(SIDECARS) >= 30


@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.name.split("_")[0])
def test_heldout_file(sidecar: Path, tmp_path: Path) -> None:
    expect = json.loads(sidecar.read_text(encoding="utf-8"))
    planted: set[Triple] = (set() if expect["errors"] == "none"
                            else {(e[0], e[1], e[2]) for e in expect["errors"]})
    missing, added, _why = DIVERGENCES.get(expect["file"], (set(), set(), ""))
    want = (_unlabelled(planted) - missing) | added
    got, own = _ours(expect, tmp_path)
    assert _unlabelled(got) == want
    assert OURS.get(expect["file"], set()) <= own
