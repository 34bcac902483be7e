"""The Excel-friendly downloads of a release: an XLSX with Chinese titles and typed cells, a
UTF-8-BOM CSV that Excel reads as UTF-8, both listed with their sha256 in the manifest."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
from datetime import date

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from publisher.dataset import Dataset, Disclosure, Resource
from publisher.downloads import bom_csv_bytes, xlsx_bytes
from publisher.release import build_release

SCHEMA = {"fields": [
    {"name": "case_number", "title": "案件编号", "type": "string"},
    {"name": "decision_date", "title": "决定日期", "type": "date"},
    {"name": "fine_amount", "title": "罚款金额（元）", "type": "number", "groupChar": ","},
    {"name": "count", "title": "件数", "type": "integer"},
    {"name": "note", "type": "string"}]}
FRAME = pd.DataFrame({"case_number": ["汕交罚〔2018〕1号", "汕交罚〔2018〕2号"],
                      "decision_date": ["2018-01-02", ""],
                      "fine_amount": ["1,569.96", "20000"], "count": ["3", "x"],
                      "note": ["甲", "乙"]}, dtype="string")


def _dataset(tmp_path) -> Dataset:
    res = Resource(name="decisions", path=tmp_path / "d.csv", format="csv", schema_ref="s.json",
                   schema=SCHEMA, title="处罚决定")
    return Dataset(name="demo", folder=tmp_path, title="演示", description="说明",
                   disclosure=Disclosure("proactive", "第二十条"), department="办公室",
                   catalogue_column="工作动态", openness="结果", update_frequency="P1M",
                   review="required", resources=(res,))


def test_release_lists_both_forms_with_their_checksums(tmp_path):
    info = build_release(_dataset(tmp_path), {"decisions": FRAME}, {}, tmp_path / "r", None)
    stored = json.loads((info.path / "datapackage.json").read_text(encoding="utf-8"))
    entries = stored["resources"][0]["downloads"]
    assert [e["path"] for e in entries] == ["data/decisions.xlsx", "data/decisions.excel.csv"]
    for entry in entries:
        data = (info.path / entry["path"]).read_bytes()
        assert entry["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
    # Derived forms stay outside the content checksum: an identical rerun mints no version.
    again = build_release(_dataset(tmp_path), {"decisions": FRAME}, {}, tmp_path / "r",
                          (info.version, info.checksum))
    assert not again.new


def test_xlsx_has_titles_and_keeps_types(tmp_path):
    book = load_workbook(io.BytesIO(xlsx_bytes(FRAME, SCHEMA, "处罚决定")), read_only=True)
    sheet = book["处罚决定"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["案件编号", "决定日期", "罚款金额（元）", "件数", "note"]
    first, second = rows[1], rows[2]
    assert first[1].date() == date(2018, 1, 2)  # openpyxl reads a date cell back as datetime
    assert first[2] == 1569.96 and first[3] == 3 and isinstance(first[3], int)
    assert second[1] is None and second[2] == 20000
    assert second[3] == "x"  # not an integer as declared: the released text, never lost


def test_bom_csv_opens_as_excel_would():
    data = bom_csv_bytes(FRAME, SCHEMA)
    assert data.startswith(codecs.BOM_UTF8)
    # Excel picks UTF-8 only on the BOM; without it a Chinese Windows reads GBK.
    sniffed = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "gbk"
    rows = list(csv.reader(io.StringIO(data.decode(sniffed), newline="")))
    assert rows[0] == ["案件编号", "决定日期", "罚款金额（元）", "件数", "note"]
    assert rows[1][0] == "汕交罚〔2018〕1号" and rows[1][2] == "1,569.96"


@settings(deadline=None, max_examples=30)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
                min_size=1, max_size=8))
def test_bom_csv_round_trips_any_text(cells):
    frame = pd.DataFrame({"note": cells}, dtype="string")
    data = bom_csv_bytes(frame, {"fields": [{"name": "note", "title": "备注"}]})
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["备注"] and [r[0] if r else "" for r in rows[1:]] == cells


def test_a_table_longer_than_a_sheet_goes_on_in_further_sheets():
    """Excel stops at 1,048,576 rows a sheet; past that the rows go on in "title (2)", …"""
    frame = pd.DataFrame({"case_number": [f"汕交罚〔2018〕{i}号" for i in range(1, 8)],
                          "count": [str(i) for i in range(1, 8)]}, dtype="string")
    book = load_workbook(io.BytesIO(xlsx_bytes(frame, SCHEMA, "处罚决定", sheet_rows=3)),
                         read_only=True)
    assert book.sheetnames == ["处罚决定", "处罚决定 (2)", "处罚决定 (3)", "处罚决定 (4)"]
    rows = []
    for sheet in book.worksheets:
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert values[0] == ["案件编号", "件数"] and 2 <= len(values) <= 3
        rows += values[1:]
    assert [r[1] for r in rows] == list(range(1, 8))


def test_chunks_that_cross_a_sheet_boundary_give_the_same_sheets():
    from publisher.downloads import _Sheets, texts

    frame = pd.DataFrame({"case_number": [f"汕交罚〔2018〕{i}号" for i in range(1, 12)],
                          "count": [str(i) for i in range(1, 12)]}, dtype="string")
    out = io.BytesIO()
    sheets = _Sheets(out, "处罚决定", SCHEMA, list(frame.columns), sheet_rows=4)
    for start, end in ((0, 2), (2, 7), (7, 7), (7, 11)):  # an empty chunk among them
        part = frame.iloc[start:end]
        sheets.add(texts(part), len(part))
    sheets.close()
    book = load_workbook(io.BytesIO(out.getvalue()), read_only=True)
    whole = load_workbook(io.BytesIO(xlsx_bytes(frame, SCHEMA, "处罚决定", sheet_rows=4)),
                          read_only=True)
    assert book.sheetnames == whole.sheetnames == [
        "处罚决定", "处罚决定 (2)", "处罚决定 (3)", "处罚决定 (4)"]
    for mine, theirs in zip(book.worksheets, whole.worksheets, strict=True):
        assert list(mine.iter_rows(values_only=True)) == list(theirs.iter_rows(values_only=True))
