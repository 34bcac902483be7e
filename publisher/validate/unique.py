"""``unique-error``: a field with ``constraints.unique`` repeats a value (None never repeats)."""

from __future__ import annotations

from collections.abc import Iterator

from publisher import codes
from publisher.findings import Finding
from publisher.validate.context import Chunk, Table
from publisher.validate.keys import KeyStore

codes.define("unique-error", stage="validate", title=("值重复", "Unique error"),
             description="A field declared unique repeats a value of an earlier row.",
             message=("资源 {resource}：第 {row} 行字段 {field} 的值与前面的行重复（应唯一）",
                      "Resource {resource}: row {row}, field {field} repeats a value of an "
                      "earlier row (must be unique)"))


class Unique:
    """Collects the keys of unique fields chunk by chunk; reports at the end."""

    def __init__(self, table: Table, store: KeyStore | None = None) -> None:
        self.table = table
        self.store = store or KeyStore(table)
        self.fields = [f for f in table.fields if f.constraints.get("unique") is True]

    def add(self, chunk: Chunk) -> None:
        for fld in self.fields:
            self.store.add(chunk, [fld.name])

    def end(self) -> Iterator[Finding]:
        for fld in self.fields:
            for row in self.store.repeated_rows([fld.name]):
                yield self.table.finding("unique-error", row=int(row), fld=fld)
