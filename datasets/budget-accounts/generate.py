"""Write the department's budgets and final accounts 2016-2018: expenditure by functional
subject (data/expenditure.csv) and the "three public expenses" (data/three_public.csv).

Usage: python datasets/budget-accounts/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random

from publisher.generate import output_dir, write_csv

SEED = 20180131
YEARS = (2016, 2017, 2018)
SUBJECTS = (
    ("2140101", "行政运行", True), ("2140102", "一般行政管理事务", False),
    ("2140104", "公路建设", False), ("2140106", "公路养护", False),
    ("2140112", "公路运输管理", False), ("2140136", "水路运输管理支出", False),
    ("2140199", "其他公路水路运输支出", False),
    ("2140601", "车辆购置税用于公路等基础设施建设支出", False),
    ("2080505", "机关事业单位基本养老保险缴费支出", True), ("2101101", "行政单位医疗", True),
    ("2210201", "住房公积金", True),
)


def money(value: float) -> str:
    """Ten thousand yuan with two decimals and thousands separators, as the tables print it."""
    return f"{value:,.2f}"


def expenditure(rng: random.Random) -> list[list[object]]:
    out: list[list[object]] = []
    for year in YEARS:
        for kind in ("预算", "决算"):
            for code, name, basic_only in SUBJECTS:
                scale = 1.0 if kind == "预算" else rng.uniform(0.85, 1.08)
                basic = rng.uniform(80, 1800) * scale if basic_only or code == "2140112" else 0.0
                project = 0.0 if basic_only else rng.uniform(50, 12000) * scale
                out.append([year, kind, code, name, money(basic) if basic else "",
                            money(project) if project else "", money(basic + project)])
    return out


def three_public(rng: random.Random) -> list[list[object]]:
    out: list[list[object]] = []
    for year in YEARS:
        for kind in ("预算", "决算"):
            parts = [0.0, rng.choice((0.0, 0.0, 28.5)), rng.uniform(20, 45), rng.uniform(3, 9)]
            parts = [round(p, 2) for p in parts]
            out.append([year, kind, *[f"{p:.2f}" for p in parts], f"{sum(parts):.2f}"])
    return out


def main() -> None:
    out = output_dir(__file__)
    rng = random.Random(SEED)
    write_csv(out / "expenditure.csv", ("year", "kind", "subject_code", "subject_name", "basic",
                                        "project", "total"), expenditure(rng))
    write_csv(out / "three_public.csv", ("year", "kind", "overseas_travel", "vehicle_purchase",
                                         "vehicle_operation", "reception", "total"),
              three_public(rng))


if __name__ == "__main__":
    main()
