"""Write data/staff.csv: 120 synthetic personnel records of the bureau (never published).

Usage: python datasets/personnel-files/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random
from datetime import date

from publisher import synth
from publisher.generate import output_dir, write_csv

SEED = 20181015
ROWS = 120
HEADER = ("employee_id", "name", "gender", "birth_date", "id_number", "phone", "home_address",
          "salary_card", "department", "position", "hire_date", "appraisal_2018", "remarks")
DEPARTMENTS = ("办公室", "人事科", "综运科", "财审科", "基建科", "规划科", "执法局", "直属分局")
POSITIONS = ("科员", "科员", "科员", "副主任科员", "主任科员", "副科长", "科长")
REMARKS = ("", "", "", "2018年借调市政务服务中心", "产假至{d}", "配偶{n}在本局执法局工作")


def rows(rng: random.Random) -> list[list[object]]:
    out: list[list[object]] = []
    for i in range(1, ROWS + 1):
        born = synth.birth_date(rng, 1962, 1995)
        idn = synth.resident_id(rng, born)
        gender = "男" if int(idn[16]) % 2 else "女"  # the 17th digit is odd for men
        hired = synth.day_between(rng, date(max(born.year + 21, 1985), 7, 1), date(2018, 7, 1))
        remark = rng.choice(REMARKS).format(d="2019-03-31", n=synth.person_name(rng))
        out.append([f"SWJT{i:04d}", synth.person_name(rng), gender, born.isoformat(), idn,
                    synth.mobile(rng), synth.address(rng)[0], synth.bank_card(rng),
                    rng.choice(DEPARTMENTS), rng.choice(POSITIONS), hired.isoformat(),
                    rng.choice(("优秀", "称职", "称职", "称职", "基本称职")), remark])
    return out


def main() -> None:
    out = output_dir(__file__)
    write_csv(out / "staff.csv", HEADER, rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
