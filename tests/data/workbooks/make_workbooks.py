"""Write the steward-style workbooks the reader tests use (synthetic data only).

``passengers.xlsx`` is written with openpyxl: two sheets (``2024``, ``2023``), each with a title
row above a two-row merged header, as stewards export them from office systems. The ``.xls``
and ``.ods`` copies are LibreOffice's own conversions of it (the formats' reference writer)::

    cd tests/data/workbooks
    python make_workbooks.py
    soffice --headless --convert-to xls --outdir . passengers.xlsx
    soffice --headless --convert-to ods --outdir . passengers.xlsx

The files are committed, so the tests need neither openpyxl's writer nor LibreOffice.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

SHEETS = {
    "2024": [
        ["1路", datetime(2024, 1, 5), 100, 120],
        ["2路", "2024-02-30", "abc", 5],
        ["3路", datetime(2024, 3, 1), -5, 7],
        ["", "", "", ""],
        ["5路", datetime(2024, 3, 2), 8, "x"],
    ],
    "2023": [
        ["1路", datetime(2023, 1, 5), 90, 80],
        ["2路", "2023/1/6", 3, 4],
    ],
}


def main() -> None:
    book = Workbook()
    book.remove(book.active)
    for name, rows in SHEETS.items():
        sheet = book.create_sheet(name)
        sheet.append([f"{name}年汕尾市公交客流统计表"])
        sheet.merge_cells("A1:D1")
        sheet.append(["线路", "日期", "客流量", None])
        sheet.append([None, None, "上行", "下行"])
        sheet.merge_cells("A2:A3")
        sheet.merge_cells("B2:B3")
        sheet.merge_cells("C2:D2")
        for row in rows:
            sheet.append([None if cell == "" else cell for cell in row])
        for cell in sheet["B"][3:]:
            cell.number_format = "yyyy-mm-dd"
    book.save(HERE / "passengers.xlsx")


if __name__ == "__main__":
    main()
