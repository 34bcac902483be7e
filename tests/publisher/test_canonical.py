"""Opt-in normalisation: values in declared forms are released in the Table Schema defaults,
each reading back to the same typed value, and the release validates against its own schema."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from frictionless import Resource as FlResource
from frictionless import Schema
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from publisher import canonical
from publisher.dataset import Dataset, Disclosure, Resource
from publisher.release import ReleaseInfo, ReleaseWriter
from publisher.validate.engine import validate_resource

DATE_PATTERNS = ["%Y/%m/%d", "%Y年%m月%d日", "%d.%m.%Y", "%Y%m%d", "%m/%d/%Y"]
DATETIME_PATTERNS = ["%Y/%m/%d %H:%M", "%Y年%m月%d日 %H时%M分%S秒", "%Y-%m-%d %H:%M:%S.%f",
                     "%Y/%m/%d %H:%M:%S%z"]
TIME_PATTERNS = ["%H时%M分", "%H.%M.%S"]
MISSING = ["", "-", "无"]


def _read(schema: dict[str, Any], name: str, text: str) -> Any:
    """frictionless's typed value of one cell under a schema (None: missing or unreadable)."""
    value, notes = Schema.from_descriptor(schema).get_field(name).read_cell(text)
    return None if notes else value


def _roundtrip(fld: dict[str, Any], text: str, missing: list[str] | None = None) -> None:
    schema: dict[str, Any] = {canonical.OPT_IN: True, "fields": [{"name": "v", **fld}]}
    if missing is not None:
        schema["missingValues"] = missing
    before = _read(schema, "v", text)
    assume(before is not None or text in (missing or [""]))  # released cells were valid
    plan = canonical.plan(schema, ["v"])
    assert plan is not None
    out = plan.apply(pd.DataFrame({"v": [text]}, dtype="string"))["v"].fillna("").iloc[0]
    released = canonical.released_schema(schema, plan)
    assert released["fields"][0].keys() <= {"name", "type", "constraints"}
    assert "missingValues" not in released and canonical.OPT_IN not in released
    after = _read(released, "v", out)
    if isinstance(before, Decimal) and before.is_nan():
        assert isinstance(after, Decimal) and after.is_nan()
    else:
        assert after == before and type(after) is type(before)
    if before is None:
        assert out == ""


@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)),
       st.sampled_from(DATE_PATTERNS), st.booleans())
def test_dates_in_declared_patterns_become_iso(day: date, pattern: str, unpadded: bool) -> None:
    text = day.strftime(pattern)
    if unpadded and pattern == "%Y/%m/%d":
        text = f"{day.year}/{day.month}/{day.day}"  # Excel's 2024/2/5
    _roundtrip({"type": "date", "format": pattern}, text)


@given(st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)),
       st.sampled_from(DATETIME_PATTERNS),
       st.sampled_from([UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5))]))
def test_datetimes_in_declared_patterns_become_iso(moment: datetime, pattern: str,
                                                   zone: timezone) -> None:
    text = moment.replace(tzinfo=zone).strftime(pattern)
    _roundtrip({"type": "datetime", "format": pattern}, text)


@given(st.times(), st.sampled_from(TIME_PATTERNS))
def test_times_in_declared_patterns_become_iso(moment: Any, pattern: str) -> None:
    _roundtrip({"type": "time", "format": pattern}, moment.strftime(pattern))


def _grouped(digits: str, group: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return group.join(parts)


@st.composite
def numbers(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    value = draw(st.decimals(min_value=-10**12, max_value=10**12, places=draw(
        st.integers(0, 4)), allow_nan=False, allow_infinity=False))
    group = draw(st.sampled_from(["", ",", " ", "'", "."]))
    point = draw(st.sampled_from([p for p in (".", ",") if p != group]))
    bare = draw(st.booleans())
    sign, body = ("-", str(-value)) if value < 0 else ("", str(value))
    whole, _, frac = body.partition(".")
    text = sign + _grouped(whole, group) + (point + frac if frac else "")
    if not bare:
        text = draw(st.sampled_from(["", "¥", "约"])) + text + draw(
            st.sampled_from(["", "%", "元", " 万元"]))
    fld: dict[str, Any] = {"type": "number"}
    if group:
        fld["groupChar"] = group
    if point != ".":
        fld["decimalChar"] = point
    if not bare:
        fld["bareNumber"] = False
    if len(fld) == 1:
        fld["groupChar"] = ","  # declared, though this cell has none
    return fld, text


@given(numbers())
def test_numbers_in_declared_forms_become_plain(case: tuple[dict[str, Any], str]) -> None:
    _roundtrip(*case)


@given(st.integers(-10**15, 10**15), st.sampled_from(["¥", "", "第"]),
       st.sampled_from(["%", "人", "元"]))
def test_integers_with_signs_around_become_plain(value: int, before: str, after: str) -> None:
    _roundtrip({"type": "integer", "bareNumber": False}, f"{before}{value}{after}")


@given(st.sampled_from([(["是"], ["否"]), (["Y", "y"], ["N", "n"]), (["有"], ["无", "没有"])]),
       st.data())
def test_booleans_with_declared_values_become_true_false(values: Any, data: Any) -> None:
    true, false = values
    text = data.draw(st.sampled_from(true + false))
    _roundtrip({"type": "boolean", "trueValues": true, "falseValues": false}, text)


@given(st.sampled_from(["date", "number", "boolean", "string", "integer"]),
       st.sampled_from(MISSING))
def test_declared_missing_values_become_empty(kind: str, text: str) -> None:
    _roundtrip({"type": kind}, text, MISSING)


def test_constraints_are_read_in_the_released_form() -> None:
    schema = {canonical.OPT_IN: True, "fields": [
        {"name": "day", "type": "date", "format": "%Y/%m/%d",
         "constraints": {"minimum": "2020/1/1", "maximum": "2030/12/31"}},
        {"name": "fare", "type": "number", "groupChar": ",",
         "constraints": {"enum": ["1,000", "2,000"], "minimum": 0}}]}
    released = canonical.released_schema(schema, canonical.plan(schema, ["day", "fare"]))
    assert [f["constraints"] for f in released["fields"]] == [
        {"minimum": "2020-01-01", "maximum": "2030-12-31"},
        {"enum": ["1000", "2000"], "minimum": 0}]


def test_fields_choose_and_policies_rewrite() -> None:
    """A field's own choice wins; a field a de-identification action rewrites is left as it
    is, and keeps the schema's missing values as its own."""
    schema = {canonical.OPT_IN: True, "missingValues": ["", "-"], "fields": [
        {"name": "a", "type": "date", "format": "%Y/%m/%d"},
        {"name": "b", "type": "date", "format": "%Y/%m/%d", canonical.OPT_IN: False},
        {"name": "c", "type": "date", "format": "%Y/%m/%d",
         "privacy": {"category": "birth_date", "action": "generalize"}},
        {"name": "d", "type": "string"}]}
    plan = canonical.plan(schema, ["a", "b", "c", "d"])
    assert plan is not None and sorted(plan.converters) == ["a", "d"]
    out = plan.apply(pd.DataFrame({c: ["2024/2/5", "-"] for c in "abcd"}, dtype="string"))
    assert out.fillna("").to_dict("list") == {"a": ["2024-02-05", ""], "b": ["2024/2/5", "-"],
                                              "c": ["2024/2/5", "-"], "d": ["2024/2/5", ""]}
    fields = {f["name"]: f for f in canonical.released_schema(schema, plan)["fields"]}
    assert fields["a"] == {"name": "a", "type": "date"}
    assert fields["b"] == {"name": "b", "type": "date", "format": "%Y/%m/%d",
                           "missingValues": ["", "-"]}
    assert fields["c"]["missingValues"] == ["", "-"] and fields["c"]["format"] == "%Y/%m/%d"
    # Nothing opted in, or nothing but defaults declared: no plan, the file is written as read.
    assert canonical.plan({**schema, canonical.OPT_IN: False}, ["a", "d"]) is None
    assert canonical.plan({canonical.OPT_IN: True, "fields": [
        {"name": "d", "type": "string"}, {"name": "n", "type": "number"}]}, ["d", "n"]) is None


# --- the release written chunk by chunk --------------------------------------------------

SCHEMA: dict[str, Any] = {
    "missingValues": ["", "-"],
    "fields": [
        {"name": "code", "type": "string", "constraints": {"required": True}},
        {"name": "day", "type": "date", "format": "%Y年%m月%d日"},
        {"name": "stamp", "type": "datetime", "format": "%Y/%m/%d %H:%M"},
        {"name": "fare", "type": "number", "groupChar": ",", "bareNumber": False,
         "constraints": {"minimum": 0}},
        {"name": "riders", "type": "integer", "bareNumber": False},
        {"name": "night", "type": "boolean", "trueValues": ["是"], "falseValues": ["否"]},
        {"name": "plate", "type": "string",
         "privacy": {"category": "plate", "action": "mask", "basis": "测试"}},
    ],
    "primaryKey": ["code"],
}


def _dataset(tmp_path: Path, schema: dict[str, Any], source: str = "") -> Dataset:
    path = tmp_path / "source.csv"
    path.write_text(source or "code\n", encoding="utf-8")
    res = Resource(name="trips", path=path, format="csv", schema_ref="trips.json",
                   schema=schema, title="行程")
    return Dataset(name="demo", folder=tmp_path, title="演示", description="说明",
                   disclosure=Disclosure("proactive", "第二十条"), department="办公室",
                   catalogue_column="工作动态", openness="结果", update_frequency="P1M",
                   review="required", resources=(res,))


@st.composite
def trip_rows(draw: st.DrawFn) -> list[list[str]]:
    count = draw(st.integers(1, 40))
    rows = []
    for i in range(count):
        day = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
        moment = datetime.combine(day, datetime.min.time()) + timedelta(
            minutes=draw(st.integers(0, 24 * 60 - 1)))
        fare = draw(st.decimals(0, 10**7, places=2))
        rows.append([
            f"T{i:04d}",
            draw(st.sampled_from([day.strftime("%Y年%m月%d日"),
                                  f"{day.year}年{day.month}月{day.day}日", "-", ""])),
            draw(st.sampled_from([moment.strftime("%Y/%m/%d %H:%M"), "-"])),
            draw(st.sampled_from([f"¥{fare:,}", f"{fare:,}元", "-"])),
            draw(st.sampled_from([f"{draw(st.integers(0, 5000))}人", ""])),
            draw(st.sampled_from(["是", "否", "-"])),
            draw(st.sampled_from(["粤N·***12", "-"])),
        ])
    return rows


def _write(tmp_path: Path, schema: dict[str, Any], rows: list[list[str]], chunk: int,
           folder: str) -> ReleaseInfo:
    columns = [f["name"] for f in schema["fields"]]
    writer = ReleaseWriter(_dataset(tmp_path, schema, "code\nT0000\n"), tmp_path / folder, None)
    for start in range(0, len(rows), chunk):
        writer.write("trips", pd.DataFrame(rows[start:start + chunk], columns=columns,
                                           dtype="string"))
    return writer.finish({})


def _released(info: ReleaseInfo) -> tuple[bytes, dict[str, Any]]:
    resource = json.loads((info.path / "datapackage.json").read_text("utf-8"))["resources"][0]
    return (info.path / "data" / "trips.csv").read_bytes(), resource


@settings(deadline=None, max_examples=15, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(trip_rows(), st.integers(1, 7))
def test_a_normalised_release_validates_against_its_own_schema(
        tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], chunk: int) -> None:
    tmp_path = tmp_path_factory.mktemp("release")
    schema = {**SCHEMA, canonical.OPT_IN: True}
    whole = _write(tmp_path, schema, rows, len(rows), "whole")
    chunked = _write(tmp_path, schema, rows, chunk, "chunked")
    data, resource = _released(chunked)
    # Chunk size does not matter: same bytes, same content checksum.
    assert (data, chunked.checksum) == (_released(whole)[0], whole.checksum)
    released_schema = resource["schema"]
    assert canonical.OPT_IN not in released_schema and "missingValues" not in released_schema
    by_name = {f["name"]: f for f in released_schema["fields"]}
    assert by_name["day"] == {"name": "day", "type": "date"}
    assert by_name["plate"]["missingValues"] == ["", "-"]  # masked: left as it was
    record = resource[canonical.RECORD]
    assert sorted(record["fields"]) == ["code", "day", "fare", "night", "riders", "stamp"]
    assert record["source"]["hash"].startswith("sha256:")
    # Each released cell reads back to the value the steward's cell had.
    released_rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))[1:]
    for row, out in zip(rows, released_rows, strict=True):
        for name, text, new in zip(by_name, row, out, strict=True):
            assert _read(released_schema, name, new) == _read(SCHEMA, name, text), name
    # frictionless, and this project's validator, accept the release under its own schema.
    csv_path = chunked.path / "data" / "trips.csv"
    report = FlResource(path=csv_path.name, basepath=str(csv_path.parent),
                        schema=Schema.from_descriptor(released_schema)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])
    ours = validate_resource(_dataset(tmp_path, released_schema),
                             Resource(name="trips", path=csv_path, format="csv",
                                      schema_ref="trips.json", schema=released_schema))
    assert ours.valid, [(f.row, f.field, f.code) for f in ours.findings]


def test_the_xlsx_and_excel_csv_carry_the_normalised_values(tmp_path: Path) -> None:
    rows = [["T1", "2024年3月5日", "2024/03/05 08:05", "¥1,234.50", "12人", "是", "-"]]
    info = _write(tmp_path, {**SCHEMA, canonical.OPT_IN: True}, rows, 1, "r")
    sheet = load_workbook(info.path / "data" / "trips.xlsx").active
    assert sheet is not None
    cells = [c.value for c in next(sheet.iter_rows(min_row=2))]
    assert cells[:6] == ["T1", datetime(2024, 3, 5), datetime(2024, 3, 5, 8, 5), 1234.5, 12,
                         True]
    excel_csv = (info.path / "data" / "trips.excel.csv").read_text("utf-8-sig")
    assert excel_csv.splitlines()[1] == "T1,2024-03-05,2024-03-05T08:05:00,1234.50,12,true,-"


@settings(deadline=None, max_examples=10, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(trip_rows(), st.sampled_from([None, False, "yes"]))
def test_without_the_opt_in_the_release_is_the_stewards_text(
        tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], choice: Any) -> None:
    tmp_path = tmp_path_factory.mktemp("plain")
    schema = dict(SCHEMA) if choice is None else {**SCHEMA, canonical.OPT_IN: choice}
    data, resource = _released(_write(tmp_path, schema, rows, 3, "r"))
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\n").writerows(
        [[f["name"] for f in SCHEMA["fields"]], *rows])
    assert data == expected.getvalue().encode("utf-8")
    assert resource["schema"] == schema and canonical.RECORD not in resource


def test_the_fingerprint_follows_the_opt_in_and_the_normaliser(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from publisher.fingerprint import inputs_fingerprint

    plain = _dataset(tmp_path, SCHEMA)
    opted = _dataset(tmp_path, {**SCHEMA, canonical.OPT_IN: True})
    prints = {inputs_fingerprint(d, b"k") for d in (plain, opted)}
    assert len(prints) == 2  # switching the opt-in builds the release again
    monkeypatch.setattr(canonical, "VERSION", canonical.VERSION + 1)
    # A new normaliser rebuilds opted-in releases only; the others keep their fingerprint.
    assert inputs_fingerprint(plain, b"k") in prints
    assert inputs_fingerprint(opted, b"k") not in prints


def test_cells_are_converted_as_the_validator_read_them() -> None:
    """With the validator's own fixes opted into (normalize: whitespace, full-width digits),
    the release converts the fixed cell, the one that was validated."""
    schema = {canonical.OPT_IN: True, "normalize": ["whitespace", "fullwidth-digits"],
              "fields": [{"name": "day", "type": "date", "format": "%Y/%m/%d"},
                         {"name": "n", "type": "integer"}]}
    plan = canonical.plan(schema, ["day", "n"])
    assert plan is not None
    out = plan.apply(pd.DataFrame({"day": [" 2024/2/5", "２０２４/１２/３１\u3000"],
                                   "n": ["１２", " 7 "]}, dtype="string"))
    assert out.to_dict("list") == {"day": ["2024-02-05", "2024-12-31"], "n": ["12", "7"]}
