"""``constraint-error``: one module per Table Schema constraint, applied to logical values.

Like frictionless, a constraint is checked only where the cell has the field's type (a
``type-error`` says the rest), only the constraints the type supports apply, and ``unique``
is a table-wide check of its own (:mod:`publisher.validate.unique`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from publisher import codes
from publisher.findings import Finding
from publisher.validate.cast import BoolArray, Cast
from publisher.validate.constraints import bounds, enum, length, pattern, required
from publisher.validate.context import Chunk, FieldInfo, Table

codes.define("constraint-error", stage="validate", title=("违反约束", "Constraint error"),
             description="The cell breaks a constraint of its field (required, minimum, "
                         "maximum, minLength, maxLength, pattern, enum …).",
             message=("资源 {resource}：第 {row} 行字段 {field} 违反约束 {constraint}（{rule}）",
                      "Resource {resource}: row {row}, field {field} breaks constraint "
                      "{constraint} ({rule})"))

#: constraint name -> function(field, rule, cast, cells) returning the failing cells.
Check = Callable[[FieldInfo, Any, Cast, Any], BoolArray]
CHECKS: dict[str, Check] = {
    "required": required.check,
    "minimum": bounds.minimum,
    "maximum": bounds.maximum,
    "exclusiveMinimum": bounds.exclusive_minimum,
    "exclusiveMaximum": bounds.exclusive_maximum,
    "minLength": length.min_length,
    "maxLength": length.max_length,
    "pattern": pattern.check,
    "enum": enum.check,
}


def check(table: Table, chunk: Chunk) -> Iterator[Finding]:
    for fld, cast, col in zip(table.fields, chunk.casts, chunk.cells, strict=True):
        supported = fld.caster.field.supported_constraints
        for name, rule in fld.constraints.items():
            if name not in CHECKS or name not in supported or rule is None:
                continue
            bad = CHECKS[name](fld, rule, cast, col) & ~cast.invalid & ~chunk.blank
            if not bad.any():
                continue
            idx = np.flatnonzero(bad)
            values = col.take(idx).to_pylist()
            for i, cell in zip(idx, values, strict=True):
                yield table.finding("constraint-error", row=chunk.first_row + int(i), fld=fld,
                                    cell=cell, constraint=name, rule=_rule(rule))


def _rule(rule: Any) -> str:
    text = str(rule)
    return text if len(text) <= 200 else text[:197] + "..."
