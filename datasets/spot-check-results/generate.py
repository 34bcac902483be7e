"""Write data/results.csv: synthetic "double random" spot-check results of 2018 (UTF-8 + BOM).

Usage: python datasets/spot-check-results/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from publisher import synth
from publisher.generate import output_dir, write_csv

SEED = 20180402
BATCHES = 12
PER_BATCH = 50
INSPECTORS = 24
HEADER = ("record_id", "batch", "item_code", "item_name", "entity_name", "credit_code",
          "inspector_a", "inspector_b", "check_date", "result", "findings", "published_on")
RESULTS = ("未发现问题", "未发现问题", "未发现问题", "发现问题已责令整改", "发现问题已立案查处",
           "检查对象未找到")
PROBLEMS = (
    "车辆{plate}未按规定进行二级维护",
    "驾驶员{name}未携带从业资格证",
    "营运车辆{plate}道路运输证逾期未审验",
    "安全生产台账不全，安全员{name}（电话{phone}）未参加年度培训",
)


def findings_text(rng: random.Random, result: str) -> str:
    if result == "未发现问题":
        return rng.choice(("", "经检查未发现违法违规问题。", "现场检查，经营行为规范。"))
    if result == "检查对象未找到":
        name, phone = synth.person_name(rng), synth.mobile(rng)
        return f"按登记地址实地核查，未找到检查对象，已联系负责人{name}（{phone}）未果。"
    problem = rng.choice(PROBLEMS).format(plate=synth.plate(rng), name=synth.person_name(rng),
                                          phone=synth.mobile(rng))
    action = "已当场责令限期整改" if result == "发现问题已责令整改" else "已移交执法局立案查处"
    return f"检查发现{problem}，{action}。"


def rows(rng: random.Random) -> list[list[object]]:
    inspectors = [synth.person_name(rng) for _ in range(INSPECTORS)]
    out: list[list[object]] = []
    for batch in range(1, BATCHES + 1):
        start = date(2018, batch, 5)
        for seq in range(1, PER_BATCH + 1):
            code, item, _kind = rng.choice(synth.SPOT_CHECK_ITEMS)
            a, b = rng.sample(inspectors, 2)
            checked = start + timedelta(days=rng.randrange(20))
            result = rng.choice(RESULTS)
            entity = synth.unit_name(rng)
            sole = not entity.endswith("公司")  # a sole trader's shop has a 92… credit code
            out.append([f"SC2018-{batch:02d}-{seq:03d}", f"2018年第{batch}批", code, item,
                        entity, synth.uscc(rng, sole_trader=sole), a, b, checked.isoformat(),
                        result, findings_text(rng, result),
                        (start + timedelta(days=rng.randrange(24, 30))).isoformat()])
    return out


def main() -> None:
    out = output_dir(__file__)
    # Saved as Excel's "CSV UTF-8": a byte-order mark before the header.
    write_csv(out / "results.csv", HEADER, rows(random.Random(SEED)), bom=True)


if __name__ == "__main__":
    main()
