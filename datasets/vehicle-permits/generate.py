"""Write data/permits.csv: 500 synthetic road transport certificates (道路运输证) of vehicles.

Usage: python datasets/vehicle-permits/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random
from datetime import date

from publisher import synth
from publisher.generate import output_dir, write_csv

SEED = 20181101
ROWS = 500
HEADER = ("certificate_number", "plate", "owner_type", "owner_name", "owner_id_number",
          "owner_phone", "credit_code", "vehicle_type", "capacity", "scope", "issue_date",
          "valid_until")
KINDS = (("大型普通客车", "道路旅客运输（班车客运）", (35, 45, 53)),
         ("中型普通客车", "道路旅客运输（包车客运）", (19, 23, 30)),
         ("重型普通货车", "道路普通货物运输", (18.5, 25.0, 31.0)),
         ("轻型普通货车", "道路普通货物运输", (1.5, 1.8)),
         ("小型普通客车", "出租汽车客运", (5,)))


def rows(rng: random.Random) -> list[list[object]]:
    out: list[list[object]] = []
    for i in range(1, ROWS + 1):
        kind, scope, capacities = rng.choice(KINDS)
        sole = rng.random() < 0.4
        issued = synth.day_between(rng, date(2014, 1, 1), date(2018, 12, 31))
        owner = (synth.person_name(rng), synth.resident_id(rng), synth.mobile(rng)) if sole \
            else (synth.company_name(rng), "", synth.landline(rng))
        out.append([f"粤交运管汕字441500{i:06d}号", synth.plate(rng),
                    "个体工商户" if sole else "企业", *owner, synth.uscc(rng, sole_trader=sole),
                    kind, rng.choice(capacities),
                    scope, issued.isoformat(),
                    date(issued.year + 4, issued.month, min(issued.day, 28)).isoformat()])
    return out


def main() -> None:
    out = output_dir(__file__)
    write_csv(out / "permits.csv", HEADER, rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
