"""``primary-key``: the primary key repeats an earlier row's, or all its cells are None."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from publisher import codes
from publisher.findings import Finding
from publisher.validate.context import Chunk, Table
from publisher.validate.keys import KeyStore

codes.define("primary-key", stage="validate", title=("主键错误", "Primary key error"),
             description="The primary key of a row must be present and unique.",
             message=("资源 {resource}：第 {row} 行主键（{fields}）{reason}",
                      "Resource {resource}: row {row}, primary key ({fields}) {reason_en}"))

REASONS = {"duplicate": ("与前面的行重复", "repeats an earlier row"),
           "blank": ("全部为空", "is entirely empty")}


def primary_key(schema: dict[str, object]) -> list[str]:
    value = schema.get("primaryKey") or []
    return [value] if isinstance(value, str) else [str(v) for v in value]  # type: ignore[attr-defined]


class PrimaryKey:
    def __init__(self, table: Table, store: KeyStore | None = None) -> None:
        self.table = table
        self.store = store or KeyStore(table)
        names = {f.name for f in table.fields}
        key = primary_key(table.schema)
        self.fields = key if key and set(key) <= names else []

    def add(self, chunk: Chunk) -> Iterator[Finding]:
        if not self.fields:
            return
        keep = self.store.add(chunk, self.fields)
        for row in np.flatnonzero(~keep) + chunk.first_row:
            yield self._finding(int(row), "blank")

    def end(self) -> Iterator[Finding]:
        if not self.fields:
            return
        for row in self.store.repeated_rows(self.fields):
            yield self._finding(int(row), "duplicate")

    def _finding(self, row: int, reason: str) -> Finding:
        zh, en = REASONS[reason]
        return self.table.finding("primary-key", row=row, fields=", ".join(self.fields),
                                  reason=zh, reason_en=en)
