"""Disclosure attribute (公开属性): present, known, and justified when not proactive."""

from __future__ import annotations

from collections.abc import Iterator

from publisher import codes
from publisher.dataset import ATTRIBUTES, Dataset
from publisher.findings import Finding
from publisher.privacy import EXEMPTIONS
from publisher.vocabulary import Vocabulary

codes.define(
    "disclosure-attribute-missing", stage="check",
    title=("缺少公开属性", "Disclosure attribute missing"),
    description="Every dataset must state disclosure.attribute: proactive, on_request or withheld.",
    message=("数据集 {dataset}：未标明公开属性（disclosure.attribute：主动公开 proactive / "
             "依申请公开 on_request / 不公开 withheld）",
             "Dataset {dataset}: disclosure.attribute is missing (proactive, on_request or "
             "withheld)"),
)
codes.define(
    "disclosure-attribute-unknown", stage="check",
    title=("公开属性不合法", "Disclosure attribute unknown"),
    description="disclosure.attribute has a value other than proactive, on_request or withheld.",
    message=("数据集 {dataset}：公开属性 {value} 不合法，应为 proactive、on_request 或 withheld",
             "Dataset {dataset}: disclosure attribute {value} is not one of proactive, "
             "on_request, withheld"),
)
codes.define(
    "disclosure-reason-missing", stage="check",
    title=("不公开或依申请公开未说明理由", "Reason for not disclosing missing"),
    description="A withheld or on-request dataset must state its reason (disclosure.reason).",
    message=("数据集 {dataset}：属性为 {value}，须依法依规说明理由（disclosure.reason）",
             "Dataset {dataset}: attribute {value} needs a reason (disclosure.reason)"),
)
codes.define(
    "disclosure-basis-missing", stage="check",
    title=("未说明法律依据", "Legal basis missing"),
    description="A withheld or on-request dataset must cite its legal basis (disclosure.basis).",
    message=("数据集 {dataset}：属性为 {value}，须写明法律依据（disclosure.basis）",
             "Dataset {dataset}: attribute {value} needs its legal basis (disclosure.basis)"),
)
codes.define(
    "disclosure-exemption-unknown", stage="check",
    title=("豁免类型不合法", "Exemption unknown"),
    description="disclosure.exemption names an exemption the publisher does not know.",
    message=("数据集 {dataset}：豁免类型 {value} 不存在，可用：{allowed}",
             "Dataset {dataset}: exemption {value} is unknown; known: {allowed}"),
)


def check(dataset: Dataset, vocabulary: Vocabulary) -> Iterator[Finding]:
    d = dataset.disclosure
    name = dataset.name
    if not d.attribute:
        yield Finding("disclosure-attribute-missing", dataset=name, key="disclosure.attribute")
        return
    if d.attribute not in ATTRIBUTES:
        yield Finding("disclosure-attribute-unknown", dataset=name, key="disclosure.attribute",
                      params={"value": d.attribute})
        return
    if d.attribute != "proactive":
        if not d.reason.strip():
            yield Finding("disclosure-reason-missing", dataset=name, key="disclosure.reason",
                          params={"value": d.attribute})
        if not d.basis.strip():
            yield Finding("disclosure-basis-missing", dataset=name, key="disclosure.basis",
                          params={"value": d.attribute})
    if d.exemption and d.exemption not in EXEMPTIONS:
        yield Finding("disclosure-exemption-unknown", dataset=name, key="disclosure.exemption",
                      params={"value": d.exemption, "allowed": ", ".join(sorted(EXEMPTIONS))})
