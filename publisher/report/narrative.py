"""The steward-edited part of the report: narrative sections, table 四 and the fee figure.

One YAML file per year (``datasets/annual-report/narrative/<year>.yaml``)::

    year: 2018
    overview: 总体情况 text (section 一)
    problems: 存在的主要问题及改进情况 (section 五)
    other: 其他需要报告的事项 (section 六)
    fees_wan_yuan: 0          # 行政事业性收费, 万元
    review:                    # 行政复议 / 行政诉讼 (section 四), whole numbers
      reconsideration: {upheld: 0, corrected: 0, other: 0, pending: 0}
      litigation_direct: {upheld: 0, corrected: 0, other: 0, pending: 0}
      litigation_after_reconsideration: {upheld: 0, corrected: 0, other: 0, pending: 0}

总计 of each review group is computed. Mistakes raise :class:`NarrativeError` naming the file
and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from publisher import codes

SECTIONS = ("overview", "problems", "other")
REVIEW_GROUPS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
REVIEW_RESULTS = ("upheld", "corrected", "other", "pending")
REVIEW_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果",
                 "pending": "尚未审结", "total": "总计"}
GROUP_LABELS = {"reconsideration": "行政复议",
                "litigation_direct": "行政诉讼：未经复议直接起诉",
                "litigation_after_reconsideration": "行政诉讼：复议后起诉"}


codes.define(
    "narrative-not-a-mapping", stage="report", title=("须为映射", "Not a mapping"),
    description="The narrative file, or a part of it, is not a mapping.",
    message=("{where}：{key}须为映射",
             "{where}: {key}must be a mapping"),
)
codes.define(
    "narrative-wrong-year", stage="report", title=("年份不符", "Wrong year"),
    description="The narrative file is for another year.",
    message=("{where}：year 须为 {year}",
             "{where}: year must be {year}"),
)
codes.define(
    "narrative-text-missing", stage="report", title=("缺少文字", "Text missing"),
    description="A section of the narrative is missing or empty.",
    message=("{where}：{key} 须为非空文字",
             "{where}: {key} must be a non-empty text"),
)
codes.define(
    "narrative-not-a-count", stage="report", title=("须为非负数", "Not a count"),
    description="A number of the narrative is not a number, or negative.",
    message=("{where}：{key} 须为{kind}，且不得为负",
             "{where}: {key} must be a {kind}, not negative"),
)
codes.define(
    "narrative-missing", stage="report", title=("找不到年度报告文件", "Narrative missing"),
    description="The steward's YAML file for the year is not found.",
    message=("{path}：找不到（{year} 年度报告的 YAML 文件）",
             "{path}: not found (the report's YAML file for {year})"),
)
codes.define(
    "narrative-invalid", stage="report", title=("不是合法的 YAML", "Not valid YAML"),
    description="The steward's YAML file cannot be parsed.",
    message=("{path}：不是合法的 YAML（{reason}）",
             "{path}: not valid YAML ({reason})"),
)
codes.define(
    "number-kind", stage="report", title=("数", "Number"),
    description="A number.",
    message=("数",
             "number"),
)
codes.define(
    "whole-number-kind", stage="report", title=("整数", "Whole number"),
    description="A whole number.",
    message=("整数",
             "whole number"),
)


class NarrativeError(codes.CodedError, ValueError):
    """The YAML file is not what the report expects (the message names file and key)."""


@dataclass(frozen=True)
class Narrative:
    year: int
    sections: dict[str, str]
    review: dict[str, dict[str, int]]
    fees_wan_yuan: float


def parse(data: Any, where: str, year: int) -> Narrative:
    if not isinstance(data, dict):
        raise NarrativeError("narrative-not-a-mapping", where=where, key="")
    if data.get("year") != year:
        raise NarrativeError("narrative-wrong-year", where=where, year=year)
    sections = {}
    for key in SECTIONS:
        value = data.get(key, "")
        if not isinstance(value, str) or not value.strip():
            raise NarrativeError("narrative-text-missing", where=where, key=key)
        sections[key] = value.strip()
    fees = data.get("fees_wan_yuan", 0)
    if isinstance(fees, bool) or not isinstance(fees, int | float) or fees < 0:
        raise NarrativeError("narrative-not-a-count", where=where, key="fees_wan_yuan",
                             kind="", kind_code="number-kind")
    raw_review = data.get("review") or {}
    if not isinstance(raw_review, dict):
        raise NarrativeError("narrative-not-a-mapping", where=where, key="review ")
    review: dict[str, dict[str, int]] = {}
    for group in REVIEW_GROUPS:
        numbers = raw_review.get(group) or {}
        if not isinstance(numbers, dict):
            raise NarrativeError("narrative-not-a-mapping", where=where, key=f"review.{group} ")
        row: dict[str, int] = {}
        for result in REVIEW_RESULTS:
            value = numbers.get(result, 0)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise NarrativeError("narrative-not-a-count", where=where,
                                     key=f"review.{group}.{result}", kind="",
                                     kind_code="whole-number-kind")
            row[result] = value
        row["total"] = sum(row.values())
        review[group] = row
    return Narrative(year, sections, review, float(fees))


def read(path: Path, year: int) -> Narrative:
    """The narrative of ``year`` from ``path``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NarrativeError("narrative-missing", path=str(path), year=year) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise NarrativeError("narrative-invalid", path=str(path), reason=reason) from None
    return parse(data, str(path), year)
