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

SECTIONS = ("overview", "problems", "other")
REVIEW_GROUPS = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
REVIEW_RESULTS = ("upheld", "corrected", "other", "pending")
REVIEW_LABELS = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果",
                 "pending": "尚未审结", "total": "总计"}
GROUP_LABELS = {"reconsideration": "行政复议",
                "litigation_direct": "行政诉讼：未经复议直接起诉",
                "litigation_after_reconsideration": "行政诉讼：复议后起诉"}


class NarrativeError(ValueError):
    """The YAML file is not what the report expects (the message names file and key)."""


@dataclass(frozen=True)
class Narrative:
    year: int
    sections: dict[str, str]
    review: dict[str, dict[str, int]]
    fees_wan_yuan: float


def parse(data: Any, where: str, year: int) -> Narrative:
    if not isinstance(data, dict):
        raise NarrativeError(f"{where}: must be a mapping")
    if data.get("year") != year:
        raise NarrativeError(f"{where}: year must be {year}")
    sections = {}
    for key in SECTIONS:
        value = data.get(key, "")
        if not isinstance(value, str) or not value.strip():
            raise NarrativeError(f"{where}: {key} must be a non-empty text")
        sections[key] = value.strip()
    fees = data.get("fees_wan_yuan", 0)
    if isinstance(fees, bool) or not isinstance(fees, int | float) or fees < 0:
        raise NarrativeError(f"{where}: fees_wan_yuan must be a number, not negative")
    raw_review = data.get("review") or {}
    if not isinstance(raw_review, dict):
        raise NarrativeError(f"{where}: review must be a mapping")
    review: dict[str, dict[str, int]] = {}
    for group in REVIEW_GROUPS:
        numbers = raw_review.get(group) or {}
        if not isinstance(numbers, dict):
            raise NarrativeError(f"{where}: review.{group} must be a mapping")
        row: dict[str, int] = {}
        for result in REVIEW_RESULTS:
            value = numbers.get(result, 0)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise NarrativeError(f"{where}: review.{group}.{result} must be a whole "
                                     "number, not negative")
            row[result] = value
        row["total"] = sum(row.values())
        review[group] = row
    return Narrative(year, sections, review, float(fees))


def read(path: Path, year: int) -> Narrative:
    """The narrative of ``year`` from ``path``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NarrativeError(f"{path}: not found (the report's YAML file for {year})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise NarrativeError(f"{path}: not valid YAML ({reason})") from None
    return parse(data, str(path), year)
