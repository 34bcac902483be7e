"""Detectors one by one: the forms people write, and the public identifiers they must leave."""

from __future__ import annotations

import random

import pytest

from publisher import synth
from publisher.deid import default_engine
from publisher.deid.detectors import REGISTRY, versions
from publisher.deid.generalize import address_to, age_band, date_to


def found(text: str) -> list[tuple[str, str]]:
    return [(text[s.start:s.end], s.category) for s in default_engine().find(text)]


@pytest.mark.parametrize("text, expected", [
    ("联系电话13812345678。", [("13812345678", "phone")]),
    ("电话：138 1234 5678", [("138 1234 5678", "phone")]),
    ("+86-138-1234-5678", [("+86-138-1234-5678", "phone")]),
    ("００８６１３８１２３４５６７８", [("００８６１３８１２３４５６７８", "phone")]),
    ("（0660）3123456", [("（0660）3123456", "phone")]),
    ("+86 660 3123456", [("+86 660 3123456", "phone")]),
    ("车牌粤N·D12345", [("粤N·D12345", "plate")]),
    ("粤N12345D违停", [("粤N12345D", "plate")]),
    ("粤N·1234学", [("粤N·1234学", "plate")]),
    ("粤N1234警", [("粤N1234警", "plate")]),
    ("邮箱a.b@example.com", [("a.b@example.com", "email")]),
    ("卡号6222 0000 0000 0009", [("6222 0000 0000 0009", "bank_card")]),
    ("出生日期：1990-01-02", [("1990-01-02", "birth_date")]),
    ("住香城路12号3栋", [("香城路12号3栋", "address")]),
    ("市民陈先生反映", [("陈", "person_name")]),
    ("联系人：林建国，", [("林建国", "person_name")]),
    # jieba tags 强强 a verb; after a role word and a colon it is still a name.
    ("联系人：顾强强，电话", [("顾强强", "person_name")]),
    ("申请公开本人（王然杰，身份证号", [("王然杰", "person_name")]),
    ("联系人：温静梅，", [("温静梅", "person_name")]),  # 温静 is a dictionary word
    ("当事人张伟驾驶", [("张伟", "person_name")]),
    # A list of names with no role word: separators and a word counting people.
    ("卓雅琴 赖东 洪明华等3户", [("卓雅琴", "person_name"), ("赖东", "person_name"),
                           ("洪明华", "person_name")]),
    ("涉及禤振华，郗小燕，訾明共三户", [("禤振华", "person_name"), ("郗小燕", "person_name"),
                             ("訾明", "person_name")]),
    # No context at all: a surname and characters jieba does not know as a word, between a
    # date and a conjunction, after 关于, before a verb of complaint.
    ("2024年5月26日禤振华和郗小燕到汕尾", [("禤振华", "person_name"), ("郗小燕", "person_name")]),
    ("关于詹大伟反映路灯损坏的答复", [("詹大伟", "person_name")]),
    ("标题：仉素芳来电咨询学车", [("仉素芳", "person_name")]),
])
def test_written_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "汕交罚〔2018〕12号", "汕交执（2019）第35号", "统一社会信用代码91441500MA0000015Q",
    "请拨打12345或12328", "客服95511", "热线400-830-1234", "800-820-5100", "0660-12345",
    "乘坐3路公交车", "2018年3月5日", "罚款20000元", "工单号GD20180305", "粤ICP备12345678号",
    "汕尾市陆丰驾驶员培训有限公司", "乘客钱包被偷", "司机严重超速", "当事人于2018年3月",
    "乘客向司机反映", "司机王某某", "市民高度关注", "订单12345678901234567",
    # ordinary words that start with a surname character, in a list or with no context
    "高速、黄色等问题", "经核实，相关费用已退回", "时间、地点等要素", "经查，当事人于2024年",
    "乘坐11路时，司机",
])
def test_public_identifiers_and_ordinary_words_are_not_flagged(text: str) -> None:
    assert found(text) == []


def test_check_characters_decide() -> None:
    rng = random.Random(3)
    good = synth.resident_id(rng)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    assert found(f"身份证{good}") == [(good, "id_number")]
    assert found(f"身份证{bad}") == []
    card = synth.bank_card(rng)
    broken = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert found(card) == [(card, "bank_card")]
    assert found(broken) == []


def test_all_digit_credit_code_that_is_an_id_counts_as_id() -> None:
    rng = random.Random(8)
    for _ in range(200):
        value = synth.resident_id(rng)
        assert found(value) == [(value, "id_number")]


def test_registry_names_and_versions() -> None:
    assert {"resident_id", "phone", "plate", "email", "bank_card", "birth_date", "person_name",
            "credit_code", "case_number", "hotline", "address"} <= set(REGISTRY)
    assert all(v for v in versions().values())


def test_generalisations() -> None:
    assert address_to("广东省汕尾市海丰县海城镇人民路5号") == "汕尾市海丰县"
    assert address_to("汕尾市城区香洲街道香城路1号", "town") == "汕尾市城区香洲街道"
    assert address_to("广州市天河区体育西路1号") == "广州市天河区"
    assert date_to("1990-01-02", "year") == "1990"
    assert date_to("2018年3月5日") == "2018-03"
    assert age_band("34") == "30-39"
    assert age_band("85") == "80+"
    assert age_band("未知") == ""
