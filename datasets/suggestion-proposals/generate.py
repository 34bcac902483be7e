"""Write data/handling.csv: deputies' suggestions and members' proposals handled in 2018.

Usage: python datasets/suggestion-proposals/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from publisher import synth
from publisher.generate import output_dir, write_csv

SEED = 20180228
HEADER = ("number", "kind", "session", "title", "proposer", "lead_department", "co_departments",
          "assigned_date", "answered_date", "result_class", "full_text_public", "reply")
TOPICS = (
    ("关于优化市区公交线网的建议", "综运科"),
    ("关于加快国道G324线改造的建议", "基建科"),
    ("关于规范网约车管理的建议", "综运科"),
    ("关于加强农村公路养护的提案", "直属分局"),
    ("关于建设红海湾旅游公路的提案", "规划科"),
    ("关于推进新能源公交车应用的提案", "综运科"),
    ("关于整治非法营运车辆的建议", "执法局"),
    ("关于增设学校周边公交站点的建议", "综运科"),
)
CO = ("市公安局", "市住房城乡建设局", "市财政局", "市发展改革局", "市自然资源局")
RESULTS = ("A", "A", "B", "B", "C")
ANSWERS = {"A": "已采纳并实施", "B": "已列入计划逐步推进", "C": "因条件限制暂时难以解决"}
SESSIONS = {"人大代表建议": "汕尾市第七届人民代表大会第三次会议",
            "政协委员提案": "政协汕尾市第七届委员会第三次会议"}


def rows(rng: random.Random) -> list[list[object]]:
    out: list[list[object]] = []
    for kind, count in (("人大代表建议", 46), ("政协委员提案", 38)):
        for n in range(1, count + 1):
            title, dept = rng.choice(TOPICS)
            assigned = date(2018, 3, 1) + timedelta(days=rng.randrange(25))
            answered = assigned + timedelta(days=rng.randrange(30, 85))
            result = rng.choice(RESULTS)
            public = result != "C" or rng.random() < 0.5
            reply = (f"{synth.person_name(rng)}代表：您提出的《{title}》收悉，经研究，答复如下："
                     f"{ANSWERS[result]}。联系人：{synth.person_name(rng)}，"
                     f"电话：{synth.landline(rng)}。")
            co = "、".join(sorted(rng.sample(CO, rng.randrange(0, 3))))
            out.append([f"{'JY' if kind == '人大代表建议' else 'TA'}2018-{n:03d}", kind,
                        SESSIONS[kind], title, synth.person_name(rng), dept, co,
                        assigned.isoformat(), answered.isoformat(), result,
                        "是" if public else "否", reply])
    return out


def main() -> None:
    out = output_dir(__file__)
    write_csv(out / "handling.csv", HEADER, rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
