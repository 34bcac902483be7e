"""``pattern``: the whole string matches the regular expression (Python ``re`` semantics).

RE2 (through pyarrow) decides the cells where it agrees with Python's ``re``: every cell without
a line break when the pattern has no class escape whose meaning differs (``\\d \\w \\s \\b``
are Unicode-aware in Python, ASCII in RE2), else the cells of printable ASCII. Other cells,
and patterns RE2 cannot compile, go through ``re`` once per distinct value.
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


@lru_cache(maxsize=256)
def _re2_ok(pattern: str) -> bool:
    try:
        pc.match_substring_regex(pa.array(["x"]), pattern)
        return True
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False


def check(fld: FieldInfo, rule: Any, cast: Cast, cells: Any) -> BoolArray:
    anchored = f"^{rule}$"
    values = cast.values
    present = pc.is_valid(values).to_numpy(zero_copy_only=False)
    bad = np.zeros(len(values), bool)
    python = present.copy()
    if _re2_ok(anchored):
        if _UNICODE_CLASSES.search(str(rule)):
            plain = pc.fill_null(pc.match_substring_regex(values, _PLAIN), False)
        else:  # two memchr-like scans are cheaper than a regex over every character
            breaks = pc.or_(pc.match_substring(values, "\n"), pc.match_substring(values, "\r"))
            plain = pc.fill_null(pc.invert(breaks), False)
        match = pc.fill_null(pc.match_substring_regex(values, anchored), False)
        plain_np = plain.to_numpy(zero_copy_only=False)
        bad = plain_np & ~match.to_numpy(zero_copy_only=False) & present
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
