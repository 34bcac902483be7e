"""Table 二 (主动公开政府信息情况) counted from the published datasets' records.

* 规章 / 行政规范性文件: ``normative-documents``. A department issues no 规章 (rules are made
  by governments and ministries), so that row is zero; every document of the dataset is a
  规范性文件. Issued in the year: ``issue_date`` in the year; repealed in the year:
  ``validity`` is 废止 or 失效 and ``valid_until`` falls in the year; in force at the year's
  end: issued by 31 December and not expired by then (``valid_until`` empty or later).
* 行政许可: ``licence-results`` decisions with ``decision_date`` in the year.
* 行政处罚: ``penalty-decisions`` with ``decision_date`` in the year. The dataset records
  penalties only (its ``penalty_type`` has no compulsory measure), so 行政强制 is zero.
* 行政事业性收费: the budget data (``budget-accounts``) records expenditure, not fee income;
  the amount (万元) is the steward's figure from the report's YAML file until a fee resource
  exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher import codes
from publisher.load import load
from publisher.readers import read_frame

NORMATIVE, LICENCES, PENALTIES = "normative-documents", "licence-results", "penalty-decisions"


codes.define(
    "report-source-unreadable", stage="report", title=("数据源不可读", "Source unreadable"),
    description="A dataset the annual report counts from cannot be read.",
    message=("数据集 {dataset} 无法读取，不能用于年度报告",
             "dataset {dataset} cannot be read for the annual report"),
)
codes.define(
    "report-source-no-resource", stage="report", title=("缺少资源", "Resource missing"),
    description="A dataset the annual report counts from lacks the resource.",
    message=("数据集 {dataset} 没有资源 {resource}",
             "dataset {dataset} has no resource {resource}"),
)
codes.define(
    "report-source-no-field", stage="report", title=("缺少字段", "Field missing"),
    description="A dataset the annual report counts from lacks the field.",
    message=("数据集 {dataset}：缺少字段 {field}",
             "dataset {dataset}: field {field} is missing"),
)


class SourceMissing(codes.CodedError, ValueError):
    """A dataset the report counts from cannot be read (named in the message)."""


@dataclass(frozen=True)
class Sources:
    datasets_dir: Path
    schemas_dir: Path

    def column(self, dataset: str, resource: str | None, field: str) -> list[str]:
        """Every cell of ``field`` in a dataset's resource (the first when unnamed)."""
        loaded = load(self.datasets_dir, dataset, self.schemas_dir)
        if loaded.dataset is None or not loaded.dataset.resources:
            raise SourceMissing("report-source-unreadable", dataset=dataset)
        chosen = [r for r in loaded.dataset.resources if resource in (None, r.name)]
        if not chosen:
            raise SourceMissing("report-source-no-resource", dataset=dataset, resource=resource)
        frame = read_frame(chosen[0])
        if field not in frame.columns:
            raise SourceMissing("report-source-no-field", dataset=dataset, field=field)
        return [str(v) for v in frame[field]]


def _in_year(value: str, year: int) -> bool:
    return value[:4] == str(year)


def normative_counts(sources: Sources, year: int) -> dict[str, int]:
    issued = sources.column(NORMATIVE, None, "issue_date")
    validity = sources.column(NORMATIVE, None, "validity")
    until = sources.column(NORMATIVE, None, "valid_until")
    end = f"{year}-12-31"
    return {
        "issued": sum(_in_year(d, year) for d in issued),
        "repealed": sum(v in ("废止", "失效") and _in_year(u, year)
                        for v, u in zip(validity, until, strict=True)),
        "in_force": sum(bool(d) and d <= end and (not u or u > end)
                        for d, u in zip(issued, until, strict=True)),
    }


def table(sources: Sources, year: int, fees_wan_yuan: float) -> list[dict[str, Any]]:
    """The rows of table 二 in the 2021 format's order."""
    decisions = {name: sum(_in_year(d, year) for d in sources.column(name, None,
                                                                      "decision_date"))
                 for name in (LICENCES, PENALTIES)}
    zero = {"issued": 0, "repealed": 0, "in_force": 0}
    item1, item5, item6, item8 = (f"第二十条第（{n}）项" for n in ("一", "五", "六", "八"))
    return [
        {"item": item1, "code": "rules", "row": "规章", **zero, "source": NORMATIVE},
        {"item": item1, "code": "normative-documents", "row": "行政规范性文件",
         **normative_counts(sources, year), "source": NORMATIVE},
        {"item": item5, "code": "licences", "row": "行政许可",
         "decisions": decisions[LICENCES], "source": LICENCES},
        {"item": item6, "code": "penalties", "row": "行政处罚",
         "decisions": decisions[PENALTIES], "source": PENALTIES},
        {"item": item6, "code": "compulsory-measures", "row": "行政强制", "decisions": 0,
         "source": PENALTIES},
        {"item": item8, "code": "fees", "row": "行政事业性收费",
         "amount_wan_yuan": fees_wan_yuan, "source": "narrative"},
    ]
