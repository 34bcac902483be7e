"""``enum``: the logical value is one of the listed values (each read as the field's type)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from publisher.validate.cast import BoolArray, Cast
from publisher.validate.context import FieldInfo


def check(fld: FieldInfo, rule: Any, cast: Cast, cells: Any) -> BoolArray:
    allowed = [fld.caster.read(v) for v in rule]
    arrow = [a for a in (fld.caster.to_arrow(v) for v in allowed if v is not None)
             if a is not None]
    present = pc.is_valid(cast.values).to_numpy(zero_copy_only=False)
    inside = pc.is_in(cast.values, pa.array(arrow, type=cast.values.type))
    bad = present & ~inside.to_numpy(zero_copy_only=False)
    for i, value in cast.extra.items():
        bad[i] = value not in allowed
    return np.asarray(bad)
