"""Cast a column of strings to a field's logical type, the way frictionless does, vectorised.

Each type has a fast path: a strict regular expression (RE2, run by pyarrow) picks the cells in
the canonical form, which pyarrow casts in bulk; dates and datetimes are read off their bytes
in numpy (:mod:`publisher.validate.fixed_width`). Every other cell goes through frictionless's own
value reader, once per distinct value, so the verdict on odd input (``1_000``, ``１２３``,
``2020-1-1``) is frictionless's by construction, and only the rare odd cells cost Python time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from frictionless import Field

from publisher.validate import fixed_width

BoolArray = np.ndarray[Any, np.dtype[np.bool_]]

_INT = r"^-?[0-9]{1,18}$"
# At most 15 significant digits, so float64 keeps order and equality of the decimals.
_NUM = r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$"
#: The default formats of dates and datetimes, as strptime formats: frictionless reads the
#: date with strptime and the datetime with dateutil's isoparse, which agree on this form.
_DEFAULT_FORMATS = {"date": "%Y-%m-%d", "datetime": "%Y-%m-%dT%H:%M:%S"}


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
        fmt = _DEFAULT_FORMATS.get(self.type) if self.format == "default" else self.format
        # (format "any" is dateutil's guesswork: no layout)
        self.layout = (fixed_width.layout(fmt) if self.type in _DEFAULT_FORMATS
                       and fmt is not None and self.format != "any" else None)
        #: Whether the cells the fast path takes are free of what the hygiene checks look for
        #: (whitespace at an edge, full-width digits): true of the regexes; of a layout, unless
        #: its format has such a literal.
        self.plain_fast = self.layout is None or fmt is None or not (
            fmt[:1].isspace() or fmt[-1:].isspace()
            or any("\uff10" <= ch <= "\uff19" for ch in fmt))

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
        if self.type == "year":
            return r"^[0-9]{4}$"
        return None  # dates and datetimes: see fixed_width

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

    def missing(self, col: pa.Array) -> tuple[pa.Array, BoolArray]:
        """Which cells are absent or a missing value (pyarrow and numpy)."""
        if self.missing_values == [""] and pa.types.is_string(col.type) and len(col):
            # The default: an empty cell, read off the offsets (no hash lookup, no kernel).
            start = col.offset
            offsets = np.frombuffer(col.buffers()[1], np.int32)[start: start + len(col) + 1]
            flags = offsets[1:] == offsets[:-1]
            if col.null_count:
                flags |= ~col.is_valid().to_numpy(zero_copy_only=False)
            return pa.array(flags), flags
        if self.missing_values == [""]:
            missing = pc.or_kleene(pc.is_null(col), pc.equal(pc.binary_length(col), 0))
        else:
            missing = pc.or_(pc.is_null(col),
                             pc.is_in(col, pa.array(self.missing_values, pa.string())))
        return missing, missing.to_numpy(zero_copy_only=False)

    def cast(self, col: pa.Array,
             missing_of: tuple[pa.Array, BoolArray] | None = None) -> Cast:
        """The cast of a column (``missing_of``: its :meth:`missing`, when already known)."""
        n = len(col)
        missing, missing_np = missing_of or self.missing(col)
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
        if self.layout is not None:
            fast, values = fixed_width.read(col, ~missing_np, self.layout, self.type)
        elif self.fast is not None:
            hit = pc.fill_null(pc.and_(pc.invert(missing),
                                       pc.match_substring_regex(col, self.fast)), False)
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
        safe = pc.if_else(hit, col, pa.scalar(None, pa.string()))
        if self.type in ("integer", "year"):
            return pc.cast(safe, pa.int64())
        return pc.cast(safe, pa.float64())

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
