"""Open tabular files the way stewards save them: CSV in UTF-8 (with or without BOM), GBK or
GB18030, and XLSX. Encodings are detected by strict decoding, preferring the superset GB18030
over GBK/GB2312, because guessers call GB18030 files GB2312 and fall back to UTF-8 when unsure.

Big files are read in chunks (:func:`iter_chunks`) with bounded memory: pyarrow's streaming CSV
reader does the parsing, every cell stays a string. Anything that is not the table it claims to
be (empty, binary, a row longer than :data:`MAX_ROW_BYTES`, a wrong declared encoding, a workbook
that is not one) raises :class:`ReadError` with a message a steward can act on.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.csv as pacsv

if TYPE_CHECKING:
    import pandas as pd

    from publisher.dataset import Resource

SNIFF_BYTES = 1 << 20
#: pyarrow's block size: also the longest row we accept (a longer one is not a table row).
#: pyarrow reads ahead about twenty blocks, so this bounds the reader's memory too.
MAX_ROW_BYTES = 1 << 20
#: Batches are grouped into chunks of at least this many rows, so checks work on big vectors.
CHUNK_ROWS = 1 << 16
#: Tried in this order; GB18030 decodes everything GBK and GB2312 do.
CANDIDATES = ("utf-8-sig", "gb18030")
_UTF8 = {"utf-8", "utf8", "utf-8-sig", "utf_8", "utf_8_sig"}


class ReadError(Exception):
    """A file cannot be read as the table it claims to be (a user mistake: report it, exit 2)."""


class RaggedRows(Exception):  # noqa: N818 (a signal, not an error)
    """A threaded read met rows of the wrong width: read again with ``threads=False``."""


def _sample(path: Path, size: int = SNIFF_BYTES) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except FileNotFoundError:
        raise ReadError(f"{path.name}: file not found") from None
    except IsADirectoryError:
        raise ReadError(f"{path.name}: is a folder, not a file") from None


def _decodes(sample: bytes, encoding: str, complete: bool) -> bool:
    try:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        # A multi-byte character cut at the sample's end is not a decoding error.
        decoder.decode(sample, final=complete)
        return True
    except (UnicodeDecodeError, LookupError):
        return False


def detect_encoding(path: Path, declared: str | None = None) -> str:
    """The encoding to read ``path`` with: the declared one if it decodes, else a strict guess.

    UTF-8 is returned as ``utf-8-sig`` so that a BOM is dropped when present.
    """
    sample = _sample(path)
    if not sample:
        raise ReadError(f"{path.name}: the file is empty")
    if sample.startswith(b"PK\x03\x04"):
        raise ReadError(f"{path.name}: a ZIP/XLSX archive, not a CSV text file")
    if b"\x00" in sample:
        raise ReadError(f"{path.name}: binary content (NUL bytes), not a text table")
    complete = len(sample) < SNIFF_BYTES
    if declared:
        if not _decodes(sample, declared, complete):
            raise ReadError(f"{path.name}: does not decode as the declared encoding {declared}")
        return "utf-8-sig" if declared.lower() in _UTF8 else declared.lower()
    for enc in CANDIDATES:
        if _decodes(sample, enc, complete):
            return enc
    raise ReadError(f"{path.name}: neither UTF-8 nor GB18030 text")


def _first_record(path: Path, encoding: str, delimiter: str) -> list[str]:
    raw = _sample(path)
    if len(raw) >= SNIFF_BYTES and b"\n" not in raw and b"\r" not in raw:
        raise ReadError(f"{path.name}: the first row is longer than 1 MB; not a CSV table")
    text = raw.decode(encoding, errors="ignore")
    try:
        return next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    except csv.Error as exc:
        raise ReadError(f"{path.name}: the header row cannot be parsed ({exc})") from None


# XLSX -------------------------------------------------------------------------------------------

def xlsx_cell(value: Any) -> str:
    """A workbook cell as the text a steward sees ('' for empty; 5.0 as '5'; dates in ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _xlsx_rows(path: Path, sheet: str | None) -> list[list[str]]:
    from python_calamine import CalamineWorkbook

    if not path.is_file():
        raise ReadError(f"{path.name}: file not found")
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
    except Exception as exc:  # calamine raises several unrelated types for a bad workbook
        raise ReadError(f"{path.name}: not a readable XLSX workbook ({exc})") from None
    name = sheet or (names[0] if names else None)
    if name is None or name not in names:
        raise ReadError(f"{path.name}: no sheet named {sheet!r} (sheets: {', '.join(names)})")
    try:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:
        raise ReadError(f"{path.name}: sheet {name!r} cannot be read ({exc})") from None
    out = [[xlsx_cell(c) for c in row] for row in rows]
    while out and not any(out[-1]):  # calamine pads the used range; trailing blanks are not rows
        out.pop()
    return out


# Whole tables (small files) ---------------------------------------------------------------------

def read_header(path: Path, fmt: str, encoding: str | None = None,
                sheet: str | None = None) -> list[str]:
    """The header row of a CSV or XLSX file."""
    if not path.is_file():
        raise ReadError(f"{path.name}: file not found")
    if fmt == "xlsx":
        rows = _xlsx_rows(path, sheet)
        return [c.strip() for c in rows[0]] if rows else []
    return _first_record(path, detect_encoding(path, encoding), ",")


def read_table(path: Path, fmt: str, encoding: str | None = None,
               sheet: str | None = None) -> list[list[str]]:
    """Every row of a CSV or XLSX file as lists of strings, header first (small files only).

    The validation engine reads in chunks (:func:`iter_chunks`); this is for tests and tools.
    """
    if fmt == "xlsx":
        return _xlsx_rows(path, sheet)
    header, chunks = iter_chunks(path, fmt, encoding, sheet)
    rows = [header]
    for chunk in chunks:
        rows.extend(chunk.rows())
    return rows


def read_frame(resource: Resource) -> pd.DataFrame:
    """A resource's whole table as a DataFrame: header as column names, every cell a string.

    Empty and absent cells are ''. Raises :class:`ReadError` for unreadable input.
    """
    import pandas as pd

    header, chunks = iter_chunks(resource.path, resource.format, resource.encoding,
                                 resource.sheet, delimiter=delimiter_of(resource))
    parts: dict[int, list[pa.Array]] = {i: [] for i in range(len(header))}
    for chunk in chunks:
        for i, col in enumerate(chunk.columns):
            parts[i].append(col.fill_null(""))
    data = {}
    for i in range(len(header)):
        joined = pa.chunked_array(parts[i], type=pa.string()).combine_chunks()
        data[i] = pd.Series(joined.to_pylist(), dtype="string[pyarrow]")
    frame = pd.DataFrame(data)
    frame.columns = header
    return frame


def delimiter_of(resource: Resource) -> str:
    """The CSV delimiter a resource declares in its ``dialect`` (default ',')."""
    dialect = resource.descriptor.get("dialect")
    if isinstance(dialect, dict):
        value = dialect.get("delimiter") or (dialect.get("csv") or {}).get("delimiter")
        if isinstance(value, str) and len(value) == 1:
            return value
    return ","


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


def iter_chunks(path: Path, fmt: str, encoding: str | None = None, sheet: str | None = None,
                *, delimiter: str = ",", chunk_bytes: int = MAX_ROW_BYTES, threads: bool = False,
                ) -> tuple[list[str], Iterator[Chunk]]:
    """(header, chunks of data rows) of a CSV or XLSX file, reading lazily with bounded memory.

    ``threads=True`` parses faster on several cores but raises :class:`RaggedRows` at the first
    row with too many or too few cells (their numbers are known only to a sequential read).
    """
    if fmt == "xlsx":
        rows = _xlsx_rows(path, sheet)
        if not rows:
            raise ReadError(f"{path.name}: the sheet is empty")
        return rows[0], iter(_list_chunks(rows[1:], len(rows[0]), 2))
    if fmt not in ("csv", "tsv", "txt"):
        raise ReadError(f"{path.name}: format {fmt!r} is not a table format we read "
                        "(csv or xlsx)")
    if fmt == "tsv":
        delimiter = "\t"
    enc = detect_encoding(path, encoding)
    header = _first_record(path, enc, delimiter)
    if not header:
        raise ReadError(f"{path.name}: the first row is empty; a table starts with its header")
    return header, _csv_chunks(path, enc, delimiter, len(header), chunk_bytes, threads)


def _list_chunks(rows: list[list[str]], width: int, first: int,
                 size: int = 50_000) -> Iterator[Chunk]:
    for start in range(0, len(rows), size):
        part = rows[start:start + size]
        widths = [len(r) for r in part]
        cols = [pa.array([r[j] if j < len(r) else None for r in part], type=pa.string())
                for j in range(width)]
        ragged = any(w != width for w in widths)
        yield Chunk(first + start, cols, widths if ragged else None)


def _csv_chunks(path: Path, enc: str, delimiter: str, width: int,
                chunk_bytes: int, threads: bool) -> Iterator[Chunk]:
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
    parse = pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
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
                yield from _with_ragged(cols, next_row, inserted, width, delimiter, skip_header)
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
                                    width, delimiter, False)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        if threads and "Expected" in str(exc) and "columns" in str(exc):
            raise RaggedRows() from None  # a signal: the row text it quotes stays here
        raise ReadError(f"{path.name}: {_arrow_reason(exc)}") from None


def _flush(group: list[list[pa.Array]], first: int) -> Iterator[Chunk]:
    if not group or not group[0] or not sum(len(g[0]) for g in group):
        return
    if len(group) == 1:
        yield Chunk(first, group[0])
        return
    yield Chunk(first, [pa.concat_arrays([g[j] for g in group]) for j in range(len(group[0]))])


def _with_ragged(cols: list[pa.Array], first: int, inserted: list[tuple[int, str]], width: int,
                 delimiter: str, skip_header: bool) -> Iterator[Chunk]:
    plain = [c.to_pylist() for c in cols]
    total = (len(plain[0]) if plain else 0) + len(inserted)
    extra = dict(inserted)
    rows: list[list[str]] = []
    it = 0
    for k in range(total):
        number = first + k
        if number in extra:
            parsed = next(csv.reader(io.StringIO(extra[number]), delimiter=delimiter), [])
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
