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
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from publisher.validate.cast import BoolArray, Cast
from publisher.validate.context import FieldInfo

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
    if _re2_ok(anchored):
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
