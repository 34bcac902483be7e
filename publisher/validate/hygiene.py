"""Our own findings on cells frictionless lets through or rejects by accident of Python parsing.

``stray-whitespace``: leading or trailing whitespace (ASCII, no-break or ideographic space).
``fullwidth-digits``: full-width digits ０-９ in a typed (not string) field or an identifier.
Both are reported, never silently fixed, unless the schema opts in with
``"normalize": ["whitespace", "fullwidth-digits"]``; then :func:`normalize` fixes the cells
before any check runs.
"""

from __future__ import annotations

from collections.abc import Iterator

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

_SPACE = "\\s\\x{00a0}\\x{3000}"
STRAY = f"^[{_SPACE}]|[{_SPACE}]$"
FULLWIDTH = "[\\x{ff10}-\\x{ff19}]"
UNTYPED = ("string", "any")
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


def _matches(col: pa.Array, regex: str) -> pa.Array:
    # Regexes that must scan every character are slow on Chinese text; these shortcuts give
    # the same answer: ASCII trimming and fixed prefixes/suffixes for the two wide spaces, and
    # full-width digits only looked for in the (rare) non-ASCII cells of typed fields.
    if regex == STRAY:
        trimmed = pc.ascii_trim_whitespace(col)
        hit = pc.not_equal(pc.binary_length(trimmed), pc.binary_length(col))
        for space in ("\u00a0", "\u3000"):
            hit = pc.or_(hit, pc.or_(pc.starts_with(col, space), pc.ends_with(col, space)))
        return hit
    wide = pc.invert(pc.string_is_ascii(col))
    if not pc.any(wide).as_py():
        return wide
    return pc.and_(wide, pc.match_substring_regex(col, regex))


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
            hit = pc.fill_null(_matches(col, regex), False)
            for i in np.flatnonzero(hit.to_numpy(zero_copy_only=False) & present):
                yield table.finding(code, row=chunk.first_row + int(i), fld=fld)
        if fld.caster.type in NUMERIC and cast.slow is not None and cast.slow.any():
            odd = pc.fill_null(pc.match_substring_regex(col, ODD_NUMBER), False)
            accepted = cast.slow & odd.to_numpy(zero_copy_only=False) & present
            for i in np.flatnonzero(accepted):
                yield table.finding("nonstandard-number", row=chunk.first_row + int(i),
                                    fld=fld)
