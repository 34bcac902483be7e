"""Write data/messages.csv: 2,000 synthetic public messages of 2018 and the bureau's replies.

Reply limits are in working days of the official calendar (chinesecalendar): 省长留言 and 市长信箱
10, 12345 hotline 5, 局长信箱 7. Every reply is in time except one, planted for the
``reply-late`` check; the last few messages are still being handled.

Usage: python datasets/public-messages/generate.py [OUT_DIR]   (default: this folder's data/)
"""

from __future__ import annotations

import random
from datetime import date

from publisher import synth
from publisher.deadlines import add_working_days
from publisher.generate import output_dir, write_csv

SEED = 20180710
ROWS = 2000
LATE_ROW = 1234  # data row index of the one late reply
HEADER = ("message_id", "channel", "received_date", "subject", "content", "sender_name",
          "sender_phone", "handling_department", "reply_limit_days", "reply_deadline",
          "replied_date", "reply", "status")
CHANNELS = (("省长留言", 10), ("市长信箱", 10), ("12345热线", 5), ("局长信箱", 7))
TOPICS = (
    ("出租车绕路多收费", "执法局",
     "本人于{day}在{road}乘坐车牌号为{plate}的出租车，驾驶员绕路并多收费用，请查处。"
     "投诉人：{name}，联系电话：{phone}。"),
    ("公交车不按站停靠", "综运科",
     "{route}公交车（车牌{plate}）司机不按站停靠，{hon}多次在{road}站等不到车。联系人：{name}，"
     "电话{phone}。"),
    ("举报非法营运", "执法局",
     "举报车牌{plate}长期在{road}一带非法营运，驾驶员{other}，住{address}，请依法查处。"
     "举报人{hon}，{phone}。"),
    ("道路坑洼请求维修", "直属分局",
     "{address}附近路面坑洼，夜间很危险，望尽快维修。{hon}，{phone}。"),
    ("驾校学车退费纠纷", "综运科",
     "我在汕尾市{company}报名学车，身份证号{idn}，至今未安排考试，要求退费无人理会。联系人：{name}，"
     "{phone}。"),
    ("从业资格证办理咨询", "综运科",
     "请问办理道路运输从业资格证需要哪些材料？我的身份证号是{idn}，电话{phone}，谢谢。"),
    ("网约车平台乱收费", "综运科",
     "当事人{other}驾驶{plate}网约车，到达后多收费，平台不处理。{hon}，联系电话{phone}，"
     "家住{address}。"),
)
REPLY = (
    "{hon}：您好！您反映的问题已转{dept}办理。经查，{detail}感谢您的监督。"
    "联系人：{officer}，电话：{office}。"
)
#: Findings of the reply, by topic subject.
DETAILS = {
    "出租车绕路多收费": ("车辆{plate}驾驶员{other}绕路属实，已依法处罚并责令退还多收费用。",
                  "经调取车载视频，未发现{plate}存在所述情况，已向您电话说明。"),
    "公交车不按站停靠": ("已约谈公交企业，对驾驶员{other}进行教育并扣减考核分。",),
    "举报非法营运": ("执法人员已对{plate}立案调查，当事人{other}已接受处理。",
               "经蹲点核查，暂未发现{plate}非法营运，将持续关注。"),
    "道路坑洼请求维修": ("相关路段已列入维修计划，将于近期施工。",),
    "驾校学车退费纠纷": ("已约谈该驾培机构，督促其按合同约定办理退费。",),
    "从业资格证办理咨询": ("所需材料为身份证、驾驶证及体检证明，可在政务服务中心交通窗口办理。",),
    "网约车平台乱收费": ("已约谈平台企业，责令其核实{plate}订单并退还多收费用。",),
}


def message(rng: random.Random) -> tuple[str, str, str, str, str, str]:
    subject, dept, template = rng.choice(TOPICS)
    name = synth.person_name(rng)
    phone = synth.mobile(rng)
    plate = synth.plate(rng)
    content = template.format(
        day=f"{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日", road=rng.choice(synth.ROADS),
        plate=plate, name=name, phone=phone, route=f"{rng.choice((1, 2, 3, 5, 8))}路",
        hon=synth.honorific(rng, name), other=synth.person_name(rng),
        address=synth.address(rng)[0],
        company=rng.choice(synth.COMPANY_WORDS) + "驾驶员培训有限公司",
        idn=synth.resident_id(rng))
    reply = REPLY.format(
        hon=synth.honorific(rng, name), dept=dept,
        detail=rng.choice(DETAILS[subject]).format(plate=plate, other=synth.person_name(rng)),
        officer=synth.person_name(rng), office=synth.landline(rng))
    return subject, dept, content, name, phone, reply


def rows(rng: random.Random) -> list[list[object]]:
    received = sorted(synth.day_between(rng, date(2018, 1, 2), date(2018, 12, 28))
                      for _ in range(ROWS))
    out: list[list[object]] = []
    for i, day in enumerate(received):
        channel, limit = rng.choice(CHANNELS)
        subject, dept, content, name, phone, reply = message(rng)
        deadline = add_working_days(day, limit)[0]
        taken = limit + 3 if i == LATE_ROW else rng.randrange(1, limit + 1)
        done = i < ROWS - 15  # the last messages of the year are still open
        replied = add_working_days(day, taken)[0].isoformat() if done else ""
        out.append([f"LY2018-{i + 1:05d}", channel, day.isoformat(), subject, content,
                    name if rng.random() < 0.8 else "", phone if rng.random() < 0.6 else "",
                    dept, limit,
                    deadline.isoformat(), replied, reply if done else "",
                    "已办结" if done else "办理中"])
    return out


def main() -> None:
    out = output_dir(__file__)
    write_csv(out / "messages.csv", HEADER, rows(random.Random(SEED)))


if __name__ == "__main__":
    main()
