"""Write data/documents.csv: the bureau's normative documents 2016-2018 and their gazette and
interpretation dates. One document reached the gazette late and one interpretation followed its
document by days: both are planted for the deadline check (issue 8), everything else is on time.

Usage: python datasets/normative-documents/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from publisher import synth
from publisher.generate import output_dir, write_csv

SEED = 20180305
HEADER = ("unified_number", "doc_number", "title", "drafting_department", "issue_date",
          "gazette_date", "gazette_issue", "published_date", "interpretation_title",
          "interpretation_date", "validity", "valid_until")
SUBJECTS = (
    ("汕尾市出租汽车经营服务管理办法", "综运科"),
    ("汕尾市网络预约出租汽车经营服务管理实施细则", "综运科"),
    ("汕尾市道路运输驾驶员从业资格管理规定", "综运科"),
    ("汕尾市公共汽车客运管理办法", "综运科"),
    ("汕尾市交通运输行政处罚自由裁量权适用规则", "执法局"),
    ("汕尾市交通运输行政执法全过程记录实施办法", "执法局"),
    ("汕尾市公路路政管理规定", "直属分局"),
    ("汕尾市交通建设项目招标投标管理办法", "基建科"),
    ("汕尾市交通运输专项资金管理办法", "财审科"),
    ("汕尾市综合交通运输规划管理办法", "规划科"),
    ("汕尾市机动车维修行业管理办法", "综运科"),
    ("汕尾市交通运输政务公开工作规程", "办公室"),
    ("汕尾市互联网租赁自行车管理暂行办法", "综运科"),
    ("汕尾市港口经营管理办法", "综运科"),
)
PREFIX = ("关于印发", "关于进一步规范", "关于修订")
#: (row index, rule) of the planted late cases.
LATE_GAZETTE = 17
LATE_INTERPRETATION = 29


def rows(rng: random.Random) -> list[list[object]]:
    out: list[list[object]] = []
    seq = 0
    for year in (2016, 2017, 2018):
        issued = sorted(synth.day_between(rng, date(year, 1, 10), date(year, 12, 10))
                        for _ in range(12))
        for n, day in enumerate(issued, start=1):
            subject, dept = rng.choice(SUBJECTS)
            prefix = rng.choice(PREFIX)
            title = f"{prefix}{subject}的通知" if prefix != "关于进一步规范" else subject.replace(
                "管理办法", "管理工作的意见")
            gazette = day + timedelta(days=rng.randrange(1, 6))
            if seq == LATE_GAZETTE:
                gazette = day + timedelta(days=12)
            published = day + timedelta(days=rng.randrange(0, 2))
            interpreted = published + timedelta(days=9 if seq == LATE_INTERPRETATION else 0)
            expired = year == 2016 and rng.random() < 0.3
            out.append([
                f"SWJT-{year}-{n:03d}", synth.doc_number("汕交规", year, n), title, dept,
                day.isoformat(), gazette.isoformat(),
                f"汕尾市人民政府公报{gazette.year}年第{(gazette.month + 1) // 2 + 0}期",
                published.isoformat(), f"《{subject}》政策解读", interpreted.isoformat(),
                "失效" if expired else "有效",
                date(year + 5, day.month, min(day.day, 28)).isoformat(),
            ])
            seq += 1
    return out


def main() -> None:
    out = output_dir(__file__)
    write_csv(out / "documents.csv", HEADER, rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
