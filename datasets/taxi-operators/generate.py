"""Write data/operators.xlsx: taxi and ride-hailing operators and their fleets at the end of 2018.

Saved as the transport section keeps it, an Excel workbook with one sheet named 2018年运力;
counts are numeric cells, dates text cells.

Usage: python datasets/taxi-operators/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random
from datetime import date

from publisher import synth
from publisher.generate import output_dir, write_xlsx

SEED = 20181231
SHEET = "2018年运力"
HEADER = ("operator_id", "operator_name", "credit_code", "operator_kind", "licence_number",
          "district", "licensed_vehicles", "operating_vehicles", "new_energy_vehicles",
          "certified_drivers", "service_phone", "licence_valid_until")
PLATFORMS = ("滴滴出行科技有限公司汕尾分公司", "汕尾市品清湖约车网络科技有限公司",
             "广东如祺出行科技有限公司汕尾分公司", "汕尾市鸿运出行服务有限公司",
             "首汽约车科技有限公司汕尾分公司", "汕尾市粤东网约车服务有限公司")


def rows(rng: random.Random) -> list[list[object]]:
    out: list[list[object]] = []
    names: set[str] = set()
    while len(names) < 18:
        names.add("汕尾市" + rng.choice(synth.COMPANY_WORDS) +
                  rng.choice(("出租汽车有限公司", "出租车客运有限公司", "的士有限公司")))
    operators = [(n, "巡游出租汽车") for n in sorted(names)] + \
        [(n, "网络预约出租汽车") for n in PLATFORMS]
    for i, (name, kind) in enumerate(operators, start=1):
        taxi = kind == "巡游出租汽车"
        licensed = rng.randrange(30, 220) if taxi else rng.randrange(50, 900)
        operating = licensed - rng.randrange(0, max(2, licensed // 8))
        district = rng.choice(list(synth.TOWNS)) if taxi else "汕尾市"
        valid = date(2019 + rng.randrange(0, 6), rng.randrange(1, 13), rng.randrange(1, 29))
        out.append([f"TX{i:03d}", name, synth.uscc(rng), kind,
                    f"粤交运管许可汕字441500{rng.randrange(10**6):06d}号", district, licensed,
                    operating, rng.randrange(0, operating // 2 + 1),
                    round(operating * rng.uniform(1.2, 1.9)), synth.landline(rng),
                    valid.isoformat()])
    return out


def main() -> None:
    out = output_dir(__file__)
    write_xlsx(out / "operators.xlsx", SHEET, HEADER, rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
