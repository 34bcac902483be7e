"""Write data/guides.csv: service items and guides (政务服务事项与办事指南) with 一次办 and
最多跑一次 flags, legal and promised time limits, materials and online availability.

Usage: python datasets/service-guides/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random

from publisher import synth
from publisher.generate import output_dir, write_csv

SEED = 20180410
HEADER = ("item_code", "item_name", "item_kind", "legal_basis", "one_visit", "max_one_trip",
          "legal_time_limit_days", "promised_time_limit_days", "materials", "online",
          "online_url", "fee", "window", "consult_phone", "department")
#: (name, kind, basis, legal limit in working days, department)
ITEMS = (
    ("道路旅客运输经营许可", "行政许可", "《中华人民共和国道路运输条例》第十条", 20, "综运科"),
    ("道路旅客运输班线经营许可", "行政许可",
     "《中华人民共和国道路运输条例》第十条", 20, "综运科"),
    ("道路货物运输经营许可", "行政许可",
     "《中华人民共和国道路运输条例》第二十四条", 20, "综运科"),
    ("道路危险货物运输经营许可", "行政许可",
     "《中华人民共和国道路运输条例》第二十四条", 20, "综运科"),
    ("出租汽车经营许可", "行政许可", "《巡游出租汽车经营服务管理规定》第十一条", 20, "综运科"),
    ("网络预约出租汽车经营许可", "行政许可", "《网络预约出租汽车经营服务管理暂行办法》第七条", 20,
     "综运科"),
    ("网络预约出租汽车运输证核发", "行政许可",
     "《网络预约出租汽车经营服务管理暂行办法》第十三条", 10,
     "综运科"),
    ("道路客运站经营许可", "行政许可", "《中华人民共和国道路运输条例》第三十九条", 15, "综运科"),
    ("公路超限运输许可", "行政许可", "《公路安全保护条例》第三十五条", 15, "直属分局"),
    ("涉路施工许可", "行政许可", "《中华人民共和国公路法》第四十四条", 20, "直属分局"),
    ("公路建设项目施工许可", "行政许可", "《中华人民共和国公路法》第二十五条", 20, "基建科"),
    ("港口经营许可", "行政许可", "《中华人民共和国港口法》第二十二条", 30, "综运科"),
    ("道路运输从业人员从业资格证补证", "公共服务",
     "《道路运输从业人员管理规定》第二十二条", 5, "综运科"),
    ("道路运输证换发", "公共服务", "《道路运输车辆技术管理规定》第十五条", 5, "综运科"),
    ("机动车维修经营备案", "其他行政权力", "《中华人民共和国道路运输条例》第四十条", 5, "综运科"),
    ("机动车驾驶员培训经营备案", "其他行政权力", "《中华人民共和国道路运输条例》第三十八条", 5,
     "综运科"),
    ("交通运输行政处罚决定书查询", "公共服务", "《政府信息公开条例》第二十条", 0, "执法局"),
)
MATERIALS = ("申请表", "营业执照", "法定代表人身份证明", "经办人身份证明及授权委托书",
             "安全生产管理制度文本", "车辆技术等级评定证明", "驾驶员从业资格证", "场地使用证明",
             "可行性研究报告", "施工方案")
WINDOWS = ("汕尾市政务服务中心交通运输窗口", "海丰县政务服务中心交通窗口",
           "陆丰市政务服务中心交通窗口")


def rows(rng: random.Random) -> list[list[object]]:
    out: list[list[object]] = []
    counters = {"行政许可": 0, "公共服务": 0, "其他行政权力": 0}
    prefix = {"行政许可": "XK", "公共服务": "GG", "其他行政权力": "QT"}
    for name, kind, basis, limit, dept in ITEMS:
        counters[kind] += 1
        promised = max(0, limit - rng.choice((0, 5, 10, limit // 2))) if limit else 0
        one_visit = promised <= 5
        online = rng.random() < 0.75
        code = f"441500-{prefix[kind]}-{counters[kind]:04d}"
        materials = "；".join(rng.sample(MATERIALS[:6] if kind != "行政许可" else MATERIALS,
                                         rng.randrange(2, 6)))
        out.append([code, name, kind, basis, "是" if one_visit else "否",
                    "是" if one_visit or online else "否", limit, promised, materials,
                    "是" if online else "否",
                    f"http://127.0.0.1:8080/services/{code}" if online else "", "不收费",
                    rng.choice(WINDOWS), synth.landline(rng), dept])
    return out


def main() -> None:
    out = output_dir(__file__)
    write_csv(out / "guides.csv", HEADER, rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
