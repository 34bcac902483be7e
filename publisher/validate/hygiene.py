"""Our own findings on cells frictionless lets through or rejects by accident of Python parsing.

``stray-whitespace``: leading or trailing whitespace (ASCII, no-break or ideographic space).
``fullwidth-digits``: full-width digits ０-９ in a typed (not string) field or an identifier.
``number-lost-digits``: a text field holds a number in scientific notation (``4.41521E+17``), the
mark of an identifier that a spreadsheet stored as a number and rounded to 15 digits.
Both are reported, never silently fixed, unless the schema opts in with
``"normalize": ["whitespace", "fullwidth-digits"]``; then :func:`normalize` fixes the cells
before any check runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from publisher import codes
from publisher.findings import Finding
from publisher.validate.context import Chunk, Table

codes.define("stray-whitespace", stage="validate", title=("多余空白", "Stray whitespace"),
             description="The cell starts or ends with whitespace (opt in to normalisation "
                         "with the schema property normalize: [whitespace]).",
             message=("资源 {resource}：第 {row} 行字段 {field} 的值首尾有多余空白",
                      "Resource {resource}: row {row}, field {field} has leading or trailing "
                      "whitespace"))
codes.define("nonstandard-number", stage="validate",
             title=("非标准数字写法", "Non-standard number"),
             description="A number written with underscores (1_000) or non-ASCII digits: "
                         "Python, and so frictionless, accepts it, most software does not.",
             message=("资源 {resource}：第 {row} 行字段 {field} 的数字写法不标准（如 1_000）",
                      "Resource {resource}: row {row}, field {field} writes a number in a "
                      "non-standard way (such as 1_000)"))
codes.define("fullwidth-digits", stage="validate", title=("全角数字", "Full-width digits"),
             description="The cell of a typed field holds full-width digits (０-９); opt in to "
                         "normalisation with normalize: [fullwidth-digits].",
             message=("资源 {resource}：第 {row} 行字段 {field} 含全角数字",
                      "Resource {resource}: row {row}, field {field} contains full-width digits"))

codes.define("number-lost-digits", stage="validate",
             title=("数字已丢失位数", "Number lost its digits"),
             description="A text field holds a number in scientific notation (4.41521E+17): a "
                         "spreadsheet stored an identifier (ID, bank card, case number) as a "
                         "number and kept only 15 digits. The lost digits cannot be recovered: "
                         "format the column as text in the workbook and export again.",
             message=("资源 {resource}：第 {row} 行字段 {field} 的值是科学计数法数字，"
                      "表格软件已将其舍入为 15 位有效数字，请将该列设为文本格式后重新导出",
                      "Resource {resource}: row {row}, field {field} holds a number in "
                      "scientific notation: the spreadsheet rounded it to 15 digits; format the "
                      "column as text and export again"))

_SPACE = "\\s\\x{00a0}\\x{3000}"
STRAY = f"^[{_SPACE}]|[{_SPACE}]$"
FULLWIDTH = "[\\x{ff10}-\\x{ff19}]"
UNTYPED = ("string", "any")
#: A number as Excel shows (4.41521E+17) or exports a long one.
SCIENTIFIC = "^[+-]?[0-9](\\.[0-9]+)?[eE]\\+?[0-9]+$"
NUMERIC = ("integer", "number", "year")
#: Underscores, or non-ASCII characters other than full-width digits and spaces.
ODD_NUMBER = "_|[^\\x00-\\x7f\\x{ff10}-\\x{ff19}\\x{3000}\\x{00a0}]"


def normalize(col: pa.Array, options: frozenset[str]) -> pa.Array:
    """The cells with the normalisations the schema opted into applied."""
    if "fullwidth-digits" in options:
        for digit in range(10):
            col = pc.replace_substring(col, chr(0xFF10 + digit), str(digit))
    if "whitespace" in options:
        col = pc.replace_substring_regex(col, f"^[{_SPACE}]+|[{_SPACE}]+$", "")
    return col


_ASCII_SPACE = np.zeros(256, bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 32]] = True
#: Bytes that can open / close a whitespace character (ASCII space, C2 A0, E3 80 80).
_MAY_OPEN = _ASCII_SPACE.copy()
_MAY_OPEN[[0xC2, 0xE3]] = True
_MAY_CLOSE = _ASCII_SPACE.copy()
_MAY_CLOSE[[0xA0, 0x80]] = True
_DIGIT = np.zeros(256, bool)
_DIGIT[48:58] = True
#: Byte classes as bits of one table: a digit, a sign, what follows the first digit of
#: 4.41521E+17 or 4E17.
_D, _S, _M = 1, 2, 4
_CLASS = np.zeros(256, np.uint8)
_CLASS[48:58] |= _D
_CLASS[[ord("+"), ord("-")]] |= _S
_CLASS[[ord("."), ord("e"), ord("E")]] |= _M

BoolArray = np.ndarray[Any, np.dtype[np.bool_]]


class _Bytes:
    """The UTF-8 bytes of a string column, with gathers of the bytes at either edge."""

    def __init__(self, col: pa.Array) -> None:
        n = len(col)
        if col.offset:
            col = pa.concat_arrays([col])
        offsets = np.frombuffer(col.buffers()[1], np.int32)[: n + 1]
        buffer = col.buffers()[2]
        self.data = (np.frombuffer(buffer, np.uint8) if buffer is not None and len(buffer)
                     else np.zeros(1, np.uint8))
        self.starts, self.ends = offsets[:-1], offsets[1:]
        self.size = self.ends - self.starts
        self.valid = (col.is_valid().to_numpy(zero_copy_only=False) if col.null_count
                      else None)

    def head(self, k: int) -> np.ndarray[Any, np.dtype[np.uint8]]:
        """Byte k of each cell (any byte where the cell is shorter: callers test the size)."""
        return np.take(self.data, self.starts + k, mode="clip")

    def tail(self, k: int) -> np.ndarray[Any, np.dtype[np.uint8]]:
        """Byte k from the end (1: the last) of each cell, as :meth:`head`."""
        return np.take(self.data, self.ends - k, mode="clip")

    def present(self, mask: BoolArray) -> BoolArray:
        return mask if self.valid is None else mask & self.valid


def edge_whitespace(col: pa.Array, cells: _Bytes | None = None) -> BoolArray:
    """Whether each cell starts or ends with whitespace, read off the UTF-8 bytes in numpy.

    Whitespace here is ASCII whitespace, U+00A0 (C2 A0) and U+3000 (E3 80 80). Two gathers
    (first and last byte of every cell) find the few candidates; only those are looked at
    closer, instead of a regex or a trimmed copy of every string.
    """
    b = cells or _Bytes(col)
    hit = np.zeros(len(col), bool)
    # (np.take: a gather from a byte table, faster than indexing with the array)
    candidate = (b.size > 0) & (np.take(_MAY_OPEN, b.head(0)) | np.take(_MAY_CLOSE, b.tail(1)))
    idx = np.flatnonzero(candidate)
    if len(idx):
        s, e = b.starts[idx], b.ends[idx]
        size = e - s
        f0, f1, f2 = (np.take(b.data, s + k, mode="clip") for k in range(3))
        l1, l2, l3 = (np.take(b.data, e - k, mode="clip") for k in (1, 2, 3))
        found = _ASCII_SPACE[f0] | _ASCII_SPACE[l1]
        two, three = size >= 2, size >= 3
        found |= two & (((f0 == 0xC2) & (f1 == 0xA0)) | ((l2 == 0xC2) & (l1 == 0xA0)))
        found |= three & (((f0 == 0xE3) & (f1 == 0x80) & (f2 == 0x80))
                          | ((l3 == 0xE3) & (l2 == 0x80) & (l1 == 0x80)))
        hit[idx] = found
    return b.present(hit)


def scientific(col: pa.Array, cells: _Bytes | None = None) -> BoolArray:
    """Whether each cell is a number in scientific notation (:data:`SCIENTIFIC`).

    The regex runs only on the cells whose edge bytes allow it (a digit then ``.`` ``e`` or
    ``E``, after an optional sign, and a digit last): identifiers of digits alone are not.
    """
    b = cells or _Bytes(col)
    hit = np.zeros(len(col), bool)
    idx = np.flatnonzero(b.present((b.size >= 3) & np.take(_DIGIT, b.tail(1))))
    if len(idx):  # a digit last: then the first bytes
        s = b.starts[idx]
        b0, b1, b2 = (np.take(_CLASS, np.take(b.data, s + k, mode="clip"))
                      for k in range(3))
        idx = idx[((b0 & _D) != 0) & ((b1 & _M) != 0)
                  | ((b0 & _S) != 0) & ((b1 & _D) != 0) & ((b2 & _M) != 0)]
    if len(idx):
        found = pc.match_substring_regex(col.take(pa.array(idx)), SCIENTIFIC)
        hit[idx] = pc.fill_null(found, False).to_numpy(zero_copy_only=False)
    return hit


def _fullwidth(col: pa.Array) -> BoolArray:
    # Full-width digits are looked for only in the (rare) non-ASCII cells of typed fields;
    # one max over the character buffer usually shows there are none.
    data = col.buffers()[2]
    if data is None or not len(data) or np.frombuffer(data, np.uint8).max() < 0x80:
        return np.zeros(len(col), bool)
    wide = pc.invert(pc.string_is_ascii(col))
    hit = pc.fill_null(pc.and_(wide, pc.match_substring_regex(col, FULLWIDTH)), False)
    return np.asarray(hit.to_numpy(zero_copy_only=False), bool)


def _rows(mask: BoolArray, idx: np.ndarray[Any, np.dtype[np.intp]] | None
          ) -> np.ndarray[Any, np.dtype[np.intp]]:
    """Positions in the chunk of the cells ``mask`` marks (``idx``: the cells it is over)."""
    hits = np.flatnonzero(mask)
    return hits if idx is None else idx[hits]


def check(table: Table, chunk: Chunk) -> Iterator[Finding]:
    for fld, cast, col in zip(table.fields, chunk.casts, chunk.cells, strict=True):
        if not fld.in_schema:
            continue
        present = ~cast.missing & ~chunk.blank
        typed = fld.caster.type not in UNTYPED
        idx = None
        cells = col
        if typed and fld.caster.plain_fast and cast.slow is not None:
            # The cells the caster's canonical fast path took are ASCII digits and separators
            # (no whitespace, no full-width digit): only the others are looked at.
            idx = np.flatnonzero(present & (cast.slow | cast.invalid))
            cells = col.take(pa.array(idx))
        bytes_ = _Bytes(cells)
        found = []
        if "whitespace" not in table.normalize:
            found.append(("stray-whitespace", edge_whitespace(cells, bytes_)))
        if (typed or "checkDigit" in fld.descriptor) and "fullwidth-digits" not in table.normalize:
            found.append(("fullwidth-digits", _fullwidth(cells)))
        if not typed:
            found.append(("number-lost-digits", scientific(cells, bytes_)))
        look = present if idx is None else present[idx]
        for code, mask in found:
            for i in _rows(mask & look, idx):
                yield table.finding(code, row=chunk.first_row + int(i), fld=fld)
        if fld.caster.type in NUMERIC and cast.slow is not None and cast.slow.any():
            odd = pc.fill_null(pc.match_substring_regex(col, ODD_NUMBER), False)
            accepted = cast.slow & odd.to_numpy(zero_copy_only=False) & present
            for i in np.flatnonzero(accepted):
                yield table.finding("nonstandard-number", row=chunk.first_row + int(i),
                                    fld=fld)
