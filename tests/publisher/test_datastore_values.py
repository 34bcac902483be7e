"""Values in the stewards' declared formats reach the DataStore typed: ISO dates, plain numbers."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from publisher.portal_map import datastore_fields, datastore_record

SCHEMA = {"fields": [
    {"name": "day", "type": "date", "format": "%Y/%m/%d"},
    {"name": "cn_day", "type": "date", "format": "%Y年%m月%d日"},
    {"name": "iso_day", "type": "date"},
    {"name": "any_day", "type": "date", "format": "any"},
    {"name": "stamp", "type": "datetime", "format": "%Y/%m/%d %H:%M"},
    {"name": "count", "type": "integer", "groupChar": ","},
    {"name": "fare", "type": "number", "groupChar": " ", "decimalChar": ","},
    {"name": "ok", "type": "boolean", "trueValues": ["是"], "falseValues": ["否"]},
]}


def test_declared_formats_become_iso_and_plain_numbers() -> None:
    kinds = {f["id"]: f["type"] for f in datastore_fields(SCHEMA)}
    assert kinds == {"day": "date", "cn_day": "date", "iso_day": "date", "any_day": "text",
                     "stamp": "timestamp", "count": "int8", "fare": "numeric", "ok": "bool"}
    record = datastore_record(SCHEMA)({
        "day": "2024/2/5", "cn_day": "2024年3月5日", "iso_day": "2024-01-02",
        "any_day": "5 March 2024", "stamp": "2024/2/5 8:05", "count": "1,234",
        "fare": "1 234,5", "ok": "是"})
    assert record == {"day": "2024-02-05", "cn_day": "2024-03-05", "iso_day": "2024-01-02",
                      "any_day": "5 March 2024", "stamp": "2024-02-05T08:05:00",
                      "count": "1234", "fare": "1234.5", "ok": True}


def test_empty_cells_are_null() -> None:
    record = datastore_record(SCHEMA)({"day": "", "count": "", "ok": ""})
    assert record == {"day": None, "count": None, "ok": None}


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_converted_dates_sort_as_the_dates_do(day: date) -> None:
    later = day + timedelta(days=9)
    convert = datastore_record(SCHEMA)
    texts = [f"{d.year}/{d.month}/{d.day}" for d in (day, later)]  # 2024/2/5: no zero padding
    iso = [convert({"day": t})["day"] for t in texts]
    assert iso == [day.isoformat(), later.isoformat()]
    assert sorted(iso) == iso


def test_declared_missing_values_are_null_and_signs_around_numbers_go() -> None:
    """One owner (publisher.canonical): "-" declared missing is NULL in a typed column and
    stays text in a text one; "5 per cent" under bareNumber false is 5, as frictionless reads."""
    schema = {"missingValues": ["", "-"], "fields": [
        {"name": "n", "type": "number", "bareNumber": False},
        {"name": "day", "type": "date", "format": "%Y/%m/%d"},
        {"name": "note", "type": "string"}]}
    convert = datastore_record(schema)
    assert convert({"n": "-", "day": "-", "note": "-"}) == {"n": None, "day": None, "note": "-"}
    assert convert({"n": "5 per cent", "day": "2024/2/5", "note": ""})["n"] == "5"
