"""Write data/requests.csv: 160 synthetic disclosure-on-request cases of 2018.

Limits (Art. 33): 20 working days from receipt, 20 more when extended. Every answer is in time
except one, planted for the ``request-answer-late`` check; outcomes use the rows of the national
annual-report table (../shared/standards/china-disclosure.md).

Usage: python datasets/disclosure-requests/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random
from datetime import date

from publisher import synth
from publisher.check.deadlines import add_workdays
from publisher.generate import output_dir, write_csv

SEED = 20180920
ROWS = 160
LATE_ROW = 77
HEADER = ("request_id", "received_date", "channel", "requester_type", "requester_name",
          "requester_id_number", "requester_phone", "requester_address", "request_content",
          "extended", "deadline", "answered_date", "outcome", "outcome_detail", "fee")
REQUESTER_TYPES = ("自然人",) * 7 + ("商业企业", "商业企业", "科研机构", "社会公益组织",
                                     "法律服务机构", "其他")
OUTCOMES = (
    ("予以公开", ""), ("予以公开", ""), ("予以公开", ""), ("部分公开", ""),
    ("不予公开", "保护第三方合法权益"), ("不予公开", "属于三类内部事务信息"),
    ("不予公开", "属于行政执法案卷"), ("无法提供", "本机关不掌握相关政府信息"),
    ("无法提供", "没有现成信息需要另行制作"), ("不予处理", "信访举报投诉类申请"),
    ("不予处理", "重复申请"),
    ("其他处理", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
)
CONTENT = (
    "申请公开{road}道路改造工程的立项批复及环评文件。",
    "申请公开车牌{plate}所涉行政处罚决定书，本人系当事人{name}。",
    "申请公开2017年度出租汽车经营权配置方案及中标企业名单。",
    "申请公开本人（{name}，身份证号{idn}）道路运输从业资格证注销依据。",
    "申请公开{address}附近公交站点调整的论证材料。",
    "申请公开市交通运输局2018年部门预算中公务用车购置明细。",
)


def rows(rng: random.Random) -> list[list[object]]:
    received = sorted(synth.day_between(rng, date(2018, 1, 3), date(2018, 11, 30))
                      for _ in range(ROWS))
    out: list[list[object]] = []
    for i, day in enumerate(received):
        kind = rng.choice(REQUESTER_TYPES)
        natural = kind == "自然人"
        name = synth.person_name(rng) if natural else synth.unit_name(rng)
        idn = synth.resident_id(rng) if natural else ""
        address = synth.address(rng)[0]
        content = rng.choice(CONTENT).format(
            road=rng.choice(synth.ROADS), plate=synth.plate(rng),
            name=name if natural else synth.person_name(rng),
            idn=idn or synth.resident_id(rng), address=address)
        extended = rng.random() < 0.1 and i != LATE_ROW
        limit = 40 if extended else 20
        taken = 23 if i == LATE_ROW else rng.randrange(2, limit + 1)
        outcome, detail = rng.choice(OUTCOMES)
        out.append([
            synth.doc_number("汕交依申", 2018, i + 1), day.isoformat(),
            rng.choice(("当面", "邮寄", "网络", "网络", "网络", "传真")), kind, name, idn,
            synth.mobile(rng) if natural else synth.landline(rng), address, content,
            "是" if extended else "否", add_workdays(day, limit).isoformat(),
            add_workdays(day, taken).isoformat(), outcome, detail, 0,
        ])
    return out


def main() -> None:
    out = output_dir(__file__)
    write_csv(out / "requests.csv", HEADER, rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
