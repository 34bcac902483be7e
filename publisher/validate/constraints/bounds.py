"""``minimum``, ``maximum``, ``exclusiveMinimum``, ``exclusiveMaximum`` on logical values.

The bound is read with the field's own reader (as frictionless does); NaN breaks every bound.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from publisher.validate.cast import BoolArray, Cast
from publisher.validate.context import FieldInfo


def _bound(name: str, arrow_op: str, py_op: Callable[[Any, Any], bool]
           ) -> Callable[[FieldInfo, Any, Cast, Any], BoolArray]:
    def check(fld: FieldInfo, rule: Any, cast: Cast, cells: Any) -> BoolArray:
        n = len(cast.missing)
        limit = fld.caster.read(rule)
        if limit is None:  # frictionless cannot compare with it either
            return np.zeros(n, bool)
        bad = np.zeros(n, bool)
        arrow_limit = fld.caster.to_arrow(limit)
        if arrow_limit is not None:
            scalar = pa.scalar(arrow_limit, cast.values.type)
            ok = getattr(pc, arrow_op)(cast.values, scalar)
            bad = ~pc.fill_null(ok, True).to_numpy(zero_copy_only=False)
        for i, value in cast.extra.items():
            try:
                bad[i] = value != value or not py_op(value, limit)
            except TypeError:
                bad[i] = True
        return bad

    check.__name__ = name
    return check


minimum = _bound("minimum", "greater_equal", operator.ge)
maximum = _bound("maximum", "less_equal", operator.le)
exclusive_minimum = _bound("exclusive_minimum", "greater", operator.gt)
exclusive_maximum = _bound("exclusive_maximum", "less", operator.lt)
