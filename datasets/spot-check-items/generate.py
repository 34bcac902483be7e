"""Write data/items.csv: the "double random" spot-check item list (抽查事项清单).

The items are those of ``publisher.synth.SPOT_CHECK_ITEMS``, which spot-check-results draws from.

Usage: python datasets/spot-check-items/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random

from publisher import synth
from publisher.generate import output_dir, write_csv

SEED = 20180115
HEADER = ("item_code", "item_name", "inspected_kind", "legal_basis", "method", "ratio_percent",
          "frequency", "lead_department", "inspector_pool")
BASIS = {
    "道路旅客运输": "《中华人民共和国道路运输条例》第五十八条",
    "道路货物运输": "《中华人民共和国道路运输条例》第五十八条",
    "机动车维修": "《机动车维修管理规定》第四十六条",
    "驾驶员培训": "《机动车驾驶员培训管理规定》第四十四条",
    "出租汽车": "《巡游出租汽车经营服务管理规定》第四十二条",
    "网约车": "《网络预约出租汽车经营服务管理暂行办法》第二十六条",
    "客运站": "《道路旅客运输及客运站管理规定》第七十八条",
    "危险货物运输": "《道路危险货物运输管理规定》第五十条",
    "公路建设": "《公路水运工程安全生产监督管理办法》第三十八条",
    "港口经营": "《港口经营管理规定》第三十一条",
}


def rows(rng: random.Random) -> list[list[object]]:
    out: list[list[object]] = []
    for code, name, kind in synth.SPOT_CHECK_ITEMS:
        dept = "执法局" if kind in ("网约车", "危险货物运输") else "综运科"
        if kind == "公路建设":
            dept = "基建科"
        out.append([code, name, kind, BASIS[kind],
                    rng.choice(("现场检查", "书面检查", "现场检查、书面检查")),
                    rng.choice(("5", "10", "10", "15", "20", "2.5")),
                    rng.choice(("每年1次", "每半年1次", "每季度1次")), dept,
                    rng.randrange(12, 60)])
    return out


def main() -> None:
    out = output_dir(__file__)
    write_csv(out / "items.csv", HEADER, rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
