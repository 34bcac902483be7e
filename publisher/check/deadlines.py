"""Deadlines the bureau's plan sets (5 days to the gazette, interpretation with its document,
reply and answer limits in working days), checked row by row over the data.

A schema declares its rules at the top level::

    "deadlines": [{"code": "gazette-late", "start": "issue_date", "end": "gazette_date",
                   "limit": 5, "unit": "days"},
                  {"code": "request-answer-late", "start": "received_date",
                   "end": "answered_date", "limit": 20, "unit": "workdays",
                   "extensionField": "extended", "extension": 20}]

``limit`` may instead be ``limitField``: a column holding each row's limit. Working days follow
the official calendar with its make-up days (``chinesecalendar``), not Monday to Friday.

A late row is a fact to fix in the bureau, not in the data: these findings are warnings
(stage ``deadline``). They are shown to stewards and never refuse a descriptor or stop a release.
A malformed rule, on the other hand, is a steward's mistake and refuses the descriptor.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from publisher import codes
from publisher.dataset import Dataset, Resource
from publisher.deadlines import working_days_between
from publisher.findings import Finding
from publisher.readers import ReadError, field_names, open_resource
from publisher.vocabulary import Vocabulary

STAGE = "deadline"
UNITS = ("days", "workdays")
TRUE_VALUES = frozenset({"1", "true", "True", "TRUE", "是", "Y", "y", "yes"})

for _code, _zh, _en in (
    ("gazette-late", "规范性文件未在印发后规定日数内登载政府公报",
     "Normative document reached the gazette late"),
    ("interpretation-late", "政策解读未与文件同步发布",
     "Interpretation not published together with its document"),
    ("reply-late", "留言未在规定工作日内答复", "Public message answered late"),
    ("request-answer-late", "依申请公开未在法定期限内答复",
     "Disclosure request answered late"),
):
    codes.define(
        _code, stage=STAGE,
        title=(_zh, _en),
        description=f"Warning, never a refusal: {_en.lower()} (rule declared in the schema's "
                    "`deadlines`). Reported to stewards; publication goes on.",
        message=(f"数据集 {{dataset}} 资源 {{resource}} 第 {{row}} 行：{_zh}（{{start}} 至 {{end}} "
                 f"历时 {{elapsed}} 个{{unit_zh}}，时限 {{limit}} 个{{unit_zh}}）",
                 f"Dataset {{dataset}}, resource {{resource}}, row {{row}}: {_en.lower()} "
                 f"({{elapsed}} {{unit}} from {{start}} to {{end}}, limit {{limit}})"),
    )
codes.define(
    "deadline-rule-invalid", stage="check",
    title=("时限规则不合法", "Deadline rule invalid"),
    description="A schema's `deadlines` entry names an unknown code or unit, or a column the "
                "schema does not have.",
    message=("数据集 {dataset} 资源 {resource}：时限规则 {rule} 不合法（{reason}）",
             "Dataset {dataset}, resource {resource}: deadline rule {rule} is invalid ({reason})"),
)

WARNING_CODES = ("gazette-late", "interpretation-late", "reply-late", "request-answer-late")
UNIT_ZH = {"days": "自然日", "workdays": "工作日"}


def is_warning(finding: Finding) -> bool:
    """True for findings that are reported but never refuse (stage ``deadline``)."""
    return codes.get(finding.code).stage == STAGE


@dataclass(frozen=True)
class Rule:
    code: str
    start: str
    end: str
    unit: str
    limit: int | None
    limit_field: str
    extension_field: str
    extension: int


def _parse_rule(raw: Any, names: list[str]) -> tuple[Rule | None, str]:
    if not isinstance(raw, dict):
        return None, "not a mapping"
    code = str(raw.get("code", ""))
    if code not in WARNING_CODES:
        return None, f"code must be one of {', '.join(WARNING_CODES)}"
    unit = str(raw.get("unit", "days"))
    if unit not in UNITS:
        return None, "unit must be days or workdays"
    limit = raw.get("limit")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool)):
        return None, "limit must be an integer"
    limit_field = str(raw.get("limitField", "") or "")
    if limit is None and not limit_field:
        return None, "limit or limitField is required"
    extension = raw.get("extension", 0)
    if not isinstance(extension, int) or isinstance(extension, bool):
        return None, "extension must be an integer"
    rule = Rule(code, str(raw.get("start", "")), str(raw.get("end", "")), unit, limit,
                limit_field, str(raw.get("extensionField", "") or ""), extension)
    if not (rule.start and rule.end):
        return None, "start and end columns are required"
    for column in (rule.start, rule.end, rule.limit_field, rule.extension_field):
        if column and column not in names:
            return None, f"column {column} is not a field of the schema"
    return rule, ""


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:  # an unparsable date is validation's finding, not a deadline's
        return None


def _late(rule: Rule, row: dict[str, str]) -> tuple[date, date, int, int] | None:
    start, end = _day(row.get(rule.start, "")), _day(row.get(rule.end, ""))
    if start is None or end is None:
        return None
    if rule.limit is not None:
        limit = rule.limit
    else:
        try:
            limit = int(row.get(rule.limit_field, "").strip())
        except ValueError:
            return None
    if rule.extension_field and row.get(rule.extension_field, "").strip() in TRUE_VALUES:
        limit += rule.extension
    elapsed = (end - start).days if rule.unit == "days" else working_days_between(start, end)
    return (start, end, elapsed, limit) if elapsed > limit else None


def _resource(dataset: Dataset, resource: Resource) -> Iterator[Finding]:
    schema = resource.schema or {}
    raw_rules = schema.get("deadlines")
    if not raw_rules:
        return
    names = [str(f.get("name")) for f in schema.get("fields", []) if isinstance(f, dict)]
    rules: list[Rule] = []
    for i, raw in enumerate(raw_rules if isinstance(raw_rules, list) else [raw_rules]):
        rule, reason = _parse_rule(raw, names)
        if rule is None:
            yield Finding("deadline-rule-invalid", dataset=dataset.name, resource=resource.name,
                          key="schema.deadlines",
                          params={"rule": i, "reason": reason})
        else:
            rules.append(rule)
    if not rules:
        return
    try:
        opened = open_resource(resource)
        header = field_names([h.strip() for h in opened.labels], resource.schema)
        numbered = [(chunk.first_row + i, values) for chunk in opened.chunks
                    for i, values in enumerate(chunk.rows())]
    except (ReadError, OSError):
        return  # the headers rule reports an unreadable file
    for number, values in numbered:  # file row numbers, as validate counts them
        row = dict(zip(header, values, strict=False))
        for rule in rules:
            late = _late(rule, row)
            if late is None:
                continue
            start, end, elapsed, limit = late
            yield Finding(rule.code, dataset=dataset.name, resource=resource.name, row=number,
                          field=rule.end,
                          params={"start": start.isoformat(), "end": end.isoformat(),
                                  "elapsed": elapsed, "limit": limit, "unit": rule.unit,
                                  "unit_zh": UNIT_ZH[rule.unit]})


def check(dataset: Dataset, vocabulary: Vocabulary) -> Iterator[Finding]:
    for resource in dataset.resources:
        yield from _resource(dataset, resource)
