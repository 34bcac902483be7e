"""Dates and datetimes in a fixed-width form (``2020-01-31T10:00:00``), read off the UTF-8 bytes.

A format made only of ``%Y %m %d %H %M %S`` and literal characters puts every digit at a fixed
byte offset. The cells of the right byte length are gathered into a byte matrix; numpy checks
the digits, the literals and the ranges (a real day of a real month, hours below 24), and turns
the digits into days or microseconds since 1970. No string is parsed or formatted per cell.

Only cells whose every field has two digits (four for the year) and lies in its range pass:
Python's ``strptime`` and dateutil's ``isoparse`` read those cells as this does, so the values
are frictionless's. Anything else (one-digit fields, 24:00, a leap second, year 0) is left to
frictionless's own reader by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

BoolArray = np.ndarray[Any, np.dtype[np.bool_]]
IntArray = np.ndarray[Any, np.dtype[np.signedinteger[Any]]]

#: directive -> (digits, lowest, highest); the day's highest also depends on the month.
_DIRECTIVES = {"%Y": (4, 1, 9999), "%m": (2, 1, 12), "%d": (2, 1, 31), "%H": (2, 0, 23),
               "%M": (2, 0, 59), "%S": (2, 0, 59)}
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
# Tables by year and by month instead of divisions per cell.
_YEARS = np.arange(10000)
_LEAP = (_YEARS % 4 == 0) & ((_YEARS % 100 != 0) | (_YEARS % 400 == 0))
#: Days from 1970-01-01 to the first day of each year (0001 to 9999).
_YEAR_START = np.cumsum(365 + _LEAP) - (365 + _LEAP)
_YEAR_START -= _YEAR_START[1970]
#: By leap year (0, 1) and month: days from the year's first day to the month's first day.
_MONTH_START = np.array([np.concatenate([[0, 0], np.cumsum(_MONTH_DAYS[1:12])]),
                         np.concatenate([[0, 0], np.cumsum(_MONTH_DAYS[1:12])
                                         + (np.arange(1, 12) >= 2)])])


@dataclass(frozen=True)
class Layout:
    """Where each directive's digits and each literal byte sit in a cell of ``size`` bytes."""

    size: int
    fields: dict[str, tuple[int, int]]  # directive -> (byte offset, digits)
    literals: tuple[tuple[int, int], ...]  # (byte offset, byte value)


def layout(fmt: str) -> Layout | None:
    """The layout of a strptime format, or None when it has other directives or repeats one."""
    fields: dict[str, tuple[int, int]] = {}
    literals: list[tuple[int, int]] = []
    i = pos = 0
    while i < len(fmt):
        if fmt[i] == "%":
            token = fmt[i:i + 2]
            if token not in _DIRECTIVES or token in fields:
                return None
            width = _DIRECTIVES[token][0]
            fields[token] = (pos, width)
            pos, i = pos + width, i + 2
        else:
            for byte in fmt[i].encode():
                literals.append((pos, byte))
                pos += 1
            i += 1
    return Layout(pos, fields, tuple(literals))


def byte_matrix(col: pa.Array, want: BoolArray, size: int
            ) -> tuple[np.ndarray[Any, np.dtype[np.intp]], np.ndarray[Any, np.dtype[np.uint8]]]:
    """The positions of the wanted cells that are ``size`` bytes long, and their bytes as an
    (n, size) matrix: a view of the character buffer, after a filter (in C++) when needed."""
    sized = want & (pc.binary_length(col).to_numpy(zero_copy_only=False) == size)
    idx = np.flatnonzero(sized)
    if len(idx) < len(col) or col.offset:
        col = pc.filter(col, pa.array(sized))
    if not len(col):
        return idx, np.zeros((0, size), np.uint8)
    start = int(np.frombuffer(col.buffers()[1], np.int32)[0])
    data = np.frombuffer(col.buffers()[2], np.uint8)
    return idx, data[start: start + len(col) * size].reshape(-1, size)


def read(col: pa.Array, want: BoolArray, form: Layout, unit: str
         ) -> tuple[BoolArray, pa.Array]:
    """Which cells are in ``form`` (among ``want``), and their values: ``date32`` days when
    ``unit`` is ``"date"``, else ``timestamp[us]``; null elsewhere."""
    n = len(col)
    idx, matrix = byte_matrix(col, want, form.size)
    good = np.ones(len(idx), bool)
    for offset, byte in form.literals:
        good &= matrix[:, offset] == byte
    number: dict[str, IntArray] = {}
    for token, (offset, width) in form.fields.items():
        # Column by column (strided views): numpy is slow along a short row of 19 bytes.
        value = np.zeros(len(idx), np.int32)
        for k in range(width):
            digit = matrix[:, offset + k] - np.uint8(48)  # a byte below "0" wraps past 9
            good &= digit <= 9
            value = value * 10 + digit
        _, low, high = _DIRECTIVES[token]
        good &= (value >= low) & (value <= high)
        number[token] = value
    one = np.ones(len(idx), np.int32)
    # strptime's defaults for a part the format lacks: 1900-01-01
    year = number.get("%Y", one * 1900)
    month = np.where(good, number.get("%m", one), 1)
    day = number.get("%d", one)
    year = np.where(good, year, 1970)
    leap = _LEAP[year]
    good &= day <= _MONTH_DAYS[month] + (leap & (month == 2))
    if "%Y" not in number:  # strptime has its own rules for 29 February without a year
        good &= (month != 2) | (day != 29)
    days = _YEAR_START[year] + _MONTH_START[leap.view(np.int8), month] + day - 1
    ok = np.zeros(n, bool)
    ok[idx] = good
    out = np.zeros(n, np.int64)
    if unit == "date":
        out[idx] = days
        return ok, pa.array(out.astype(np.int32), pa.date32(), mask=~ok)
    seconds = days.astype(np.int64) * 86400
    for token, scale in (("%H", 3600), ("%M", 60), ("%S", 1)):
        if token in number:
            seconds += number[token] * scale
    out[idx] = seconds * 1_000_000
    return ok, pa.array(out, pa.timestamp("us"), mask=~ok)
