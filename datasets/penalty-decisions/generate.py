"""Write data/decisions.csv: 3,000 synthetic penalty decisions of 2018, saved in GBK.

Usage: python datasets/penalty-decisions/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random
from datetime import date

from publisher import synth
from publisher.generate import output_dir, write_csv

SEED = 20180101
ROWS = 3000
AUTHORITY = "汕尾市交通运输局"
HEADER = ("case_number", "decision_date", "party_type", "person_name", "id_number", "phone",
          "address", "org_name", "credit_code", "plate", "violation", "legal_basis",
          "penalty_type", "fine_amount", "facts", "authority")

#: (violation, legal basis, penalty type, fine choices, applies to natural persons, to legal)
VIOLATIONS = (
    ("未取得道路运输经营许可擅自从事道路旅客运输经营", "《中华人民共和国道路运输条例》第六十四条",
     "罚款", (30000, 50000, 80000), True, True),
    ("出租汽车驾驶员拒载", "《出租汽车驾驶员从业资格管理规定》第四十三条", "罚款", (200, 500),
     True, False),
    ("未取得网约车经营许可擅自从事网约车经营", "《网络预约出租汽车经营服务管理暂行办法》第三十四条",
     "罚款", (10000, 20000, 30000), True, True),
    ("客运班车不按批准的客运站点停靠", "《道路旅客运输及客运站管理规定》第九十条", "罚款",
     (1000, 2000, 3000), True, True),
    ("车辆超限运输", "《公路安全保护条例》第六十四条", "罚款", (5000, 10000, 20000), True, True),
    ("未随车携带道路运输证", "《中华人民共和国道路运输条例》第六十八条", "警告", (0,), True, True),
    ("机动车维修经营者使用假冒伪劣配件维修机动车", "《中华人民共和国道路运输条例》第七十三条",
     "没收违法所得", (10000, 20000), False, True),
    ("道路运输经营者未按规定维护和检测运输车辆", "《中华人民共和国道路运输条例》第七十条",
     "罚款", (1000, 3000, 5000), False, True),
)
FACTS_PERSON = (
    "{day}，当事人{name}（身份证号码：{idn}，联系电话：{phone}）驾驶车牌号为{plate}的车辆在{road}"
    "被执法人员查获，经查{violation}，事实清楚。",
    "经调查，{name}于{day}在{road}{violation}。当事人住{address}，联系电话{phone}，"
    "对违法事实无异议。",
    "{day}执法人员在{road}检查时发现驾驶员{name}（{idn}）{violation}，车辆号牌{plate}。",
)
FACTS_ORG = (
    "{day}，{org}所属车辆{plate}在{road}被查获，驾驶员{driver}（电话{phone}）陈述受公司指派，"
    "经查该公司{violation}。",
    "经查，{org}于{day}{violation}，公司负责人{driver}在询问笔录中确认上述事实。",
)


def rows(rng: random.Random) -> list[list[object]]:
    days = sorted(synth.day_between(rng, date(2018, 1, 2), date(2018, 12, 28))
                  for _ in range(ROWS))
    out: list[list[object]] = []
    for seq, decided in enumerate(days, start=1):
        natural = rng.random() < 0.7
        choices = [v for v in VIOLATIONS if v[4 if natural else 5]]
        violation, basis, kind, fines, _, _ = rng.choice(choices)
        fine = rng.choice(fines)
        road = rng.choice(synth.ROADS)
        day = f"{decided.year}年{decided.month}月{max(1, decided.day - rng.randrange(3))}日"
        plate = synth.plate(rng, local=rng.random() < 0.9)
        phone = synth.mobile(rng)
        if natural:
            name = synth.person_name(rng)
            idn = synth.resident_id(rng)
            addr, _ = synth.address(rng)
            facts = rng.choice(FACTS_PERSON).format(
                day=day, name=name, idn=idn, phone=phone, plate=plate, road=road,
                violation=violation, address=addr)
            party = ("自然人", name, idn, phone, addr, "", "")
        else:
            org = synth.company_name(rng)
            facts = rng.choice(FACTS_ORG).format(
                day=day, org=org, plate=plate, road=road, driver=synth.person_name(rng),
                phone=phone, violation=violation)
            party = ("法人及其他组织", "", "", "", "", org, synth.uscc(rng))
        out.append([synth.doc_number("汕交罚", 2018, seq), decided.isoformat(), *party, plate,
                    violation, basis, kind, fine, facts, AUTHORITY])
    return out


def main() -> None:
    out = output_dir(__file__)
    # Saved by the enforcement bureau's Excel on Chinese Windows: GBK, CRLF, no declaration.
    write_csv(out / "decisions.csv", HEADER, rows(random.Random(SEED)), encoding="gbk")


if __name__ == "__main__":
    main()
