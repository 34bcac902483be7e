"""``minLength`` and ``maxLength``: length in characters of a string cell."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from publisher.validate.cast import BoolArray, Cast
from publisher.validate.context import FieldInfo


def _lengths(cast: Cast) -> pa.Array:
    return pc.utf8_length(cast.values)


def min_length(fld: FieldInfo, rule: Any, cast: Cast, cells: Any) -> BoolArray:
    ok = pc.greater_equal(_lengths(cast), pa.scalar(int(rule), pa.int32()))
    return np.asarray(~pc.fill_null(ok, True).to_numpy(zero_copy_only=False), bool)


def max_length(fld: FieldInfo, rule: Any, cast: Cast, cells: Any) -> BoolArray:
    ok = pc.less_equal(_lengths(cast), pa.scalar(int(rule), pa.int32()))
    return np.asarray(~pc.fill_null(ok, True).to_numpy(zero_copy_only=False), bool)
