"""Write data/units.csv: the bureau, its sections and affiliated units, with duties and leaders.

Usage: python datasets/organisation/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random

from publisher import synth
from publisher.generate import output_dir, write_csv

SEED = 20180201
HEADER = ("unit_code", "unit_name", "unit_name_en", "unit_kind", "parent", "duties",
          "leader_name", "leader_title", "office_address", "office_phone", "office_hours")
HOURS = "周一至周五 上午8:30-12:00，下午14:30-17:30（法定节假日除外）"
UNITS = (
    ("U00", "汕尾市交通运输局", "Shanwei Municipal Transport Bureau", "局领导", "",
     "贯彻执行国家和省有关交通运输的方针政策和法律法规，"
     "统筹全市公路、水路交通运输及城市公共交通管理。", "局长"),
    ("U01", "办公室", "General Office", "内设机构", "U00",
     "负责机关日常运转、政务公开、政府网站、政府公报报送、建议提案和政民互动办理。", "主任"),
    ("U02", "人事科", "Personnel Section", "内设机构", "U00",
     "负责机构编制、人事管理、权责清单、政务服务事项与办事指南、行政许可中介服务清理。", "科长"),
    ("U03", "综运科", "Integrated Transport Section", "内设机构", "U00",
     "负责道路运输、出租汽车、网约车、公共交通行业管理和“双随机”抽查事项。", "科长"),
    ("U04", "财审科", "Finance and Audit Section", "内设机构", "U00",
     "负责部门预算、决算编制与公开，专项资金管理和内部审计。", "科长"),
    ("U05", "基建科", "Infrastructure Section", "内设机构", "U00",
     "负责交通建设项目管理、质量安全监督和重大建设项目审批结果公开。", "科长"),
    ("U06", "规划科", "Planning Section", "内设机构", "U00",
     "负责综合交通运输规划、重大项目前期工作和行业统计。", "科长"),
    ("U07", "汕尾市交通运输综合行政执法局", "Transport Law Enforcement Bureau", "直属单位", "U00",
     "负责交通运输行政处罚、行政强制和执法检查，公开行政执法结果。", "局长"),
    ("U08", "汕尾市公路事务中心城区分局", "Directly Affiliated Branch", "直属单位", "U00",
     "负责辖区公路养护、路政管理和政务大厅交通窗口服务。", "分局长"),
)


def rows(rng: random.Random) -> list[list[object]]:
    out: list[list[object]] = []
    for code, name, en, kind, parent, duties, title in UNITS:
        out.append([code, name, en, kind, parent, duties, synth.person_name(rng), title,
                    f"广东省汕尾市城区汕尾大道{rng.randrange(1, 300)}号", synth.landline(rng),
                    HOURS])
    return out


def main() -> None:
    out = output_dir(__file__)
    write_csv(out / "units.csv", HEADER, rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
