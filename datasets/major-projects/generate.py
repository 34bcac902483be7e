"""Write data/projects.csv: approvals of major transport construction projects 2016-2018.

Usage: python datasets/major-projects/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random
from datetime import date

from publisher import synth
from publisher.generate import output_dir, write_csv

SEED = 20180808
ROWS = 60
HEADER = ("project_code", "project_name", "approval_type", "approval_number", "approval_date",
          "authority", "owner", "owner_credit_code", "location", "total_investment", "scale",
          "planned_start", "planned_end", "status")
KINDS = (
    ("国道G324线{place}段改建工程", "审批", "一级公路{km}公里", (30000, 200000)),
    ("省道S241线{place}段路面改造工程", "审批", "二级公路{km}公里", (5000, 40000)),
    ("{place}汽车客运站建设项目", "核准", "一级客运站，占地{km}0亩", (8000, 30000)),
    ("{place}公交首末站及充电站建设项目", "备案", "充电桩{km}个", (800, 5000)),
    ("{place}港区通用码头工程", "核准", "5000吨级泊位{n}个", (20000, 120000)),
    ("{place}农村公路安全生命防护工程", "备案", "农村公路{km}公里", (500, 3000)),
    ("{place}物流园区道路配套工程", "备案", "城市支路{km}公里", (1000, 8000)),
)
AUTHORITY = {"审批": "汕尾市发展和改革局", "核准": "汕尾市发展和改革局", "备案": "汕尾市交通运输局"}


def rows(rng: random.Random) -> list[list[object]]:
    out: list[list[object]] = []
    days = sorted(synth.day_between(rng, date(2016, 2, 1), date(2018, 12, 20))
                  for _ in range(ROWS))
    for i, day in enumerate(days, start=1):
        template, kind, scale, (low, high) = rng.choice(KINDS)
        district = rng.choice(list(synth.TOWNS))
        place = rng.choice(synth.TOWNS[district])
        start = date(day.year + (day.month > 9), (day.month + 2) % 12 + 1, 1)
        end = date(start.year + rng.randrange(1, 4), start.month, 1)
        status = "完工" if end.year <= 2018 else ("在建" if start <= date(2018, 12, 1) else "前期")
        kind_no = {"审批": "01", "核准": "02", "备案": "03"}[kind]
        out.append([
            f"{day.year}-441500-48-{kind_no}-{rng.randrange(10**6):06d}",
            template.format(place=place), kind,
            synth.doc_number("汕发改交" if kind != "备案" else "汕交基", day.year, i),
            day.isoformat(), AUTHORITY[kind],
            rng.choice(("汕尾市交通投资发展有限公司", "汕尾市公路事务中心",
                        f"{district}交通运输局", synth.company_name(rng))),
            synth.uscc(rng), f"广东省汕尾市{district}{place}",
            f"{rng.uniform(low, high):,.2f}",
            scale.format(km=rng.randrange(3, 40), n=rng.randrange(1, 4)),
            f"{start:%Y-%m}", f"{end:%Y-%m}", status,
        ])
    return out


def main() -> None:
    out = output_dir(__file__)
    write_csv(out / "projects.csv", HEADER, rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
