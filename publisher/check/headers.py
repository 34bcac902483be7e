"""The data file exists and its header matches the schema's fields (by name or by title).

The file is opened by the same reader as ``validate`` (:func:`publisher.readers.open_resource`),
so a dialect, encoding or sheet that one accepts the other accepts too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from publisher import codes
from publisher.dataset import Dataset
from publisher.findings import Finding
from publisher.readers import ReadError, field_names, open_resource
from publisher.vocabulary import Vocabulary

codes.define(
    "resource-unreadable", stage="check",
    title=("数据文件无法读取", "Data file unreadable"),
    description="The resource's file is missing or cannot be read as a table.",
    message=("数据集 {dataset} 资源 {resource}：数据文件无法读取（{reason}）",
             "Dataset {dataset}, resource {resource}: the data file cannot be read ({reason})"),
)
codes.define(
    "header-mismatch", stage="check",
    title=("表头与表结构不一致", "Header does not match the schema"),
    description="The file's header row must list the schema's fields, in order.",
    message=("数据集 {dataset} 资源 {resource}：表头与表结构不一致（缺少：{missing}；"
             "多出：{extra}；顺序不同：{order}）",
             "Dataset {dataset}, resource {resource}: header does not match the schema "
             "(missing: {missing}; extra: {extra}; order differs: {order})"),
)


def check(dataset: Dataset, vocabulary: Vocabulary) -> Iterator[Finding]:
    for resource in dataset.resources:
        where: dict[str, Any] = {"dataset": dataset.name, "resource": resource.name}
        try:
            labels = open_resource(resource).labels
        except ReadError as exc:
            yield Finding("resource-unreadable", **where, key="resources.path",
                          params=exc.finding_params())
            continue
        except OSError as exc:
            yield Finding("resource-unreadable", **where, key="resources.path",
                          params=ReadError.from_os(resource.path.name, exc).finding_params())
            continue
        if resource.schema is None:
            continue
        names = [str(f.get("name")) for f in resource.schema.get("fields", [])
                 if isinstance(f, dict)]
        header = field_names([h.strip() for h in labels], resource.schema)
        if header == names:
            continue
        missing = [n for n in names if n not in header]
        extra = [h for h in header if h not in names]
        yield Finding("header-mismatch", **where, key="resources.schema",
                      params={"missing": ", ".join(missing) or "-",
                              "extra": ", ".join(extra) or "-",
                              "order": "yes" if not missing and not extra else "-"})
