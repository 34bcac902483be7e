"""The streaming XLSX writer: typed cells, escaped text, sheets one after another, read back
by openpyxl and by calamine (the reader the pipeline uses for workbooks)."""

from __future__ import annotations

import io
from datetime import date, datetime, time

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from publisher import xlsx


def _book() -> bytes:
    out = io.BytesIO()
    book = xlsx.Workbook(out)
    book.sheet("表<1>")
    book.row([xlsx.cell_xml(v) for v in ["名称", "日期", "时刻", "数", "是否"]])
    book.row([xlsx.cell_xml(v) for v in ["a<&>\"b \x01", date(2018, 1, 2),
                                         time(10, 11, 12), 1.5, True]])
    book.row([xlsx.cell_xml(v) for v in [None, datetime(2018, 1, 2, 10, 11, 12), "", 7, False]])
    book.sheet("second")
    book.row([xlsx.cell_xml("x")])
    book.close()
    return out.getvalue()


def test_openpyxl_reads_every_cell_back_as_written():
    book = load_workbook(io.BytesIO(_book()), read_only=True)
    assert book.sheetnames == ["表<1>", "second"]
    rows = [list(r) for r in book["表<1>"].iter_rows(values_only=True)]
    assert rows[0] == ["名称", "日期", "时刻", "数", "是否"]
    assert rows[1] == ['a<&>"b _x0001_', datetime(2018, 1, 2), time(10, 11, 12), 1.5, True]
    assert rows[2] == [None, datetime(2018, 1, 2, 10, 11, 12), None, 7, False]
    assert [list(r) for r in book["second"].iter_rows(values_only=True)] == [["x"]]


def test_calamine_reads_the_typed_cells():
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(_book())).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[1][1] == date(2018, 1, 2) and rows[1][2] == time(10, 11, 12)
    assert rows[1][3] == 1.5 and rows[1][4] is True
