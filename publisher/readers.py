"""Open tabular files the way stewards save them: one reader, :func:`open_resource`, for every
stage (check, validate, de-identification, release, previews).

Text tables: CSV and TSV in UTF-8 (with or without BOM), UTF-16 (Excel "Unicode text"), GBK,
GB18030 or Big5, the encoding decided by :mod:`publisher.resources.encoding`, the delimiter
declared or sniffed. Workbooks: XLSX, XLS and ODS (python-calamine reads all three). The Table
Dialect (:mod:`publisher.resources.dialect`) says where the header is (``headerRows``,
``headerJoin``), which rows are comments, how cells are quoted and which sheet to read.

Big files are read in chunks with bounded memory: pyarrow's streaming CSV reader parses plain
files, Python's csv module those whose dialect pyarrow cannot follow; every cell stays a string.
Anything that is not the table it claims to be raises :class:`ReadError`, whose ``code`` is
frictionless's (``scheme-error``, ``source-error``, ``encoding-error``, ``format-error``).
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.csv as pacsv

from publisher import codes
from publisher.resources import encoding as encodings
from publisher.resources.dialect import (
    TEXT_FORMATS,
    WORKBOOKS,
    Dialect,
    DialectError,
    labels_of,
    sniff_delimiter,
)
from publisher.resources.dialect import parse as parse_dialect
from publisher.resources.encoding import Decision

if TYPE_CHECKING:
    import pandas as pd

    from publisher.dataset import Resource

SNIFF_BYTES = 1 << 20
#: pyarrow's block size: also the longest row we accept (a longer one is not a table row).
#: pyarrow reads ahead about twenty blocks, so this bounds the reader's memory too.
MAX_ROW_BYTES = 1 << 20
#: Batches are grouped into chunks of at least this many rows, so checks work on big vectors.
CHUNK_ROWS = 1 << 14
_UTF8 = {"utf-8", "utf8", "utf-8-sig", "utf_8", "utf_8_sig"}
#: The version of the reading rules: part of the validation cache's key.
READER_VERSION = "3"


codes.define(
    "read-file-missing", stage="read", title=("找不到文件", "File not found"),
    description="The resource's file does not exist.",
    message=("{file}：找不到文件",
             "{file}: file not found"),
)
codes.define(
    "read-permission", stage="read", title=("无权读取", "Permission denied"),
    description="The file exists but may not be read by the publisher's user.",
    message=("{file}：无权读取", "{file}: permission denied"),
)
codes.define(
    "read-is-folder", stage="read", title=("是文件夹", "Is a folder"),
    description="The resource's path is a folder, not a file.",
    message=("{file}：是文件夹，不是文件",
             "{file}: is a folder, not a file"),
)
codes.define(
    "read-cause", stage="read", title=("无法读取", "Cannot be read"),
    description="The file cannot be read for the reason given.",
    message=("{file}：{cause}",
             "{file}: {cause}"),
)
codes.define(
    "read-row-too-long", stage="read", title=("行过长", "Row too long"),
    description="A row is longer than the reader accepts: not a CSV table.",
    message=("{file}：有一行超过 {mb} MB；不是 CSV 表格",
             "{file}: a row is longer than {mb} MB; not a CSV table"),
)
codes.define(
    "read-first-row-too-long", stage="read", title=("首行过长", "First row too long"),
    description="The first row is longer than 1 MB: not a CSV table.",
    message=("{file}：第一行超过 1 MB；不是 CSV 表格",
             "{file}: the first row is longer than 1 MB; not a CSV table"),
)
codes.define(
    "read-sheet-number", stage="read", title=("无此工作表", "No such sheet"),
    description="The workbook has fewer sheets than the number asked for.",
    message=("{file}：没有第 {sheet} 个工作表（工作簿共 {count} 个）",
             "{file}: no sheet number {sheet} (the workbook has {count})"),
)
codes.define(
    "read-sheet-name", stage="read", title=("无此工作表", "No such sheet"),
    description="The workbook has no sheet of the name asked for.",
    message=("{file}：没有名为 {sheet} 的工作表（现有：{sheets}）",
             "{file}: no sheet named {sheet} (sheets: {sheets})"),
)
codes.define(
    "read-workbook-unreadable", stage="read", title=("工作簿不可读", "Workbook unreadable"),
    description="Not a readable XLSX, XLS or ODS workbook.",
    message=("{file}：不是可读的 XLSX、XLS 或 ODS 工作簿（{detail}）",
             "{file}: not a readable XLSX, XLS or ODS workbook ({detail})"),
)
codes.define(
    "read-sheet-unreadable", stage="read", title=("工作表不可读", "Sheet unreadable"),
    description="A sheet of the workbook cannot be read.",
    message=("{file}：工作表 {sheet} 无法读取（{detail}）",
             "{file}: sheet {sheet} cannot be read ({detail})"),
)
codes.define(
    "read-format-unsupported", stage="read", title=("格式不支持", "Format not read"),
    description="The declared format is not a table format the readers read.",
    message=("{file}：格式 {format} 不是可读的表格格式（csv、tsv、xlsx、xls 或 ods）",
             "{file}: format {format} is not a table format we read (csv, tsv, xlsx, xls or ods)"),
)
codes.define(
    "read-first-row-empty", stage="read", title=("首行为空", "First row empty"),
    description="The first row is empty; a table starts with its header.",
    message=("{file}：第一行为空；表格应以表头开始",
             "{file}: the first row is empty; a table starts with its header"),
)
codes.define(
    "read-header-unparsable", stage="read", title=("表头无法解析", "Header unparsable"),
    description="The header row cannot be parsed as CSV.",
    message=("{file}：表头行无法解析（{detail}）",
             "{file}: the header row cannot be parsed ({detail})"),
)
codes.define(
    "read-invalid-bytes", stage="read", title=("编码无效的字节", "Invalid bytes"),
    description="The file has bytes that are invalid in the encoding it is read with.",
    message=("{file}：含有对其编码 {encoding} 无效的字节",
             "{file}: invalid bytes for its encoding {encoding}"),
)
codes.define(
    "read-not-csv", stage="read", title=("不是 CSV 表格", "Not a CSV table"),
    description="The text cannot be parsed as CSV.",
    message=("{file}：不是 CSV 表格（{detail}）",
             "{file}: not a CSV table ({detail})"),
)
codes.define(
    "read-no-header", stage="read", title=("没有表头", "No header row"),
    description="The table is empty: it has no header row.",
    message=("{file}：没有表头行（表格为空）",
             "{file}: no header row (the table is empty)"),
)


class ReadError(Exception):
    """A file cannot be read as the table it claims to be (a user mistake: report it, exit 2).

    ``code`` is frictionless's error type for it; ``reason`` (a ``read-*`` code) and its
    params say why, in any language; ``decision`` the encoding that was used (``guessed``
    ones may be decided again on a decode error). ``str()`` is the English text.
    """

    def __init__(self, file: str, reason: str, code: str = "source-error",
                 decision: Decision | None = None, **params: object) -> None:
        self.reason, self.reason_params = reason, {"file": file, **params}
        super().__init__(codes.text("en", reason, **self.reason_params))
        self.code = code
        self.decision = decision

    @classmethod
    def of(cls, file: str, cause: codes.CodedError, code: str,
           decision: Decision | None = None) -> ReadError:
        """A read error whose cause is a coded error (an encoding or a dialect refused)."""
        return cls(file, "read-cause", code, decision, cause=str(cause), cause_code=cause.code,
                   cause_params=cause.params)

    @classmethod
    def from_os(cls, file: str, exc: OSError) -> ReadError:
        """An operating-system error on the file, as a read error (the errno picks the code)."""
        if isinstance(exc, FileNotFoundError):
            return cls(file, "read-file-missing", "scheme-error")
        if isinstance(exc, IsADirectoryError):
            return cls(file, "read-is-folder", "scheme-error")
        if isinstance(exc, PermissionError):
            return cls(file, "read-permission", "scheme-error")
        return cls(file, "read-cause", "scheme-error", cause=exc.strerror or type(exc).__name__)

    def finding_params(self) -> dict[str, object]:
        """The params of the finding that reports it: the English reason and its code."""
        return {"reason": str(self), "reason_code": self.reason,
                "reason_params": self.reason_params}

    def message(self, lang: str) -> str:
        """Why, in ``lang`` (zh or en)."""
        return codes.text(lang, self.reason, **self.reason_params)


class RaggedRows(Exception):  # noqa: N818 (a signal, not an error)
    """A threaded read met rows of the wrong width: read again with ``threads=False``."""


def _check_file(path: Path) -> None:
    if not path.exists():
        raise ReadError(path.name, "read-file-missing", "scheme-error")
    if path.is_dir():
        raise ReadError(path.name, "read-is-folder", "scheme-error")


def decide_encoding(path: Path, declared: str | None = None) -> Decision:
    """The encoding to read a text table with, and how it was decided (see encodings)."""
    _check_file(path)
    try:
        return encodings.decide(path, declared)
    except encodings.FormatError as exc:
        raise ReadError.of(path.name, exc, "format-error") from None
    except encodings.EncodingError as exc:
        code = "source-error" if exc.code == "encoding-empty-file" else "encoding-error"
        raise ReadError.of(path.name, exc, code) from None


def detect_encoding(path: Path, declared: str | None = None) -> str:
    """The encoding to read ``path`` with (``utf-8-sig`` for UTF-8, so a BOM is dropped)."""
    return decide_encoding(path, declared).encoding


def _head_text(path: Path, enc: str) -> str:
    with path.open("rb") as handle:
        raw = handle.read(SNIFF_BYTES)
    if len(raw) >= SNIFF_BYTES and b"\n" not in raw and b"\r" not in raw:
        raise ReadError(path.name, "read-first-row-too-long")
    return raw.decode(enc, errors="ignore")


# Workbooks --------------------------------------------------------------------------------------

#: From here on a spreadsheet's number has more digits than Excel keeps (15 significant).
EXCEL_EXACT = 1e15


def xlsx_cell(value: Any) -> str:
    """A workbook cell as the text a steward sees ('' for empty; 5.0 as '5'; dates in ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if abs(value) >= EXCEL_EXACT:
            # Excel keeps 15 significant digits: an 18-digit ID typed as a number is already
            # rounded. Show it as Excel does, so validation reports it (number-lost-digits)
            # instead of passing on invented digits.
            return format(value, ".15g")
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _sheet_of(book: Any, path: Path, sheet: str | int | None) -> Any:
    names: list[str] = list(book.sheet_names)
    if isinstance(sheet, int):
        if not 1 <= sheet <= len(names):
            raise ReadError(path.name, "read-sheet-number", sheet=sheet, count=len(names))
        return book.get_sheet_by_index(sheet - 1)
    name = sheet or (names[0] if names else None)
    if name is None or name not in names:
        raise ReadError(path.name, "read-sheet-name", sheet=repr(sheet),
                        sheets=", ".join(names))
    return book.get_sheet_by_name(name)


def workbook_rows(path: Path, sheet: str | int | None = None) -> list[list[str]]:
    """Every row of a workbook's sheet as text; merged cells carry their value to every cell
    they cover (what the steward sees, and frictionless's ``fillMergedCells``)."""
    from python_calamine import CalamineWorkbook

    _check_file(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types for a bad workbook
        raise ReadError(path.name, "read-workbook-unreadable", "format-error",
                        detail=str(exc)) from None
    chosen = _sheet_of(book, path, sheet)
    try:
        rows = chosen.to_python(skip_empty_area=False)
        merged = getattr(chosen, "merged_cell_ranges", None) or []
        if not merged and _is_ods(path):
            merged = _ods_merged(path, chosen.name)
    except Exception as exc:
        raise ReadError(path.name, "read-sheet-unreadable", "format-error",
                        sheet=repr(chosen.name), detail=str(exc)) from None
    out = [[xlsx_cell(c) for c in row] for row in rows]
    for (top, left), (bottom, right) in merged:
        if top >= len(out) or left >= len(out[top]):
            continue
        value = out[top][left]
        for r in range(top, min(bottom, len(out) - 1) + 1):
            for c in range(left, min(right, len(out[r]) - 1) + 1):
                out[r][c] = value
    while out and not any(out[-1]):  # calamine pads the used range; trailing blanks are not rows
        out.pop()
    return out


def _is_ods(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(128)
    return head.startswith(b"PK") and b"opendocument.spreadsheet" in head


_ODS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0"}


def _ods_merged(path: Path, sheet: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merged ranges of an ODS sheet, which calamine does not report: cells that span columns
    or rows (``number-columns-spanned``/``number-rows-spanned``) in the sheet's content.xml."""
    import zipfile
    from xml.etree import ElementTree

    t = "{" + _ODS["table"] + "}"
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            tree = ElementTree.parse(content)  # noqa: S314 (a steward's own file, read locally)
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return []
    out = []
    for table in tree.iter(f"{t}table"):
        if table.get(f"{t}name") != sheet:
            continue
        row = 0
        for element in table.iter(f"{t}table-row"):
            col = 0
            for cell in element:
                if cell.tag not in (f"{t}table-cell", f"{t}covered-table-cell"):
                    continue
                across = int(cell.get(f"{t}number-columns-spanned", "1"))
                down = int(cell.get(f"{t}number-rows-spanned", "1"))
                if across > 1 or down > 1:
                    out.append(((row, col), (row + down - 1, col + across - 1)))
                col += int(cell.get(f"{t}number-columns-repeated", "1"))
            row += int(element.get(f"{t}number-rows-repeated", "1"))
            if row > 10_000 and not out:
                break  # merged headers sit at the top; a long sheet without any has none
    return out


# The one reader ---------------------------------------------------------------------------------

@dataclass
class Opened:
    """A table being read: its labels, its data rows in chunks, and how it is being read."""

    labels: list[str]
    chunks: Iterator[Chunk]
    dialect: Dialect
    decision: Decision | None = None
    delimiter: str | None = None
    delimiter_how: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def reading(self) -> dict[str, Any]:
        """How the file was read, for the report (encoding, delimiter, header rows, sheet)."""
        out: dict[str, Any] = {"headerRows": list(self.dialect.header_rows)}
        if self.decision is not None:
            out["encoding"] = self.decision.encoding
            out["encodingDecidedBy"] = self.decision.how
            if self.decision.code:  # the same text in any language (publisher.codes)
                out["encodingDecidedByCode"] = self.decision.code
                out["encodingDecidedByParams"] = dict(self.decision.params)
        if self.delimiter is not None:
            out["delimiter"] = self.delimiter
            out["delimiterDecidedBy"] = self.delimiter_how
        if self.dialect.sheet is not None:
            out["sheet"] = self.dialect.sheet
        return out


def dialect_of(resource: Resource) -> Dialect:
    """A resource's Table Dialect; a dialect no reader can use is a ReadError."""
    try:
        return parse_dialect(resource.descriptor, resource.format, resource.sheet)
    except DialectError as exc:
        raise ReadError.of(resource.path.name, exc, "source-error") from None


def delimiter_of(resource: Resource) -> str:
    """The CSV delimiter a resource declares (',' when none; the reader sniffs then)."""
    return dialect_of(resource).delimiter or ","


def open_resource(resource: Resource, *, threads: bool = False,
                  decision: Decision | None = None) -> Opened:
    """Open a resource's file as its descriptor says: the reader of every stage."""
    return open_file(resource.path, resource.format, dialect_of(resource), resource.encoding,
                     threads=threads, decision=decision)


def open_file(path: Path, fmt: str, dialect: Dialect | None = None,
              encoding: str | None = None, *, threads: bool = False,
              decision: Decision | None = None) -> Opened:
    """Open a file: a workbook, or a text table in the encoding declared or decided."""
    dialect = dialect or Dialect()
    fmt = fmt.lower()
    if fmt in WORKBOOKS:
        labels, chunks = _from_rows(path, enumerate(workbook_rows(path, dialect.sheet), 1),
                                    dialect, ",")
        return Opened(labels, chunks, dialect)
    if fmt not in TEXT_FORMATS:
        raise ReadError(path.name, "read-format-unsupported", "format-error", format=repr(fmt))
    decision = decision or decide_encoding(path, encoding)
    enc = decision.encoding
    delimiter, how = dialect.delimiter, "declared"
    if delimiter is None:
        delimiter, how = sniff_delimiter(_head_text(path, enc))
    if dialect.plain:
        header = _first_record(path, enc, delimiter, dialect.quote_char)
        if not header:
            raise ReadError(path.name, "read-first-row-empty")
        labels = labels_of([header], dialect.header_join)
        chunks = _csv_chunks(path, decision, delimiter, dialect.quote_char, len(header),
                             MAX_ROW_BYTES, threads)
    else:
        labels, chunks = _from_rows(path, _python_rows(path, decision, dialect, delimiter),
                                    dialect, delimiter)
    return Opened(labels, chunks, dialect, decision, delimiter, how)


def _first_record(path: Path, encoding: str, delimiter: str, quote: str = '"') -> list[str]:
    text = _head_text(path, encoding)
    try:
        return next(csv.reader(io.StringIO(text), delimiter=delimiter, quotechar=quote), [])
    except csv.Error as exc:
        raise ReadError(path.name, "read-header-unparsable", detail=str(exc)) from None


def _python_rows(path: Path, decision: Decision, dialect: Dialect, delimiter: str
                 ) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of a text table read with Python's csv module (any dialect)."""
    csv.field_size_limit(MAX_ROW_BYTES)
    try:
        with path.open(encoding=decision.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter, quotechar=dialect.quote_char,
                                doublequote=dialect.double_quote,
                                skipinitialspace=dialect.skip_initial_space)
            yield from enumerate(reader, start=1)
    except UnicodeDecodeError:
        raise ReadError(path.name, "read-invalid-bytes", "encoding-error", decision,
                        encoding=decision.encoding) from None
    except csv.Error as exc:
        raise ReadError(path.name, "read-not-csv", detail=str(exc)) from None


def _from_rows(path: Path, rows: Iterable[tuple[int, list[str]]], dialect: Dialect,
               delimiter: str) -> tuple[list[str], Iterator[Chunk]]:
    """Labels and chunks of numbered rows, following the dialect's header and comment rules
    the way frictionless does (row numbers count every row of the file, comments too)."""
    del delimiter
    it = iter(rows)

    def comment(number: int, cells: list[str]) -> bool:
        return (number in dialect.comment_rows
                or bool(dialect.comment_char and cells and
                        cells[0].startswith(dialect.comment_char)))

    first = dialect.first_data_row
    header_rows: list[list[str]] = []
    pending: list[tuple[int, list[str]]] = []
    for number, cells in it:
        if number >= first:
            pending.append((number, cells))
            break
        if not comment(number, cells) and number in dialect.header_rows:
            header_rows.append(cells)
    if dialect.header and not header_rows:
        raise ReadError(path.name, "read-no-header")
    labels = labels_of(header_rows, dialect.header_join) if dialect.header else []
    if not dialect.header:
        width = max((len(c) for _, c in pending), default=0)
        labels = [f"field{i}" for i in range(1, width + 1)]
    return labels, _row_chunks(itertools.chain(pending, it), len(labels), comment)


def _row_chunks(rows: Iterator[tuple[int, list[str]]], width: int,
                comment: Any, size: int = 50_000) -> Iterator[Chunk]:
    part: list[list[str]] = []
    start = 0
    for number, cells in rows:
        if comment(number, cells):  # a comment row ends a chunk: chunks hold consecutive rows
            if part:
                yield from _list_chunks(part, width, start, size)
                part = []
            continue
        if not part:
            start = number
        part.append(cells)
        if len(part) >= size:
            yield from _list_chunks(part, width, start, size)
            part = []
    if part:
        yield from _list_chunks(part, width, start, size)


# Whole tables (small files) ---------------------------------------------------------------------

def read_header(path: Path, fmt: str, encoding: str | None = None,
                sheet: str | int | None = None) -> list[str]:
    """The header row of a file read with the default dialect (see :func:`open_resource`)."""
    return open_file(path, fmt, Dialect(sheet=sheet), encoding).labels


def read_table(path: Path, fmt: str, encoding: str | None = None,
               sheet: str | int | None = None, dialect: Dialect | None = None
               ) -> list[list[str]]:
    """Every row of a file as lists of strings, labels first (small files only)."""
    opened = open_file(path, fmt, dialect or Dialect(sheet=sheet), encoding)
    rows = [opened.labels]
    for chunk in opened.chunks:
        rows.extend(chunk.rows())
    return rows


def resource_rows(resource: Resource) -> list[list[str]]:
    """Every row of a resource as lists of strings, labels first (small files only)."""
    opened = open_resource(resource)
    rows = [opened.labels]
    for chunk in opened.chunks:
        rows.extend(chunk.rows())
    return rows


def field_names(labels: list[str], schema: dict[str, Any] | None) -> list[str]:
    """Column names for a table's labels: a label equal to the title of the schema field at its
    position is that field's name (stewards' files often carry the Chinese titles)."""
    fields = [f for f in (schema or {}).get("fields", []) if isinstance(f, dict)]
    out = []
    for i, label in enumerate(labels):
        fld = fields[i] if i < len(fields) else {}
        title = fld.get("title")
        out.append(str(fld["name"]) if isinstance(title, str) and label == title.strip()
                   and "name" in fld else label)
    return out


def read_frame(resource: Resource) -> pd.DataFrame:
    """A resource's whole table as a DataFrame: field names (or labels) as column names, every
    cell a string. Empty and absent cells are ''. Raises :class:`ReadError` for unreadable input.
    """
    import pandas as pd

    opened = open_resource(resource)
    header = opened.labels
    parts: dict[int, list[pa.Array]] = {i: [] for i in range(len(header))}
    for chunk in opened.chunks:
        for i, col in enumerate(chunk.columns[:len(header)]):
            parts[i].append(col.fill_null(""))
    data = {}
    for i in range(len(header)):
        joined = pa.chunked_array(parts[i], type=pa.string()).combine_chunks()
        data[i] = pd.Series(joined.to_pylist(), dtype="string[pyarrow]")
    frame = pd.DataFrame(data)
    frame.columns = field_names(header, resource.schema)
    return frame


def iter_frames(resource: Resource, rows: int | None = None) -> Iterator[pd.DataFrame]:
    """A resource's table as consecutive DataFrames of at most ``rows`` rows (the reader's
    chunks when None), named and filled as :func:`read_frame` names and fills them (cells are
    ``str``, a fresh RangeIndex each). An empty table gives one empty frame with its columns.
    """
    import pandas as pd

    opened = open_resource(resource)
    header = opened.labels
    columns = field_names(header, resource.schema)
    empty = True
    for chunk in opened.chunks:
        cols = [c.fill_null("") for c in chunk.columns[:len(header)]]
        total = len(cols[0]) if cols else 0
        step = rows or total or 1
        for start in range(0, total, step):
            part = {i: pd.Series(col.slice(start, step).to_pylist(), dtype=object)
                    for i, col in enumerate(cols)}
            frame = pd.DataFrame(part) if part else pd.DataFrame(index=range(min(step, total)))
            frame.columns = columns[:len(frame.columns)]
            empty = False
            yield frame
    if empty:
        yield pd.DataFrame({c: pd.Series([], dtype=object) for c in columns}, columns=columns)


# Chunks -----------------------------------------------------------------------------------------

@dataclass
class Chunk:
    """Consecutive data rows: ``columns[i]`` holds header position i (null = cell absent).

    ``widths`` is the number of cells of each row when some row is ragged, else None.
    ``first_row`` is the file row number (header = 1) of the chunk's first row.
    """

    first_row: int
    columns: list[pa.Array]
    widths: list[int] | None = None

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def rows(self) -> list[list[str]]:
        cols = [c.to_pylist() for c in self.columns]
        out = []
        for i in range(len(self)):
            width = self.widths[i] if self.widths is not None else len(cols)
            out.append([cols[j][i] or "" for j in range(min(width, len(cols)))])
        return out


def iter_chunks(path: Path, fmt: str, encoding: str | None = None,
                sheet: str | int | None = None, *, delimiter: str | None = None,
                threads: bool = False) -> tuple[list[str], Iterator[Chunk]]:
    """(labels, chunks of data rows) of a file read with the default dialect."""
    opened = open_file(path, fmt, Dialect(delimiter=delimiter, sheet=sheet), encoding,
                       threads=threads)
    return opened.labels, opened.chunks


def _list_chunks(rows: list[list[str]], width: int, first: int,
                 size: int = 50_000) -> Iterator[Chunk]:
    for start in range(0, len(rows), size):
        part = rows[start:start + size]
        widths = [len(r) for r in part]
        cols = [pa.array([r[j] if j < len(r) else None for r in part], type=pa.string())
                for j in range(width)]
        ragged = any(w != width for w in widths)
        yield Chunk(first + start, cols, widths if ragged else None)


def _csv_chunks(path: Path, decision: Decision, delimiter: str, quote: str, width: int,
                chunk_bytes: int, threads: bool) -> Iterator[Chunk]:
    enc = decision.encoding
    names = [f"c{i}" for i in range(width)]
    invalid: list[tuple[int, str]] = []

    def on_invalid(row: Any) -> str:
        if threads or row.number is None:
            return "error"
        invalid.append((int(row.number), str(row.text)))
        return "skip"

    read = pacsv.ReadOptions(column_names=names, use_threads=threads,
                             block_size=chunk_bytes,
                             encoding="utf8" if enc in _UTF8 else enc)
    parse = pacsv.ParseOptions(delimiter=delimiter, quote_char=quote, newlines_in_values=True,
                               ignore_empty_lines=False, invalid_row_handler=on_invalid)
    convert = pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                   strings_can_be_null=False, quoted_strings_can_be_null=False)
    try:
        reader = pacsv.open_csv(str(path), read_options=read, parse_options=parse,
                                convert_options=convert)
        next_row = 1  # file row number of the next logical row
        skip_header = True
        group: list[list[pa.Array]] = []
        group_first = 2
        for batch in reader:
            cols = list(batch.columns)
            n = batch.num_rows
            # Rows pyarrow skipped (wrong cell count) belong in this batch at their numbers.
            inserted: list[tuple[int, str]] = []
            while invalid and invalid[0][0] < next_row + n + len(inserted):
                inserted.append(invalid.pop(0))
            if inserted:
                yield from _flush(group, group_first)
                group = []
                yield from _with_ragged(cols, next_row, inserted, width, delimiter, skip_header,
                                        quote)
                group_first = next_row + n + len(inserted)
            else:
                if skip_header:
                    cols = [c.slice(1) for c in cols]
                if not group:
                    group_first = next_row + (1 if skip_header else 0)
                group.append(cols)
                if sum(len(g[0]) for g in group) >= CHUNK_ROWS:
                    yield from _flush(group, group_first)
                    group = []
            skip_header = False
            next_row += n + len(inserted)
        yield from _flush(group, group_first)
        for number, text in invalid:  # trailing ragged rows after the last batch
            yield from _with_ragged([pa.array([], pa.string())] * width, number, [(number, text)],
                                    width, delimiter, False, quote)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        if threads and "Expected" in str(exc) and "columns" in str(exc):
            raise RaggedRows() from None  # a signal: the row text it quotes stays here
        reason = _arrow_reason(exc)
        if reason == "invalid bytes for its encoding":
            raise ReadError(path.name, "read-invalid-bytes", "encoding-error", decision,
                            encoding=enc) from None
        if reason.startswith("a row is longer than"):
            raise ReadError(path.name, "read-row-too-long", "source-error", decision,
                            mb=MAX_ROW_BYTES >> 20) from None
        raise ReadError(path.name, "read-not-csv", "source-error", decision,
                        detail=reason) from None


def _flush(group: list[list[pa.Array]], first: int) -> Iterator[Chunk]:
    if not group or not group[0] or not sum(len(g[0]) for g in group):
        return
    if len(group) == 1:
        yield Chunk(first, group[0])
        return
    yield Chunk(first, [pa.concat_arrays([g[j] for g in group]) for j in range(len(group[0]))])


def _with_ragged(cols: list[pa.Array], first: int, inserted: list[tuple[int, str]], width: int,
                 delimiter: str, skip_header: bool, quote: str = '"') -> Iterator[Chunk]:
    plain = [c.to_pylist() for c in cols]
    total = (len(plain[0]) if plain else 0) + len(inserted)
    extra = dict(inserted)
    rows: list[list[str]] = []
    it = 0
    for k in range(total):
        number = first + k
        if number in extra:
            parsed = next(csv.reader(io.StringIO(extra[number]), delimiter=delimiter,
                                     quotechar=quote), [])
            rows.append(parsed)
        else:
            rows.append([plain[j][it] for j in range(width)])
            it += 1
    start = first
    if skip_header:
        rows, start = rows[1:], first + 1
    yield from _list_chunks(rows, width, start)


#: pyarrow quotes the offending row after its diagnosis ("… got 4: 4,44150219…,6,7"); a row
#: may hold personal values, so only the diagnosis is kept.
_QUOTED_ROW = re.compile(r"(got \d+|columns?)\s*:.*$")


def _arrow_reason(exc: BaseException) -> str:
    text = str(exc)
    if "straddling" in text or "block size" in text:
        return f"a row is longer than {MAX_ROW_BYTES >> 20} MB; not a CSV table"
    if isinstance(exc, UnicodeDecodeError) or "UTF8" in text or "utf8" in text.lower():
        return "invalid bytes for its encoding"
    if not text:
        return type(exc).__name__
    return _QUOTED_ROW.sub(r"\1", text.splitlines()[0])[:200]
