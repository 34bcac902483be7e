"""The plan's deadlines: working-day arithmetic, the rules, and one planted late case per rule."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.check import check, warnings
from publisher.check.deadlines import WARNING_CODES, is_warning
from publisher.dataset import Dataset, Disclosure, Resource
from publisher.deadlines import add_working_days, working_days_between
from publisher.findings import Finding
from publisher.vocabulary import load_vocabulary

from .conftest import DATASETS, NAMES, dataset

VOCABULARY = load_vocabulary(DATASETS / "bureau.yaml")

#: The planted late cases: dataset -> [(code, file row)].
PLANTED = {
    "normative-documents": [("gazette-late", 19), ("interpretation-late", 31)],
    "public-messages": [("reply-late", 1236)],
    "disclosure-requests": [("request-answer-late", 79)],
}


def add_workdays(start: date, n: int) -> date:
    return add_working_days(start, n)[0]


workdays_between = working_days_between


def test_spring_festival_2018_follows_the_official_calendar() -> None:
    # 2018-02-15..21 are holidays; Sunday 11 and Saturday 24 February are make-up working days.
    assert workdays_between(date(2018, 2, 9), date(2018, 2, 12)) == 2  # Sun 11th, Mon 12th
    assert workdays_between(date(2018, 2, 14), date(2018, 2, 22)) == 1  # only Thu 22nd
    assert add_workdays(date(2018, 2, 14), 2) == date(2018, 2, 23)
    assert add_workdays(date(2018, 2, 23), 1) == date(2018, 2, 24)  # a working Saturday


def test_outside_the_calendar_weekdays_count() -> None:
    assert workdays_between(date(2199, 1, 2), date(2199, 1, 9)) == 5


@settings(deadline=None)  # a property of the calendar, not of its speed on a busy machine
@given(start=st.dates(date(2016, 1, 1), date(2024, 12, 31)), n=st.integers(0, 60))
def test_add_and_count_are_inverse(start: date, n: int) -> None:
    end = add_workdays(start, n)
    assert workdays_between(start, end) == n
    assert n == 0 or workdays_between(start, end - timedelta(days=1)) == n - 1


@pytest.mark.parametrize("name", NAMES)
def test_planted_late_cases_are_the_only_warnings(name: str) -> None:
    found = warnings(dataset(name), VOCABULARY)
    assert [(f.code, f.row) for f in found] == PLANTED.get(name, [])


def test_there_is_a_planted_case_for_every_rule() -> None:
    assert sorted(code for cases in PLANTED.values() for code, _ in cases) == sorted(WARNING_CODES)


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_late_datasets_are_still_accepted(name: str) -> None:
    assert check(dataset(name), VOCABULARY) == []


def test_warnings_carry_no_personal_values() -> None:
    for name in PLANTED:
        for finding in warnings(dataset(name), VOCABULARY):
            assert set(finding.params) == {"start", "end", "elapsed", "limit", "unit", "unit_zh"}
            assert is_warning(finding)
            assert finding.message("zh") and finding.message("en")


def _tiny(tmp_path: Path, rule: dict[str, Any], rows: list[str]) -> Dataset:
    path = tmp_path / "t.csv"
    path.write_text("\n".join(["received,answered,limit,extended", *rows]) + "\n",
                    encoding="utf-8")
    schema = {"fields": [{"name": n, "type": "string"}
                         for n in ("received", "answered", "limit", "extended")],
              "deadlines": [rule]}
    resource = Resource(name="t", path=path, format="csv", schema_ref="t.json", schema=schema)
    return Dataset(name="t", folder=tmp_path, title="t", description="",
                   disclosure=Disclosure("proactive"), department="办公室",
                   catalogue_column="政民互动", openness="结果", update_frequency="P1M",
                   review="required", resources=(resource,))


REQUEST = {"code": "request-answer-late", "start": "received", "end": "answered", "limit": 20,
           "unit": "workdays", "extensionField": "extended", "extension": 20}


def test_extension_and_open_cases(tmp_path: Path) -> None:
    ds = _tiny(tmp_path, REQUEST, [
        "2018-03-01,2018-04-10,,否",   # 27 working days, not extended: late
        "2018-03-01,2018-04-10,,是",   # extended to 40: in time
        "2018-03-01,,,否",             # not answered yet: nothing to say
        "not a date,2018-04-10,,否",   # validation's finding, not a deadline's
    ])
    assert [(f.code, f.row, f.params["elapsed"]) for f in warnings(ds, VOCABULARY)] == [
        ("request-answer-late", 2, 27)]


def test_limit_from_a_column(tmp_path: Path) -> None:
    rule = {"code": "reply-late", "start": "received", "end": "answered",
            "limitField": "limit", "unit": "workdays"}
    ds = _tiny(tmp_path, rule, ["2018-03-01,2018-03-09,5,", "2018-03-01,2018-03-09,7,",
                                "2018-03-01,2018-03-09,x,"])
    assert [f.row for f in warnings(ds, VOCABULARY)] == [2]


@pytest.mark.parametrize("rule", [
    {**REQUEST, "code": "too-late"},
    {**REQUEST, "unit": "weeks"},
    {**REQUEST, "limit": "20"},
    {**REQUEST, "limit": None},
    {**REQUEST, "extension": True},
    {**REQUEST, "start": ""},
    {**REQUEST, "extensionField": "nowhere"},
    "gazette-late",
])
def test_malformed_rules_refuse(tmp_path: Path, rule: Any) -> None:
    ds = _tiny(tmp_path, rule, ["2018-03-01,2018-04-10,,否"])
    found: list[Finding] = check(ds, VOCABULARY)
    assert [f.code for f in found] == ["deadline-rule-invalid"]
    assert warnings(ds, VOCABULARY) == []
