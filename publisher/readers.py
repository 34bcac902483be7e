"""Open tabular files the way stewards save them: CSV in UTF-8 (with or without BOM), GBK or
GB18030, and XLSX. Encodings are detected by strict decoding, preferring the superset GB18030
over GBK/GB2312, because guessers call GB18030 files GB2312 and fall back to UTF-8 when unsure.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

SNIFF_BYTES = 1 << 20
#: Tried in this order; GB18030 decodes everything GBK and GB2312 do.
CANDIDATES = ("utf-8-sig", "gb18030")


class ReadError(Exception):
    """A file cannot be read as the table it claims to be (a user mistake: report it, exit 2)."""


def detect_encoding(path: Path, declared: str | None = None) -> str:
    """The encoding to read ``path`` with: the declared one if it decodes, else a strict guess."""
    sample = path.read_bytes()[:SNIFF_BYTES]
    if b"\x00" in sample:
        raise ReadError(f"{path.name}: binary content (NUL bytes), not a text table")
    tried = [declared] if declared else list(CANDIDATES)
    for enc in tried:
        try:
            # A cut multi-byte character at the sample's end is not a decoding error.
            sample.decode(enc, errors="strict") if len(sample) < SNIFF_BYTES else (
                sample[: SNIFF_BYTES - 4].decode(enc, errors="strict"))
            return "utf-8-sig" if enc.lower().replace("_", "-") in {"utf-8", "utf8"} else enc
        except (UnicodeDecodeError, LookupError):
            continue
    if declared:
        raise ReadError(f"{path.name}: does not decode as the declared encoding {declared}")
    raise ReadError(f"{path.name}: neither UTF-8 nor GB18030 text")


def read_header(path: Path, fmt: str, encoding: str | None = None,
                sheet: str | None = None) -> list[str]:
    """The header row of a CSV or XLSX file."""
    if not path.is_file():
        raise ReadError(f"{path.name}: file not found")
    if fmt == "xlsx":
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_path(str(path))
            name = sheet or book.sheet_names[0]
            rows = book.get_sheet_by_name(name).to_python(nrows=1)
        except Exception as exc:  # calamine raises several unrelated types for a bad workbook
            raise ReadError(f"{path.name}: not a readable XLSX workbook ({exc})") from None
        return [str(c).strip() for c in rows[0]] if rows else []
    enc = detect_encoding(path, encoding)
    with path.open(encoding=enc, newline="") as handle:
        first = handle.readline()
    row = next(csv.reader(io.StringIO(first)), [])
    return row


def read_table(path: Path, fmt: str, encoding: str | None = None,
               sheet: str | None = None) -> list[list[str]]:
    """Every row of a CSV or XLSX file as lists of strings, header first (small files only).

    The validation engine reads in chunks; this is for stages and tests that need whole tables.
    """
    if fmt == "xlsx":
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_path(str(path))
            rows = book.get_sheet_by_name(sheet or book.sheet_names[0]).to_python()
        except Exception as exc:  # calamine raises several unrelated types for a bad workbook
            raise ReadError(f"{path.name}: not a readable XLSX workbook ({exc})") from None
        return [["" if c is None else str(c) for c in row] for row in rows]
    enc = detect_encoding(path, encoding)
    with path.open(encoding=enc, newline="") as handle:
        return [row for row in csv.reader(handle)]
