"""JSON bodies of plain values, encoded by orjson (a DataStore batch is megabytes of JSON).

orjson writes what ``json.dumps`` writes for plain values (dicts with text keys, lists, text,
64-bit integers, finite floats, booleans, None), as UTF-8 instead of ``\\uXXXX`` escapes. For
anything else the two differ (orjson writes NaN as null, dates as text, refuses long integers),
so :func:`dumps` answers None and the caller keeps the standard encoder.
"""

from __future__ import annotations

import math
from typing import Any

import orjson

_LOW, _HIGH = -(2 ** 63), 2 ** 64 - 1
_SCALARS = (str, bool, type(None))


def plain(value: Any) -> bool:
    """Whether ``value`` is made of plain JSON values only (exact types, no subclasses)."""
    todo = [value]
    while todo:
        item = todo.pop()
        kind = type(item)
        if kind is dict:
            for key in item:
                if type(key) is not str:
                    return False
            items: Any = item.values()
        elif kind is list:
            items = item
        else:
            items = (item,)
        for inner in items:
            inner_kind = type(inner)
            if inner_kind in _SCALARS:
                continue
            if inner_kind is int:
                if not _LOW <= inner <= _HIGH:
                    return False
            elif inner_kind is float:
                if not math.isfinite(inner):
                    return False
            elif inner_kind is dict or inner_kind is list:
                todo.append(inner)
            else:
                return False
    return True


def dumps(value: Any) -> bytes | None:
    """``value`` as UTF-8 JSON, or None when it is not plain (see the module docstring)."""
    if not plain(value):
        return None
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:  # text with a lone surrogate: the standard encoder's case
        return None
