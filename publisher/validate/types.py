"""``type-error``: a present, non-missing cell that is not of its field's type and format."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from publisher import codes
from publisher.findings import Finding
from publisher.validate.context import Chunk, Table

codes.define("type-error", stage="validate", title=("类型错误", "Type error"),
             description="The cell cannot be read as the field's type and format.",
             message=("资源 {resource}：第 {row} 行字段 {field} 的值不是 {type}/{format} 类型",
                      "Resource {resource}: row {row}, field {field} is not of type "
                      "{type}/{format}"))


def check(table: Table, chunk: Chunk) -> Iterator[Finding]:
    for fld, cast, col in zip(table.fields, chunk.casts, chunk.cells, strict=True):
        bad = cast.invalid & ~chunk.blank
        if not bad.any():
            continue
        idx = np.flatnonzero(bad)
        values = col.take(idx).to_pylist()
        for i, cell in zip(idx, values, strict=True):
            yield table.finding("type-error", row=chunk.first_row + int(i), fld=fld, cell=cell,
                                type=fld.caster.type, format=fld.caster.format)
