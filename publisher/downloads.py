"""Excel-friendly forms of a released table: an XLSX and a UTF-8-BOM CSV.

Excel on a Chinese Windows opens a UTF-8 CSV without a byte order mark as GBK, which garbles
every Chinese cell; both forms here open correctly. They carry the schema's field titles (Chinese)
as column headers, where the released CSV keeps the field names that the schema and the API use.
The XLSX keeps the types the schema declares (numbers stay numbers, dates stay dates), read by
frictionless so that ``groupChar`` and the like mean what the Table Schema says.

Both are derived from the released CSV's table: they are listed in the manifest with their
sha256 but kept out of the release's content checksum, because an XLSX is a zip file whose
bytes carry the time it was written.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
from frictionless import Field

from publisher import xlsx
from publisher.hashing import sha256_file

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Types an XLSX cell keeps as such; everything else goes in as the released text.
_TYPED = {"integer", "number", "year", "date", "datetime", "time", "boolean"}
#: Rows of one Excel worksheet, its header row included (Excel's limit, 2**20). A longer table
#: goes on in further sheets ("title (2)", …), each with the header row again.
SHEET_ROWS = 1_048_576


def headers(schema: dict[str, Any], columns: list[str]) -> list[str]:
    """Each column's title from the schema (its name where the schema gives none)."""
    titles = {str(f.get("name")): str(f.get("title") or f.get("name"))
              for f in schema.get("fields", []) if isinstance(f, dict)}
    return [titles.get(c, c) for c in columns]


def _readers(schema: dict[str, Any], columns: list[str]) -> list[Field | None]:
    fields = {str(f.get("name")): f for f in schema.get("fields", []) if isinstance(f, dict)}
    out: list[Field | None] = []
    for column in columns:
        spec = fields.get(column)
        if spec is None or spec.get("type") not in _TYPED:
            out.append(None)
            continue
        # Constraints are the validator's business; here only the reading rules matter.
        out.append(Field.from_descriptor({k: v for k, v in spec.items()
                                          if k not in ("constraints", "privacy")}))
    return out


def _cell(reader: Field | None, text: str) -> Any:
    if text == "":
        return None
    if reader is None:
        return text
    value, notes = reader.read_cell(text)
    if notes or value is None:  # not readable as declared: keep the released text
        return text
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in text \
            else float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones
    if isinstance(value, bool | int | float | date | time):
        return value
    return text


def texts(frame: pd.DataFrame) -> list[list[str]]:
    """Each column of ``frame`` as the released text of its cells ('' for a missing one)."""
    return [frame.iloc[:, i].astype("string").fillna("").to_numpy(dtype=object).tolist()
            for i in range(frame.shape[1])]


def _rows(frame: pd.DataFrame) -> Iterable[tuple[str, ...]]:
    return zip(*texts(frame), strict=True) if frame.shape[1] else iter([()] * len(frame))


def _sheet_title(title: str, number: int) -> str:
    # Sheet names are at most 31 characters and may not hold []:*?/\.
    safe = "".join(ch for ch in title if ch not in "[]:*?/\\") or "data"
    if number == 1:
        return safe[:31]
    tail = f" ({number})"
    return safe[:31 - len(tail)] + tail


class _Sheets:
    """The rows of one table in a streamed workbook, ``SHEET_ROWS`` rows a sheet at most."""

    def __init__(self, target: Path | IO[bytes], title: str, schema: dict[str, Any],
                 columns: list[str], sheet_rows: int = SHEET_ROWS) -> None:
        self.book = xlsx.Workbook(target)
        self.title = title
        self.header = [xlsx.cell_xml(h) for h in headers(schema, columns)]
        self.readers = _readers(schema, columns)
        self.sheet_rows = sheet_rows
        self.sheets = 0
        self._new_sheet()

    def _new_sheet(self) -> None:
        self.sheets += 1
        self.book.sheet(_sheet_title(self.title, self.sheets))
        self.book.row(self.header)
        self.filled = 1

    def add(self, columns: list[list[str]], rows: int) -> None:
        """Append ``rows`` rows given column by column as released text."""
        pieces = [_pieces(reader, column) for reader, column
                  in zip(self.readers, columns, strict=True)]
        all_rows: list[tuple[str, ...]] = (list(zip(*pieces, strict=True)) if pieces
                                          else [()] * rows)
        start = 0
        while start < len(all_rows):
            if self.filled >= self.sheet_rows:
                self._new_sheet()
            take = all_rows[start:start + self.sheet_rows - self.filled]
            self.book.rows(take)
            self.filled += len(take)
            start += len(take)

    def close(self) -> None:
        self.book.close()


def _pieces(reader: Field | None, column: list[str]) -> list[str]:
    """The cell XML of each text of a column, read as declared once per distinct text."""
    codes, uniques = pd.factorize(np.asarray(column, dtype=object))
    made = np.empty(len(uniques), dtype=object)
    made[:] = [xlsx.cell_xml(_cell(reader, str(u))) for u in uniques.tolist()]
    pieces: list[str] = made[codes].tolist()
    return pieces


def xlsx_bytes(frame: pd.DataFrame, schema: dict[str, Any], sheet: str,
               sheet_rows: int = SHEET_ROWS) -> bytes:
    """The table as an XLSX: titles in the first row, typed cells, written row by row (past
    ``sheet_rows`` rows in further sheets)."""
    out = io.BytesIO()
    sheets = _Sheets(out, sheet, schema, [str(c) for c in frame.columns], sheet_rows)
    sheets.add(texts(frame), len(frame))
    sheets.close()
    return out.getvalue()


def bom_csv_bytes(frame: pd.DataFrame, schema: dict[str, Any]) -> bytes:
    """The table as a UTF-8 CSV with a byte order mark and titles as headers, CRLF lines."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers(schema, [str(c) for c in frame.columns]))
    writer.writerows(_rows(frame))
    return out.getvalue().encode("utf-8-sig")


def excel_files(name: str, title: str, frame: pd.DataFrame,
                schema: dict[str, Any]) -> dict[str, bytes]:
    """File name (under ``data/``) → bytes of the Excel-friendly forms of one resource."""
    return {f"{name}.xlsx": xlsx_bytes(frame, schema, title or name),
            f"{name}.excel.csv": bom_csv_bytes(frame, schema)}


class ExcelWriter:
    """The Excel-friendly forms of one resource written chunk by chunk into ``folder``: the
    same bytes :func:`excel_files` gives for the whole table (the XLSX but for its time)."""

    def __init__(self, folder: Path, name: str, title: str, schema: dict[str, Any],
                 columns: list[str]) -> None:
        self.paths = {f"{name}.xlsx": folder / f"{name}.xlsx",
                      f"{name}.excel.csv": folder / f"{name}.excel.csv"}
        self.sheets = _Sheets(self.paths[f"{name}.xlsx"], title or name, schema, columns)
        self.csv_file = self.paths[f"{name}.excel.csv"].open("w", encoding="utf-8-sig",
                                                            newline="")
        self.csv = csv.writer(self.csv_file, lineterminator="\r\n")
        self.csv.writerow(headers(schema, columns))

    def add(self, frame: pd.DataFrame) -> None:
        self.add_texts(texts(frame), len(frame))

    def add_texts(self, columns: list[list[str]], rows: int) -> None:
        """Append a chunk given as :func:`texts` (``rows`` rows)."""
        self.csv.writerows(zip(*columns, strict=True) if columns else [()] * rows)
        self.sheets.add(columns, rows)

    def close(self) -> dict[str, Path]:
        """File name (under ``data/``) -> path of each form, complete."""
        self.csv_file.close()
        self.sheets.close()
        return self.paths


def file_entries(name: str, files: dict[str, Path]) -> list[dict[str, Any]]:
    """:func:`manifest_entries` of forms written to files."""
    return _entries({f: (p.stat().st_size, sha256_file(p)) for f, p in files.items()})


def manifest_entries(name: str, files: dict[str, bytes]) -> list[dict[str, Any]]:
    """The ``downloads`` list of a resource in the manifest: path, format, size, sha256."""
    return _entries({f: (len(data), hashlib.sha256(data).hexdigest())
                     for f, data in files.items()})


def _entries(files: dict[str, tuple[int, str]]) -> list[dict[str, Any]]:
    out = []
    for filename, (size, digest) in files.items():
        xlsx = filename.endswith(".xlsx")
        out.append({
            "path": f"data/{filename}",
            "format": "xlsx" if xlsx else "csv",
            "mediatype": XLSX_TYPE if xlsx else "text/csv",
            "encoding": None if xlsx else "utf-8-sig",
            "headers": "titles",
            "bytes": size,
            "hash": "sha256:" + digest,
        })
    return out
