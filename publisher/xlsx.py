"""A streaming XLSX writer: sheets of rows written as SpreadsheetML into a zip, row by row.

openpyxl builds a cell object and an XML element for every cell, which made the Excel form
the slowest part of a million-row release. Here a cell is a piece of XML text made once per
distinct value of a column (the caller converts a chunk's distinct values only), and a row is
those pieces joined; memory is one chunk, whatever the table's size. Strings are inline (no
shared-string table to hold), dates, datetimes and times are serial numbers with the number
formats openpyxl gave them, so Excel, openpyxl and calamine read the cells as before.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: Characters XML 1.0 does not allow; OOXML writes them as _xHHHH_ (openpyxl refused them).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Cell style ids in styles.xml: 1 date, 2 datetime, 3 time (the formats openpyxl used).
_STYLES = (
    '<styleSheet xmlns="' + _NS + '"><numFmts count="2">'
    '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    '</cellStyles></styleSheet>')


def _text(value: str) -> str:
    out = escape(value)
    if _ILLEGAL.search(out):
        out = _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", out)
    return out


def cell_xml(value: Any) -> str:
    """The part of a ``<c>`` element after its reference: ``' t="…">…</c>'`` ('' when empty).

    ``value`` is None, a str, a bool, an int, a float, a date, a datetime or a time."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return f' t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>'
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f' t="n"><v>{value!r}</v></c>'
    style = 2 if isinstance(value, datetime) else 1 if isinstance(value, date) else 3
    if not isinstance(value, date | time):
        raise TypeError(f"no XLSX cell for {type(value).__name__}")
    return f' s="{style}" t="n"><v>{to_excel(value)!r}</v></c>'


class Workbook:
    """Sheets written one after another into ``target`` (a path or a binary file).

    ``sheet(title)`` starts a sheet (ending the one before), ``row(cells)`` appends a row of
    :func:`cell_xml` pieces, ``close()`` writes the workbook parts."""

    def __init__(self, target: Path | IO[bytes]) -> None:
        self.zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.titles: list[str] = []
        self._sheet: IO[bytes] | None = None
        self._letters: list[str] = []
        self._row = 0

    def sheet(self, title: str) -> None:
        self._end_sheet()
        self.titles.append(title)
        self._sheet = self.zip.open(f"xl/worksheets/sheet{len(self.titles)}.xml", "w",
                                    force_zip64=True)
        self._sheet.write((_HEAD + f'<worksheet xmlns="{_NS}"><sheetData>').encode("utf-8"))
        self._row = 0

    def row(self, cells: Sequence[str]) -> None:
        self.rows([cells])

    def rows(self, rows: Iterable[Sequence[str]]) -> None:
        """Append rows of :func:`cell_xml` pieces, written to the sheet in one piece (a write
        into the zip stream costs more than the row's XML)."""
        assert self._sheet is not None, "start a sheet first"
        out: list[str] = []
        letters = self._letters
        for cells in rows:
            self._row += 1
            n = self._row
            while len(letters) < len(cells):
                letters.append(get_column_letter(len(letters) + 1))
            body = "".join(f'<c r="{letter}{n}"{cell}' for letter, cell
                           in zip(letters, cells, strict=False) if cell)
            out.append(f'<row r="{n}">{body}</row>')
        if out:
            self._sheet.write("".join(out).encode())

    def _end_sheet(self) -> None:
        if self._sheet is not None:
            self._sheet.write(b"</sheetData></worksheet>")
            self._sheet.close()
            self._sheet = None

    def close(self) -> None:
        self._end_sheet()
        count = len(self.titles)
        sheets = "".join(f'<sheet name="{_text(t)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, t in enumerate(self.titles, 1))
        parts = {
            "[Content_Types].xml":
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/styles.xml" ContentType="application/vnd.'
                'openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="'
                          'application/vnd.openxmlformats-officedocument.spreadsheetml.'
                          'worksheet+xml"/>' for i in range(1, count + 1)) + "</Types>",
            "_rels/.rels":
                f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/'
                'officeDocument" Target="xl/workbook.xml"/></Relationships>',
            "xl/workbook.xml":
                f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>{sheets}</sheets></workbook>',
            "xl/_rels/workbook.xml.rels":
                f'<Relationships xmlns="{_PKG}">'
                + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
                          f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, count + 1))
                + f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" '
                  'Target="styles.xml"/></Relationships>',
            "xl/styles.xml": _STYLES,
        }
        for name, text in parts.items():
            self.zip.writestr(name, _HEAD + text)
        self.zip.close()
