"""Write data/licences.csv: 1,500 synthetic road transport licensing decisions of 2018.

Usage: python datasets/licence-results/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random
from datetime import date

from publisher import synth
from publisher.generate import output_dir, write_csv

SEED = 20180515
ROWS = 1500
AUTHORITY = "汕尾市交通运输局"
HEADER = ("decision_number", "licence_item", "licence_kind", "holder_type", "holder_org",
          "holder_credit_code", "holder_person", "holder_id_number", "holder_phone",
          "legal_representative", "licence_number", "scope", "decision_date", "valid_from",
          "valid_until", "authority")
#: (item, kind, scope, years valid, who may hold it)
ITEMS = (
    ("道路旅客运输经营许可", "普通", "县内班车客运、县内包车客运", 4, "org"),
    ("道路货物运输经营许可", "普通", "道路普通货物运输", 4, "any"),
    ("道路危险货物运输经营许可", "普通", "危险货物运输（3类）", 4, "org"),
    ("出租汽车经营许可", "特许", "巡游出租汽车客运", 6, "org"),
    ("网络预约出租汽车驾驶员证核发", "认可", "网络预约出租汽车客运", 6, "person"),
    ("网络预约出租汽车运输证核发", "普通", "网络预约出租汽车客运", 8, "any"),
    ("机动车驾驶员培训经营备案", "登记", "普通机动车驾驶员培训（二级）", 0, "org"),
)


def rows(rng: random.Random) -> list[list[object]]:
    days = sorted(synth.day_between(rng, date(2018, 1, 2), date(2018, 12, 28))
                  for _ in range(ROWS))
    out: list[list[object]] = []
    for seq, day in enumerate(days, start=1):
        item, kind, scope, years, holders = rng.choice(ITEMS)
        holder = {"org": "法人及非法人组织", "person": "自然人"}.get(
            holders, rng.choice(("法人及非法人组织", "个体工商户", "自然人")))
        org = code = person = idn = phone = rep = ""
        if holder == "法人及非法人组织":
            org, code, rep = synth.company_name(rng), synth.uscc(rng), synth.person_name(rng)
        else:
            person, idn, phone = synth.person_name(rng), synth.resident_id(rng), synth.mobile(rng)
            if holder == "个体工商户":
                org = person[0] + rng.choice(("记货运部", "氏运输部"))
                code = synth.uscc(rng, sole_trader=True)
        until = date(day.year + years, day.month, min(day.day, 28)).isoformat() if years else ""
        out.append([synth.doc_number("汕交运许", 2018, seq), item, kind, holder, org, code,
                    person, idn, phone, rep, f"441500{rng.randrange(10**6):06d}", scope,
                    day.isoformat(), day.isoformat(), until, AUTHORITY])
    return out


def main() -> None:
    out = output_dir(__file__)
    write_csv(out / "licences.csv", HEADER, rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
