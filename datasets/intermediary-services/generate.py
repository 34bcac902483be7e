"""Write data/services.csv: the intermediary services retained (or cancelled) for licensing.

Usage: python datasets/intermediary-services/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random

from publisher.generate import output_dir, write_csv

SEED = 20180320
HEADER = ("seq", "service_name", "licence_item", "legal_basis", "provider", "fee_basis",
          "status", "department")
SERVICES = (
    ("公路建设项目施工图设计文件编制", "公路建设项目施工图设计审批",
     "《公路建设市场管理办法》第十八条",
     "具有公路行业设计资质的单位"),
    ("公路建设项目环境影响评价", "公路建设项目施工许可", "《中华人民共和国环境影响评价法》第十六条",
     "具有环评能力的技术单位"),
    ("涉路工程安全评价报告编制", "涉路施工许可", "《公路安全保护条例》第二十七条",
     "具有相应技术能力的单位"),
    ("超限运输车辆通行安全技术评估", "超限运输车辆行驶公路许可",
     "《超限运输车辆行驶公路管理规定》第十五条",
     "具有相应技术能力的单位"),
    ("港口建设项目安全预评价", "港口建设项目安全条件审查", "《港口建设管理规定》第二十二条",
     "安全评价机构"),
    ("水运工程施工图设计文件编制", "港口工程施工图设计审批", "《港口工程建设管理规定》第十九条",
     "具有水运行业设计资质的单位"),
    ("道路运输车辆综合性能检测", "道路运输车辆营运证核发", "《道路运输车辆技术管理规定》第十二条",
     "机动车综合性能检测机构"),
    ("公路工程交工质量检测", "公路工程交工验收备案", "《公路工程竣（交）工验收办法》第九条",
     "公路水运工程试验检测机构"),
)
CANCELLED = (
    ("出租汽车经营权有偿使用评估", "出租汽车经营许可", "无法律法规依据", "—"),
    ("驾驶员培训机构教学场地测绘", "机动车驾驶员培训经营备案", "无法律法规依据", "—"),
)


def rows(rng: random.Random) -> list[list[object]]:
    out: list[list[object]] = []
    items = [(s, "保留") for s in SERVICES] + [(c, "取消") for c in CANCELLED]
    for seq, ((name, item, basis, provider), status) in enumerate(items, start=1):
        fee = rng.choice(("市场调节价", "市场调节价", "按合同约定")) if status == "保留" else ""
        dept = "基建科" if "工程" in item or "建设" in item else "综运科"
        out.append([seq, name, item, basis, provider, fee, status, dept])
    return out


def main() -> None:
    out = output_dir(__file__)
    write_csv(out / "services.csv", HEADER, rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
