"""``required``: the cell must be present and not a missing value."""

from __future__ import annotations

from typing import Any

import numpy as np

from publisher.validate.cast import BoolArray, Cast
from publisher.validate.context import FieldInfo


def check(fld: FieldInfo, rule: Any, cast: Cast, cells: Any) -> BoolArray:
    if rule is not True:
        return np.zeros(len(cast.missing), bool)
    return cast.missing.copy()
