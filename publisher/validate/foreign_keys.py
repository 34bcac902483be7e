"""``foreign-key``: a row's key must exist in the referenced resource of the same dataset.

Rows whose key cells are all None are skipped, as frictionless does; the lookup is the set of
the referenced fields' keys over every row of the referenced resource (or of this resource, for
a self-reference) whose cells are not all None.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from publisher import codes
from publisher.findings import Finding
from publisher.validate.context import Chunk, Table
from publisher.validate.keys import row_keys

codes.define("foreign-key", stage="validate", title=("外键错误", "Foreign key error"),
             description="The row's values of a foreign key are not found in the referenced "
                         "resource.",
             message=("资源 {resource}：第 {row} 行外键（{fields}）在资源 {reference} 中找不到",
                      "Resource {resource}: row {row}, foreign key ({fields}) not found in "
                      "resource {reference}"))
codes.define("foreign-key-target-missing", stage="validate",
             title=("外键引用的资源不存在", "Foreign key target missing"),
             description="A foreign key refers to a resource the dataset does not have, or "
                         "one that cannot be read.",
             message=("资源 {resource}：外键（{fields}）引用的资源 {reference} 不存在或无法读取",
                      "Resource {resource}: foreign key ({fields}) refers to resource "
                      "{reference}, which is missing or unreadable"))

#: (resource name, field names) -> the set of keys of those fields, None when unavailable.
Lookup = Callable[[str, list[str]], pa.Array | None]


@dataclass
class Group:
    fields: list[str]
    reference: str  # "" for a self-reference
    reference_fields: list[str]
    keys: list[pa.Array] = field(default_factory=list)
    rows: list[np.ndarray] = field(default_factory=list)  # type: ignore[type-arg]
    own: list[pa.Array] = field(default_factory=list)  # referenced keys of a self-reference


def _names(value: object) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value or []]  # type: ignore[attr-defined]


class ForeignKeys:
    def __init__(self, table: Table, lookup: Lookup) -> None:
        self.table = table
        self.lookup = lookup
        names = {f.name for f in table.fields}
        self.groups: list[Group] = []
        for fk in table.schema.get("foreignKeys") or []:
            if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
                continue
            fields = _names(fk.get("fields"))
            if not fields or not set(fields) <= names:
                continue
            ref = fk["reference"]
            reference = str(ref.get("resource") or "")
            if reference == table.resource:
                reference = ""
            self.groups.append(Group(fields, reference, _names(ref.get("fields"))))

    def add(self, chunk: Chunk) -> None:
        for group in self.groups:
            joined, all_none = row_keys(self.table, chunk, group.fields)
            keep = ~all_none
            group.keys.append(joined.filter(pa.array(keep)))
            group.rows.append(np.flatnonzero(keep) + chunk.first_row)
            if not group.reference:
                own, none = row_keys(self.table, chunk, group.reference_fields)
                group.own.append(own.filter(pa.array(~none)))

    def end(self) -> Iterator[Finding]:
        for group in self.groups:
            fields = ", ".join(group.fields)
            if group.reference:
                lookup = self.lookup(group.reference, group.reference_fields)
                if lookup is None:
                    yield self.table.finding("foreign-key-target-missing", fields=fields,
                                             reference=group.reference)
                    continue
            else:
                lookup = pa.chunked_array(group.own, pa.string()).combine_chunks()
            if not group.keys:
                continue
            keys = pa.chunked_array(group.keys, pa.string()).combine_chunks()
            found = pc.is_in(keys, lookup).to_numpy(zero_copy_only=False)
            for row in np.concatenate(group.rows)[~found]:
                yield self.table.finding("foreign-key", row=int(row), fields=fields,
                                         fieldNames=list(group.fields),
                                         reference=group.reference or self.table.resource,
                                         referenceFields=", ".join(group.reference_fields),
                                         referenceFieldNames=list(group.reference_fields))
