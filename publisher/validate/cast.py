"""Cast a column of strings to a field's logical type, the way frictionless does, vectorised.

Each type has a fast path: a strict regular expression (RE2, run by pyarrow) picks the cells in
the canonical form, which pyarrow casts in bulk. Every other cell goes through frictionless's own
value reader, once per distinct value, so the verdict on odd input (``1_000``, ``１２３``,
``2020-1-1``) is frictionless's by construction, and only the rare odd cells cost Python time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from frictionless import Field

BoolArray = np.ndarray[Any, np.dtype[np.bool_]]

_INT = r"^-?[0-9]{1,18}$"
# At most 15 significant digits, so float64 keeps order and equality of the decimals.
_NUM = r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$"
#: frictionless's default datetime in its canonical form: dateutil's isoparse reads these as a
#: naive datetime; other forms (offsets, fractions, a space, 24:00) go the slow way.
_ISO_DATETIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$"
_DIRECTIVES = {"%Y": "[0-9]{4}", "%m": "[0-9]{2}", "%d": "[0-9]{2}", "%H": "[0-9]{2}",
               "%M": "[0-9]{2}", "%S": "[0-9]{2}"}


@dataclass
class Cast:
    """The cast of one column chunk.

    ``missing``: absent or a missing value; ``invalid``: present but not of the type;
    ``values``: logical values (pyarrow, null where missing/invalid or not representable);
    ``extra``: logical values (Python) of cells pyarrow cannot represent, by position.
    """

    missing: BoolArray
    invalid: BoolArray
    values: pa.Array
    extra: dict[int, Any] = field(default_factory=dict)
    slow: BoolArray | None = None  # cells frictionless's reader decided (not the fast path)


def _strptime_regex(fmt: str) -> str | None:
    """A strict regex for a strptime format made only of %Y %m %d %H %M %S and literals."""
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "%":
            token = fmt[i:i + 2]
            if token not in _DIRECTIVES:
                return None
            out.append(_DIRECTIVES[token])
            i += 2
        else:
            out.append(re.escape(fmt[i]))
            i += 1
    return "^" + "".join(out) + "$"


class Caster:
    """Casts columns for one Table Schema field (built once per resource)."""

    def __init__(self, descriptor: dict[str, Any], schema_missing: list[str]) -> None:
        self.descriptor = descriptor
        self.type = str(descriptor.get("type") or "any")
        self.format = str(descriptor.get("format") or "default").removeprefix("fmt:")
        raw_missing = descriptor.get("missingValues", schema_missing)
        self.missing_values = [m["value"] if isinstance(m, dict) else str(m)
                               for m in raw_missing]
        known = {k: v for k, v in descriptor.items() if k not in ("privacy", "checkDigit")}
        self.field = Field.from_descriptor({**known, "constraints": {}, "missingValues": [""]})
        self.reader = self.field.create_value_reader()
        self.arrow_type = self._arrow_type()
        self.fast = self._fast_regex()

    def _arrow_type(self) -> pa.DataType | None:
        return {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
                "date": pa.date32(), "year": pa.int64(), "string": pa.string(),
                "datetime": pa.timestamp("us"), "any": pa.string()}.get(self.type)

    def _fast_regex(self) -> str | None:
        d = self.descriptor
        if self.type == "integer" and d.get("bareNumber", True) is not False:
            return None if "groupChar" in d else _INT
        if self.type == "number" and not {"groupChar", "decimalChar", "bareNumber"} & set(d):
            return _NUM
        if self.type == "date":  # the default format needs no regex: see _parse_fast
            return None if self.format == "default" else _strptime_regex(self.format)
        if self.type == "year":
            return r"^[0-9]{4}$"
        if self.type == "datetime":
            return _ISO_DATETIME if self.format == "default" else _strptime_regex(self.format)
        return None

    def read(self, value: str) -> Any:
        """Frictionless's logical value of one cell (None: not of the type)."""
        return self.reader(value)

    def to_arrow(self, value: Any) -> Any:
        """A Python logical value pyarrow can hold in ``arrow_type``, or None."""
        t = self.type
        if t == "integer" and isinstance(value, int) and -(2**63) <= value < 2**63:
            return value
        if t == "number" and isinstance(value, Decimal | float | int):
            if isinstance(value, Decimal) and not value.is_finite():
                return None  # NaN/Inf: kept as Python values, compared the Python way
            return float(value)
        if t == "boolean" and isinstance(value, bool):
            return value
        if t == "date" and isinstance(value, date):
            return value
        if t == "year" and isinstance(value, int):
            return value
        if t in ("string", "any") and isinstance(value, str):
            return value
        if t == "datetime" and isinstance(value, datetime) and value.tzinfo is None:
            return value
        return None

    def cast(self, col: pa.Array) -> Cast:
        n = len(col)
        if self.missing_values == [""]:  # the default: a length test beats a hash lookup
            missing = pc.or_kleene(pc.is_null(col), pc.equal(pc.binary_length(col), 0))
        else:
            missing = pc.or_(pc.is_null(col),
                             pc.is_in(col, pa.array(self.missing_values, pa.string())))
        missing_np = missing.to_numpy(zero_copy_only=False)
        if self.type in ("string", "any") and self.format == "default":
            # Copy the strings only when some cell is missing (most columns have none).
            values = (pc.if_else(missing, pa.scalar(None, pa.string()), col)
                      if missing_np.any() else col)
            return Cast(missing_np, np.zeros(n, bool), values)
        if self.type == "boolean":
            return self._cast_boolean(col, missing, missing_np)
        target = self.arrow_type or pa.string()
        fast = np.zeros(n, bool)
        values = pa.nulls(n, target)
        iso_date = self.type == "date" and self.format == "default"
        if self.fast is not None or iso_date:
            hit = pc.invert(missing)
            if self.fast is not None:
                hit = pc.fill_null(pc.and_(hit, pc.match_substring_regex(col, self.fast)), False)
            parsed = self._parse_fast(col, hit)
            ok = pc.fill_null(pc.and_(hit, pc.is_valid(parsed)), False)
            values = pc.if_else(ok, parsed, pa.scalar(None, target))
            fast = ok.to_numpy(zero_copy_only=False)
        slow = ~fast & ~missing_np
        invalid = np.zeros(n, bool)
        extra: dict[int, Any] = {}
        if slow.any():
            idx = np.flatnonzero(slow)
            cells = pc.take(col, pa.array(idx)).to_pylist()
            memo: dict[str, Any] = {}
            replace: list[Any] = []
            for i, cell in zip(idx, cells, strict=True):
                if cell not in memo:
                    memo[cell] = self.read(cell)
                value = memo[cell]
                if value is None:
                    invalid[i] = True
                    replace.append(None)
                    continue
                arrow = self.to_arrow(value)
                replace.append(arrow)
                if arrow is None:
                    extra[int(i)] = value
            mask = np.zeros(n, bool)
            mask[idx] = True
            values = pc.replace_with_mask(values, pa.array(mask),
                                          pa.array(replace, type=target))
        return Cast(missing_np, invalid, values, extra, slow & ~invalid)

    def _parse_fast(self, col: pa.Array, hit: pa.Array) -> pa.Array:
        if self.type == "date" and self.format == "default":
            # No regex first: a cell equal to the ISO text of the date strptime reads from it
            # is canonical (YYYY-MM-DD, a real day), which Python's strptime reads the same;
            # the round trip also undoes strptime's roll-over (2020-02-30). Year 0 round-trips
            # in pyarrow but not in Python: kept out by the lower bound.
            dates = pc.cast(pc.strptime(col, format="%Y-%m-%d", unit="s", error_is_null=True),
                            pa.date32())
            ok = pc.and_(pc.equal(pc.cast(dates, pa.string()), col),
                         pc.greater_equal(dates, pa.scalar(date(1, 1, 1), pa.date32())))
            return pc.if_else(pc.and_(ok, hit), dates, pa.scalar(None, pa.date32()))
        safe = pc.if_else(hit, col, pa.scalar(None, pa.string()))
        if self.type == "datetime":
            return self._parse_datetime(safe)
        if self.type in ("integer", "year"):
            return pc.cast(safe, pa.int64())
        if self.type == "number":
            return pc.cast(safe, pa.float64())
        stamps = pc.strptime(safe, format=self.format, unit="s", error_is_null=True)
        dates = pc.cast(stamps, pa.date32())
        # strptime rolls impossible days over (2020-02-30); only a round trip proves a date.
        back = pc.strftime(stamps, format=self.format)
        return pc.if_else(pc.equal(back, safe), dates, pa.scalar(None, pa.date32()))

    def _parse_datetime(self, safe: pa.Array) -> pa.Array:
        """Datetimes in bulk: strptime, then a round trip through strftime, which rejects what
        strptime rolls over (2020-02-30T…) and keeps only cells Python reads the same way."""
        fmt = "%Y-%m-%dT%H:%M:%S" if self.format == "default" else self.format
        stamps = pc.strptime(safe, format=fmt, unit="s", error_is_null=True)
        floor = pa.scalar(datetime(1, 1, 1), pa.timestamp("s"))
        ok = pc.and_(pc.equal(pc.strftime(stamps, format=fmt), safe),
                     pc.greater_equal(stamps, floor))
        return pc.if_else(ok, pc.cast(stamps, pa.timestamp("us")),
                          pa.scalar(None, pa.timestamp("us")))

    def _cast_boolean(self, col: pa.Array, missing: pa.Array, missing_np: BoolArray) -> Cast:
        trues = pa.array(self.field.true_values, pa.string())  # type: ignore[attr-defined]
        falses = pa.array(self.field.false_values, pa.string())  # type: ignore[attr-defined]
        is_true = pc.fill_null(pc.is_in(col, trues), False)
        is_false = pc.fill_null(pc.is_in(col, falses), False)
        known = pc.or_(is_true, is_false)
        values = pc.if_else(pc.and_(known, pc.invert(missing)), is_true,
                            pa.scalar(None, pa.bool_()))
        invalid = ~known.to_numpy(zero_copy_only=False) & ~missing_np
        return Cast(missing_np, invalid, values)


def keys(cast: Cast) -> pa.Array:
    """Canonical strings of the logical values, for unique, primary and foreign keys.

    Equal logical values give equal keys (frictionless compares Python values); null where the
    cell is missing or invalid.
    """
    values = cast.values
    if pa.types.is_string(values.type):
        out = values
    elif pa.types.is_boolean(values.type):  # True == 1 in Python, so share the numbers' keys
        out = pc.if_else(values, "1", "0")
    elif pa.types.is_floating(values.type) or pa.types.is_integer(values.type):
        floats = pc.cast(values, pa.float64())
        integral = pc.equal(floats, pc.floor(floats))
        as_int = pc.cast(pc.if_else(integral, values, pa.scalar(None, values.type)), pa.string()
                         ) if pa.types.is_integer(values.type) else pc.cast(
            pc.cast(pc.if_else(integral, floats, pa.scalar(None, pa.float64())), pa.int64(),
                    safe=False), pa.string())
        out = pc.coalesce(as_int, pc.cast(floats, pa.string()))
    else:
        out = pc.cast(values, pa.string())
    if cast.extra:
        mask = np.zeros(len(values), bool)
        mask[list(cast.extra)] = True
        out = pc.replace_with_mask(out, pa.array(mask),
                                   pa.array([f"py:{cast.extra[i]!r}" for i in sorted(cast.extra)],
                                            pa.string()))
    return out
