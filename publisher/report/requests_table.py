"""Table 三 (收到和处理政府信息公开申请情况) counted from the register, as of 31 December.

* 一 new: received in the year; 二 carried in: received earlier and not replied before 1 January;
* 三 the year's results: replies dated in the year, by outcome row; (七) their total;
* 四 carried out: received by 31 December and not replied by then.

The printed rule 一 + 二 = 三 + 四 is checked per column and reported, never assumed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from publisher.requests import categories as cat


@dataclass(frozen=True)
class Case:
    """What the table needs of a request: its column, receipt, and reply (if any)."""

    applicant_type: str
    received: date
    replied: date | None
    outcome: str | None


COLUMNS = (*cat.APPLICANT_TYPES, cat.TOTAL)


def _count(cases: Iterable[Case]) -> dict[str, int]:
    out = dict.fromkeys(COLUMNS, 0)
    for case in cases:
        out[case.applicant_type] += 1
        out[cat.TOTAL] += 1
    return out


def table(cases: list[Case], year: int) -> dict[str, Any]:
    """Rows (with labels, codes and the seven numbers) and the consistency check."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    new = [c for c in cases if c.received.year == year]
    carried_in = [c for c in cases if c.received < first
                  and (c.replied is None or c.replied >= first)]
    done = [c for c in cases if c.replied is not None and first <= c.replied <= last]
    carried_out = [c for c in cases if c.received <= last
                   and (c.replied is None or c.replied > last)]
    rows: list[dict[str, Any]] = [
        {"code": "new", "label": "一、本年新收政府信息公开申请数量", "values": _count(new)},
        {"code": "carried-in", "label": "二、上年结转政府信息公开申请数量",
         "values": _count(carried_in)},
        {"code": "results", "label": "三、本年度办理结果", "values": None},
    ]
    for group in cat.GROUPS:
        members = [o for o in cat.OUTCOMES if o.group == group]
        heading = f"{cat.GROUP_NUMBERS[group]}{group}"
        if len(members) == 1:
            rows.append({"code": members[0].code, "label": heading,
                         "values": _count(c for c in done if c.outcome == members[0].code)})
            continue
        rows.append({"code": f"group-{members[0].code.split('-')[0]}", "label": heading,
                     "values": None})
        for o in members:
            rows.append({"code": o.code, "label": f"{o.number}．{o.label}",
                         "values": _count(c for c in done if c.outcome == o.code)})
    rows.append({"code": "results-total", "label": "（七）总计", "values": _count(done)})
    rows.append({"code": "carried-out", "label": "四、结转下年度继续办理",
                 "values": _count(carried_out)})
    by_code = {r["code"]: r["values"] for r in rows}
    check = {col: {"left": by_code["new"][col] + by_code["carried-in"][col],
                   "right": by_code["results-total"][col] + by_code["carried-out"][col]}
             for col in COLUMNS}
    holds = all(v["left"] == v["right"] for v in check.values())
    return {"columns": list(COLUMNS), "rows": rows,
            "consistency": {"rule": "一 + 二 = 三 + 四", "holds": holds, "by_column": check}}
