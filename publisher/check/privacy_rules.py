"""Field privacy policies: known categories and actions, and `keep` only where the law allows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from publisher import codes
from publisher.dataset import Dataset
from publisher.findings import Finding
from publisher.privacy import ACTIONS, CATEGORIES, NEVER_KEPT, keep_allowed
from publisher.vocabulary import Vocabulary

codes.define(
    "privacy-policy-invalid", stage="check",
    title=("隐私策略不合法", "Privacy policy invalid"),
    description="A field's privacy property has an unknown category or action.",
    message=("数据集 {dataset} 资源 {resource} 字段 {field}：隐私策略的 {part}“{value}”不合法",
             "Dataset {dataset}, resource {resource}, field {field}: privacy {part} '{value}' "
             "is unknown"),
)
codes.define(
    "privacy-keep-not-allowed", stage="check",
    title=("个人信息字段不得原样公开", "Keeping a personal field is not allowed"),
    description="`keep` on a personal category needs a dataset exemption that the category "
                "permits and that the field's schema allows (keepUnder).",
    message=("数据集 {dataset} 资源 {resource} 字段 {field}：类别 {category} 不能原样保留，"
             "须去标识化（除非惩戒公示等豁免且表结构允许）",
             "Dataset {dataset}, resource {resource}, field {field}: category {category} may not "
             "be kept without an exemption the schema allows"),
)
codes.define(
    "privacy-keep-never-allowed", stage="check",
    title=("身份证号等不得原样公开", "This category is never kept"),
    description="Resident ID numbers, phone numbers and bank cards are never kept, whatever the "
                "exemption.",
    message=("数据集 {dataset} 资源 {resource} 字段 {field}：{category} 在任何豁免下都不得原样公开",
             "Dataset {dataset}, resource {resource}, field {field}: {category} is never kept, "
             "whatever the exemption"),
)


def check(dataset: Dataset, vocabulary: Vocabulary) -> Iterator[Finding]:
    exemption = dataset.disclosure.exemption
    for resource in dataset.resources:
        for policy in resource.policies:
            where: dict[str, Any] = {"dataset": dataset.name, "resource": resource.name,
                                     "field": policy.field, "key": "schema.fields.privacy"}
            if policy.category not in CATEGORIES:
                yield Finding("privacy-policy-invalid", **where,
                              params={"part": "category", "value": policy.category})
                continue
            if policy.action not in ACTIONS:
                yield Finding("privacy-policy-invalid", **where,
                              params={"part": "action", "value": policy.action})
                continue
            if policy.action != "keep" or not policy.personal:
                continue
            if policy.category in NEVER_KEPT:
                yield Finding("privacy-keep-never-allowed", **where,
                              params={"category": policy.category})
            elif not keep_allowed(policy, exemption):
                yield Finding("privacy-keep-not-allowed", **where,
                              params={"category": policy.category})
