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


def edge_whitespace(col: pa.Array) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Whether each cell starts or ends with whitespace, read off the UTF-8 bytes in numpy.

    Whitespace here is ASCII whitespace, U+00A0 (C2 A0) and U+3000 (E3 80 80). Two gathers
    (first and last byte of every cell) find the few candidates; only those are looked at
    closer, instead of a regex or a trimmed copy of every string.
    """
    n = len(col)
    if n == 0:
        return np.zeros(0, bool)
    if col.offset:
        col = pa.concat_arrays([col])
    offsets = np.frombuffer(col.buffers()[1], np.int32)[: n + 1]
    buffer = col.buffers()[2]
    data = np.frombuffer(buffer, np.uint8) if buffer is not None else np.zeros(0, np.uint8)
    if len(data) == 0:
        return np.zeros(n, bool)
    starts, ends = offsets[:-1], offsets[1:]
    last = len(data) - 1
    nonempty = ends > starts
    first_byte = data[np.minimum(starts, last)]
    last_byte = data[np.maximum(ends - 1, 0)]
    candidate = nonempty & (_MAY_OPEN[first_byte] | _MAY_CLOSE[last_byte])
    hit = np.zeros(n, bool)
    idx = np.flatnonzero(candidate)
    if len(idx):
        s, e = starts[idx], ends[idx]
        size = e - s
        f0, f1, f2 = (data[np.minimum(s + k, last)] for k in range(3))
        l1, l2, l3 = (data[np.maximum(e - k, 0)] for k in (1, 2, 3))
        found = _ASCII_SPACE[f0] | _ASCII_SPACE[l1]
        two, three = size >= 2, size >= 3
        found |= two & (((f0 == 0xC2) & (f1 == 0xA0)) | ((l2 == 0xC2) & (l1 == 0xA0)))
        found |= three & (((f0 == 0xE3) & (f1 == 0x80) & (f2 == 0x80))
                          | ((l3 == 0xE3) & (l2 == 0x80) & (l1 == 0x80)))
        hit[idx] = found
    if col.null_count:
        hit &= col.is_valid().to_numpy(zero_copy_only=False)
    return hit


def _matches(col: pa.Array, regex: str) -> np.ndarray[Any, np.dtype[np.bool_]]:
    if regex == STRAY:
        return edge_whitespace(col)
    # Full-width digits are looked for only in the (rare) non-ASCII cells of typed fields;
    # one max over the character buffer usually shows there are none.
    data = col.buffers()[2]
    if data is None or not len(data) or np.frombuffer(data, np.uint8).max() < 0x80:
        return np.zeros(len(col), bool)
    wide = pc.invert(pc.string_is_ascii(col))
    hit = pc.fill_null(pc.and_(wide, pc.match_substring_regex(col, regex)), False)
    return np.asarray(hit.to_numpy(zero_copy_only=False), bool)


def check(table: Table, chunk: Chunk) -> Iterator[Finding]:
    for fld, cast, col in zip(table.fields, chunk.casts, chunk.cells, strict=True):
        if not fld.in_schema:
            continue
        present = ~cast.missing & ~chunk.blank
        rules = []
        if "whitespace" not in table.normalize:
            rules.append(("stray-whitespace", STRAY))
        typed = fld.caster.type not in UNTYPED or "checkDigit" in fld.descriptor
        if typed and "fullwidth-digits" not in table.normalize:
            rules.append(("fullwidth-digits", FULLWIDTH))
        for code, regex in rules:
            for i in np.flatnonzero(_matches(col, regex) & present):
                yield table.finding(code, row=chunk.first_row + int(i), fld=fld)
        if fld.caster.type in UNTYPED:
            rounded = pc.fill_null(pc.match_substring_regex(col, SCIENTIFIC), False)
            for i in np.flatnonzero(rounded.to_numpy(zero_copy_only=False) & present):
                yield table.finding("number-lost-digits", row=chunk.first_row + int(i),
                                    fld=fld)
        if fld.caster.type in NUMERIC and cast.slow is not None and cast.slow.any():
            odd = pc.fill_null(pc.match_substring_regex(col, ODD_NUMBER), False)
            accepted = cast.slow & odd.to_numpy(zero_copy_only=False) & present
            for i in np.flatnonzero(accepted):
                yield table.finding("nonstandard-number", row=chunk.first_row + int(i),
                                    fld=fld)
