"""Each resource has a Table Schema that is valid by the Frictionless profile."""

from __future__ import annotations

from collections.abc import Iterator

from frictionless import Schema

from publisher import canonical, codes
from publisher.dataset import Dataset
from publisher.findings import Finding
from publisher.vocabulary import Vocabulary

codes.define(
    "resource-schema-missing", stage="check",
    title=("资源未指定表结构", "Resource has no schema"),
    description="Every tabular resource names its Table Schema (resources[].schema).",
    message=("数据集 {dataset} 资源 {resource}：未指定表结构（schema）",
             "Dataset {dataset}, resource {resource}: no schema declared"),
)
codes.define(
    "dataset-no-resources", stage="check",
    title=("数据集没有资源", "Dataset has no resources"),
    description="A dataset declares at least one resource.",
    message=("数据集 {dataset}：未声明任何资源（resources）",
             "Dataset {dataset}: no resources declared"),
)


def check(dataset: Dataset, vocabulary: Vocabulary) -> Iterator[Finding]:
    if not dataset.resources:
        yield Finding("dataset-no-resources", dataset=dataset.name, key="resources")
    for resource in dataset.resources:
        if not resource.schema_ref:
            yield Finding("resource-schema-missing", dataset=dataset.name,
                          resource=resource.name, key="resources.schema")
            continue
        if resource.schema is None:
            continue  # the loader already reported why
        report = Schema.validate_descriptor(resource.schema)
        reasons = [e.message for e in report.errors] + canonical.problems(resource.schema)
        for reason in reasons:
            yield Finding("schema-invalid", dataset=dataset.name, resource=resource.name,
                          key="resources.schema",
                          params={"schema": resource.schema_ref, "reason": reason})
