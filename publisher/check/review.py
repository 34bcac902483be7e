"""Review mode and policy interpretation (政策解读)."""

from __future__ import annotations

from collections.abc import Iterator

from publisher import codes
from publisher.dataset import Dataset
from publisher.findings import Finding
from publisher.vocabulary import Vocabulary

codes.define(
    "review-mode-invalid", stage="check",
    title=("审查方式不合法", "Review mode invalid"),
    description="review must be `required` or `automatic`.",
    message=("数据集 {dataset}：审查方式“{value}”应为 required 或 automatic",
             "Dataset {dataset}: review '{value}' must be required or automatic"),
)
codes.define(
    "review-automatic-personal", stage="check",
    title=("含个人信息的数据集须人工审查", "Personal data needs a human review"),
    description="review: automatic is allowed only for datasets with no personal-data fields.",
    message=("数据集 {dataset}：含个人信息字段（{count} 个），不能设为自动审查",
             "Dataset {dataset}: it has {count} personal-data fields, so review cannot be "
             "automatic"),
)
codes.define(
    "interpretation-missing", stage="check",
    title=("政策文件缺少解读", "Policy interpretation missing"),
    description="A policy document is published together with its interpretation (政策解读): "
                "`interpretation` must name an existing file in the dataset folder.",
    message=("数据集 {dataset}：政策性文件须同步发布解读材料（interpretation），{problem}",
             "Dataset {dataset}: a policy document is published with its interpretation; "
             "{problem}"),
)


def check(dataset: Dataset, vocabulary: Vocabulary) -> Iterator[Finding]:
    if dataset.review not in {"required", "automatic"}:
        yield Finding("review-mode-invalid", dataset=dataset.name, key="review",
                      params={"value": dataset.review})
    elif dataset.review == "automatic" and dataset.personal_fields:
        yield Finding("review-automatic-personal", dataset=dataset.name, key="review",
                      params={"count": len(dataset.personal_fields)})
    column = vocabulary.catalogue_columns.get(dataset.catalogue_column)
    if dataset.policy_document or (column is not None and column.policy):
        if not dataset.interpretation:
            yield Finding("interpretation-missing", dataset=dataset.name, key="interpretation",
                          params={"problem": "未填写 / not declared"})
        elif not (dataset.folder / dataset.interpretation).is_file():
            yield Finding("interpretation-missing", dataset=dataset.name, key="interpretation",
                          params={"problem": f"{dataset.interpretation} 不存在 / not found"})
