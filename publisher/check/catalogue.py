"""Department, catalogue column, five-openness class and update frequency, by the vocabulary."""

from __future__ import annotations

from collections.abc import Iterator

from publisher import codes
from publisher.dataset import Dataset
from publisher.findings import Finding
from publisher.frequency import parse_frequency
from publisher.vocabulary import Term, Vocabulary

for _code, _zh, _en, _key in (
    ("department-unknown", "责任部门", "responsible department", "department"),
    ("catalogue-column-unknown", "公开目录栏目", "catalogue column", "catalogue.column"),
    ("openness-unknown", "五公开类别", "five-openness class", "catalogue.openness"),
):
    codes.define(
        _code, stage="check",
        title=(f"{_zh}未填写或不在词表中", f"Unknown {_en}"),
        description=f"{_key} is empty or not listed in the bureau's vocabulary file.",
        message=(f"数据集 {{dataset}}：{_zh}（{_key}）“{{value}}”不在词表中，可用：{{allowed}}",
                 f"Dataset {{dataset}}: {_en} ({_key}) '{{value}}' is not in the vocabulary; "
                 f"known: {{allowed}}"),
    )
codes.define(
    "update-frequency-invalid", stage="check",
    title=("更新频率不合法", "Update frequency invalid"),
    description="update_frequency must be an ISO 8601 duration (P1M) or an EU frequency name "
                "(MONTHLY, ANNUAL, IRREG …).",
    message=("数据集 {dataset}：更新频率“{value}”应为 ISO 8601 时长（如 P1M）或 MONTHLY 等名称",
             "Dataset {dataset}: update frequency '{value}' must be an ISO 8601 duration (P1M) "
             "or a name such as MONTHLY"),
)


def _known(code: str, dataset: Dataset, key: str, value: str,
           terms: dict[str, Term]) -> Iterator[Finding]:
    if value not in terms:
        yield Finding(code, dataset=dataset.name, key=key,
                      params={"value": value, "allowed": "、".join(terms)})


def check(dataset: Dataset, vocabulary: Vocabulary) -> Iterator[Finding]:
    yield from _known("department-unknown", dataset, "department", dataset.department,
                      vocabulary.departments)
    yield from _known("catalogue-column-unknown", dataset, "catalogue.column",
                      dataset.catalogue_column, vocabulary.catalogue_columns)
    yield from _known("openness-unknown", dataset, "catalogue.openness", dataset.openness,
                      vocabulary.openness)
    if parse_frequency(dataset.update_frequency) is None:
        yield Finding("update-frequency-invalid", dataset=dataset.name, key="update_frequency",
                      params={"value": dataset.update_frequency})
