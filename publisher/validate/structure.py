"""Structural errors: the header row against the schema, and rows with too many or too few cells.

Rules follow frictionless (``fieldsMatch: exact``): labels pair with fields by position; a blank,
duplicate or different label is reported at its position; a row whose every cell is blank is one
``blank-row`` and nothing else. One addition: a label equal to the field's ``title`` matches it
(stewards' exports carry the Chinese titles; frictionless would call them incorrect labels).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from publisher import codes
from publisher.findings import Finding
from publisher.validate.context import Chunk, Table

STAGE = "validate"
codes.define("blank-header", stage=STAGE, title=("表头为空", "Blank header"),
             description="The header row is empty: a table starts with its column names.",
             message=("资源 {resource}：表头为空", "Resource {resource}: the header row is empty"))
codes.define("blank-label", stage=STAGE, title=("表头列名为空", "Blank label"),
             description="A header cell is empty.",
             message=("资源 {resource}：第 {fieldNumber} 列表头为空（应为 {field}）",
                      "Resource {resource}: header cell {fieldNumber} is blank "
                      "(expected {field})"))
codes.define("duplicate-label", stage=STAGE, title=("表头列名重复", "Duplicate label"),
             description="Two header cells have the same text.",
             message=("资源 {resource}：第 {fieldNumber} 列表头“{label}”与第 {positions} 列重复",
                      "Resource {resource}: header cell {fieldNumber} \"{label}\" repeats "
                      "column {positions}"))
codes.define("incorrect-label", stage=STAGE, title=("表头列名与表结构不符", "Incorrect label"),
             description="A header cell differs from the schema field at that position.",
             message=("资源 {resource}：第 {fieldNumber} 列表头为“{label}”，表结构为 {field}",
                      "Resource {resource}: header cell {fieldNumber} is \"{label}\", the schema "
                      "says {field}"))
codes.define("extra-label", stage=STAGE, title=("表头多出列", "Extra label"),
             description="The header has more columns than the schema has fields.",
             message=("资源 {resource}：第 {fieldNumber} 列“{label}”不在表结构中",
                      "Resource {resource}: column {fieldNumber} \"{label}\" is not in the schema"))
codes.define("missing-label", stage=STAGE, title=("表头缺少列", "Missing label"),
             description="The header has fewer columns than the schema has fields.",
             message=("资源 {resource}：表头缺少字段 {field}",
                      "Resource {resource}: the header lacks field {field}"))
codes.define("blank-row", stage=STAGE, title=("空行", "Blank row"),
             description="Every cell of the row is empty.",
             message=("资源 {resource}：第 {row} 行为空行",
                      "Resource {resource}: row {row} is blank"))
codes.define("extra-cell", stage=STAGE, title=("多出单元格", "Extra cell"),
             description="A row has more cells than the header.",
             message=("资源 {resource}：第 {row} 行第 {fieldNumber} 个单元格多出（表头无此列）",
                      "Resource {resource}: row {row} has an extra cell at position "
                      "{fieldNumber}"))
codes.define("missing-cell", stage=STAGE, title=("缺少单元格", "Missing cell"),
             description="A row has fewer cells than the header.",
             message=("资源 {resource}：第 {row} 行缺少字段 {field} 的单元格",
                      "Resource {resource}: row {row} has no cell for field {field}"))


def header(table: Table, labels: list[str], schema_fields: list[dict[str, Any]]
           ) -> Iterator[Finding]:
    """Findings on the header row (row 1)."""
    def out(code: str, number: int, name: str | None, label: str = "", **params: Any
            ) -> Finding:
        return Finding(code, dataset=table.dataset, resource=table.resource, row=None,
                       field=name, params={"fieldNumber": number, "label": label, **params})

    if not labels:
        yield Finding("blank-header", dataset=table.dataset, resource=table.resource)
        return
    names = [str(f.get("name", "")) for f in schema_fields]
    titles = [str(f.get("title") or "").strip() for f in schema_fields]
    for number in range(len(names) + 1, len(labels) + 1):
        yield out("extra-label", number, None, labels[number - 1])
    for offset, name in enumerate(names[len(labels):]):
        yield out("missing-label", len(labels) + offset + 1, name)
    for number, (name, label) in enumerate(zip(names, labels, strict=False), start=1):
        if not label:
            yield out("blank-label", number, name)
            continue
        seen = [str(i) for i, other in enumerate(labels[:number - 1], start=1) if other == label]
        if seen:
            yield out("duplicate-label", number, name, label, positions=", ".join(seen))
        elif label != name and label != titles[number - 1]:
            yield out("incorrect-label", number, name, label)


def rows(table: Table, chunk: Chunk) -> Iterator[Finding]:
    """Blank rows, extra and missing cells of one chunk."""
    for row in np.flatnonzero(chunk.blank) + chunk.first_row:
        yield table.finding("blank-row", row=int(row))
    width = len(table.fields)
    for i in np.flatnonzero((chunk.widths != width) & ~chunk.blank):
        row, cells = chunk.first_row + int(i), int(chunk.widths[i])
        for number in range(width + 1, cells + 1):
            yield table.finding("extra-cell", row=row, fieldNumber=number)
        for fld in table.fields[cells:]:
            yield table.finding("missing-cell", row=row, fld=fld)
