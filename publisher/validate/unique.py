"""``unique-error``: a field with ``constraints.unique`` repeats a value (None never repeats)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from publisher import codes
from publisher.findings import Finding
from publisher.validate.context import Chunk, Table
from publisher.validate.keys import duplicates, present_hashes, rows_at

codes.define("unique-error", stage="validate", title=("值重复", "Unique error"),
             description="A field declared unique repeats a value of an earlier row.",
             message=("资源 {resource}：第 {row} 行字段 {field} 的值与前面的行重复（应唯一）",
                      "Resource {resource}: row {row}, field {field} repeats a value of an "
                      "earlier row (must be unique)"))


class Unique:
    """Collects the keys of unique fields chunk by chunk; reports at the end."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.fields = [f for f in table.fields if f.constraints.get("unique") is True]
        self.keys: dict[str, list[np.ndarray]] = {f.name: [] for f in self.fields}  # type: ignore[type-arg]
        self.rows: dict[str, list[np.ndarray]] = {f.name: [] for f in self.fields}  # type: ignore[type-arg]

    def add(self, chunk: Chunk) -> None:
        for fld in self.fields:
            hashes, present = present_hashes(self.table, chunk, [fld.name])
            self.keys[fld.name].append(hashes)
            self.rows[fld.name].append((np.flatnonzero(present) + chunk.first_row
                                        ).astype(np.int32))

    def end(self) -> Iterator[Finding]:
        for fld in self.fields:
            if not self.keys[fld.name]:
                continue
            dup = duplicates(self.keys[fld.name])
            for row in rows_at(self.rows[fld.name], dup):
                yield self.table.finding("unique-error", row=int(row), fld=fld)
