"""``pattern``: the whole string matches the regular expression (Python ``re`` semantics).

RE2 (through pyarrow) decides the cells where it agrees with Python's ``re``. ``\\d \\w \\s``
are Unicode-aware in Python but ASCII in RE2, so:

- a pattern without class escapes: RE2 decides every cell without a line feed (``$`` also
  matches before a final line feed in Python);
- a pattern with only the positive classes ``\\d \\w \\s`` (no ``\\D \\W \\S \\b \\B``,
  no negated set): RE2's language is then a subset of Python's, so a RE2 match is a Python
  match, and only the cells RE2 rejects (the rare invalid ones) are asked of ``re``;
- otherwise RE2 decides the cells of printable ASCII only.

Other cells, and patterns RE2 cannot compile, go through ``re`` once per distinct value.

A pattern of a fixed number of characters, each from a set (``\\d{17}[\\dX]``, a credit
code's classes), needs no regex engine for the cells of that many bytes: numpy looks each byte
up in its position's table, which Python's ``re`` itself decides for every ASCII character. A
cell of that many bytes with a non-ASCII character has fewer characters than the pattern, so
no match; longer cells (a non-ASCII character, a final line feed) go through ``re``.
"""

from __future__ import annotations

import re
import re._parser as sre_parse
from functools import lru_cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from publisher.validate.cast import BoolArray, Cast
from publisher.validate.context import FieldInfo
from publisher.validate.fixed_width import byte_matrix

_PLAIN = r"^[\x20-\x7e]*$"
_UNICODE_CLASSES = re.compile(r"\\[dDwWsSbB]")
_NEGATIVE = re.compile(r"\\[DWSbB]|\[\^")


@lru_cache(maxsize=256)
def _re2_ok(pattern: str) -> bool:
    try:
        pc.match_substring_regex(pa.array(["x"]), pattern)
        return True
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False


_CATEGORIES = {sre_parse.CATEGORY_DIGIT: r"\d", sre_parse.CATEGORY_NOT_DIGIT: r"\D",
               sre_parse.CATEGORY_SPACE: r"\s", sre_parse.CATEGORY_NOT_SPACE: r"\S",
               sre_parse.CATEGORY_WORD: r"\w", sre_parse.CATEGORY_NOT_WORD: r"\W"}


def _one_char(op: Any, av: Any) -> np.ndarray[Any, np.dtype[np.bool_]] | None:
    """The ASCII characters one parsed element matches, as a byte table (None: not one
    character from a set)."""
    table = np.zeros(256, bool)
    ascii_ = range(128)
    if op is sre_parse.LITERAL:  # a non-ASCII one: no cell of as many bytes as characters
        if av < 128:
            table[av] = True
        return table
    if op is sre_parse.NOT_LITERAL:
        table[[b for b in ascii_ if b != av]] = True
        return table
    if op is sre_parse.ANY:
        table[[b for b in ascii_ if b != 10]] = True
        return table
    if op is not sre_parse.IN:
        return None
    negate = bool(av) and av[0][0] is sre_parse.NEGATE
    for item_op, item in av[1:] if negate else av:
        if item_op is sre_parse.LITERAL:
            if item < 128:
                table[item] = True
        elif item_op is sre_parse.RANGE:
            table[[b for b in ascii_ if item[0] <= b <= item[1]]] = True
        elif item_op is sre_parse.CATEGORY and item in _CATEGORIES:
            one = re.compile(_CATEGORIES[item])
            table[[b for b in ascii_ if one.fullmatch(chr(b))]] = True
        else:
            return None
    if negate:
        table[:128] = ~table[:128]
    return table


@lru_cache(maxsize=256)
def _fixed(anchored: str) -> tuple[np.ndarray[Any, np.dtype[np.bool_]], ...] | None:
    """Per character position, the byte table of a pattern that matches exactly one character
    from a set at each (None for any other pattern, or one with flags)."""
    try:
        parsed = sre_parse.parse(anchored)
    except re.error:
        return None
    items = list(parsed)
    if (parsed.state.flags & ~re.UNICODE or len(items) < 2
            or items[0] != (sre_parse.AT, sre_parse.AT_BEGINNING)
            or items[-1] != (sre_parse.AT, sre_parse.AT_END)):
        return None
    tables: list[np.ndarray[Any, np.dtype[np.bool_]]] = []
    for op, av in items[1:-1]:
        count = 1
        if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
            low, high, sub = av
            if low != high or len(sub) != 1:
                return None
            count, (op, av) = low, list(sub)[0]
        table = _one_char(op, av)
        if table is None:
            return None
        tables.extend([table] * count)
    return tuple(tables) if tables else None


def _fixed_bad(values: pa.Array, present: BoolArray,
               tables: tuple[np.ndarray[Any, np.dtype[np.bool_]], ...]
               ) -> tuple[BoolArray, BoolArray]:
    """(cells decided not to match, cells left to ``re``) for a fixed-width pattern."""
    size = len(tables)
    lengths = pc.fill_null(pc.binary_length(values), 0).to_numpy(zero_copy_only=False)
    idx, matrix = byte_matrix(values, present, size)
    good = np.ones(len(idx), bool)
    for k, table in enumerate(tables):
        good &= np.take(table, matrix[:, k])
    bad = present & (lengths < size)  # fewer bytes, so fewer characters than the pattern
    bad[idx] = ~good
    return bad, present & (lengths > size)


def _has_newline(values: pa.Array) -> bool:
    """Whether any cell holds a line feed: one scan of the character buffer, usually False."""
    data = values.buffers()[2]  # a slice's buffer may hold more: at worst a needless scan
    return data is not None and bool((np.frombuffer(data, np.uint8) == 10).any())


def check(fld: FieldInfo, rule: Any, cast: Cast, cells: Any) -> BoolArray:
    anchored = f"^{rule}$"
    values = cast.values
    present = pc.is_valid(values).to_numpy(zero_copy_only=False)
    bad = np.zeros(len(values), bool)
    python = present.copy()
    tables = _fixed(anchored)
    if tables is not None:
        bad, python = _fixed_bad(values, present, tables)
    elif _re2_ok(anchored):
        rule_text = str(rule)
        unicode_classes = bool(_UNICODE_CLASSES.search(rule_text))
        negative = unicode_classes and bool(_NEGATIVE.search(rule_text))
        match_np = pc.fill_null(pc.match_substring_regex(values, anchored), False
                                ).to_numpy(zero_copy_only=False)
        if unicode_classes and not negative:
            # RE2's language is a subset of Python's here (ASCII classes, and Python's ``$``
            # also matches before a final line feed), whatever the cell: only the cells RE2
            # rejects are asked of ``re``.
            python = present & ~match_np
        else:
            if negative:
                plain = pc.fill_null(pc.match_substring_regex(values, _PLAIN), False)
                plain_np = plain.to_numpy(zero_copy_only=False)
            elif _has_newline(values):
                # Only a line feed tells the engines apart (Python's ``$`` matches before a
                # final one); RE2 decides every other cell.
                plain_np = ~pc.fill_null(pc.match_substring(values, "\n"), True
                                         ).to_numpy(zero_copy_only=False)
            else:
                plain_np = np.ones(len(values), bool)
            bad = plain_np & ~match_np & present
            python = present & ~plain_np
    if python.any():
        compiled = re.compile(anchored)
        idx = np.flatnonzero(python)
        memo: dict[str, bool] = {}
        for i, cell in zip(idx, values.take(pa.array(idx)).to_pylist(), strict=True):
            if cell not in memo:
                memo[cell] = compiled.match(cell) is None
            bad[i] = memo[cell]
    return bad
