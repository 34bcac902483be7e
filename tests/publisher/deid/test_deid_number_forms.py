"""Phone and bank card numbers in the forms people type that the held-out half of issue 12's
corpus showed leaking (+86 forms, 0660 landlines, local numbers, one plain card): each form is
found whole, the RE2 prefilter lets its text through, and office lines stay.

Values are synthetic (fixed seeds, Luhn-valid cards behind UnionPay's 62)."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher import synth
from publisher.deid.engine import default_engine
from publisher.identifiers import is_uscc, luhn_check, luhn_ok

FULL = str.maketrans("0123456789+-()", "０１２３４５６７８９＋－（）")
SPELL = str.maketrans("0123456789", "〇幺二三四五六七八九")


def covered(text: str, value: str) -> bool:
    """Whether every character of ``value`` (as it stands in ``text``) is inside a phone or
    bank card span, and the prefilter passes the text."""
    engine = default_engine()
    start = text.index(value)
    spans = [s for s in engine.find(text) if s.category in ("phone", "bank_card")]
    inside = all(any(s.start <= i < s.end for s in spans)
                 for i in range(start, start + len(value)))
    return inside and engine.candidates(pd.Series([text], dtype=object)).tolist() == [0]


def grouped(number: str, sizes: tuple[int, ...], sep: str = " ") -> str:
    parts, i = [], 0
    for size in sizes:
        parts.append(number[i:i + size])
        i += size
    return sep.join(parts + ([number[i:]] if i < len(number) else []))


PLUS86 = {
    "bracketed": "(+86){m}",
    "bracketed_spaced": "(+86) {g}",
    "fullwidth_brackets": "（+86）{m}",
    "fullwidth_all": "（＋８６）{fw}",
    "bracketed_0086": "(0086){m}",
    "bracketed_86": "(86){m}",
    "bare_86": "86{m}",
    "plus_space": "+ 86 {m}",
    "trunk_zero": "+86 (0){m}",
    "en_dash": "+86–{m}",
    "grouped_dashes": "+86-{d}",
}
LANDLINES = {
    "plus86_bracketed": "(+86)660-{l}",
    "plus86_area": "+86 660 {l}",
    "plus86_zero": "+86-0660-{l}",
    "extension": "0660-{l}转802",
    "extension_spaced": "0660-{l} 转 802",
    "extension_word": "（0660）{l}分机802",
    "extension_dash": "0660-{l}-802",
    "extension_en": "0660-{l} ext. 802",
    "grouped_1_3_3": "0660 {l1} {l3a} {l3b}",
    "numerals_bracketed": "（〇六六〇）{ls}",
    "numerals_extension": "〇六六〇-{ls}转八〇二",
}
LOCALS = {
    "number_word": "座机号{l}",
    "number_word_colon": "座机号码：{l}",
    "pipe": "座机|{l}",
    "tab": "座机\t{l}",
    "bracketed": "座机（{l}）",
    "two_marks": "座机为：{l}",
    "english": "Tel: {l}",
    "word_after": "{l}（座机）",
    "words_after": "{l}是我家座机",
    "extension": "家里电话{l}转22",
    "numerals": "宅电{ls}",
    "phs": "小灵通{l}",
}


@pytest.mark.parametrize("form", sorted(PLUS86))
def test_plus86_mobile_forms_are_found_whole(form: str) -> None:
    rng = random.Random(f"plus86-{form}")
    for context in ("我的电话{}，请回电。", "联系方式：{}", "Tel: {}; Email: a@example.com",
                    "希望有关部门尽快处理，{}", "{}"):
        m = synth.mobile(rng)
        value = PLUS86[form].format(m=m, g=grouped(m, (3, 4)), d=grouped(m, (3, 4), "-"),
                                    fw=m.translate(FULL))
        assert covered(context.format(value), value), (form, context)


@pytest.mark.parametrize("form", sorted(LANDLINES))
def test_landline_forms_are_found_whole(form: str) -> None:
    rng = random.Random(f"landline-{form}")
    for context in ("我的电话{}，请回电。", "联系方式：{}。", "麻烦处理一下，电话{}", "{}"):
        local = f"{rng.choice('38')}{rng.randrange(10**6):06d}"
        value = LANDLINES[form].format(l=local, l1=local[0], l3a=local[1:4], l3b=local[4:],
                                       ls=local.translate(SPELL))
        assert covered(context.format(value), value), (form, context)


@pytest.mark.parametrize("form", sorted(LOCALS))
def test_local_numbers_with_a_word_are_found(form: str) -> None:
    rng = random.Random(f"local-{form}")
    for context in ("{}。", "联系人：陈先生，{}，白天有人。"):
        local = f"{rng.choice('38')}{rng.randrange(10**6):06d}"
        text = context.format(LOCALS[form].format(l=local, ls=local.translate(SPELL)))
        written = local.translate(SPELL) if form == "numerals" else local
        assert covered(text, written), (form, context)


@pytest.mark.parametrize("text", [
    "我在公交站等车，钱包丢了，电话{}", "希望有关部门尽快处理，电话{}", "司机服务态度很差，电话{}",
    "住所：城区香城路1号，电话{}", "到处都是垃圾，电话{}", "市中心的路灯坏了，电话：{}",
    "问题已经反映给客服，没人理，电话{}"])
def test_an_office_word_inside_an_ordinary_word_does_not_keep_a_person_s_line(text: str) -> None:
    local = "0660-3215478"
    assert covered(text.format(local), local)


@pytest.mark.parametrize("text", [
    "汕尾市鸿运出租汽车有限公司（电话：{}）", "海丰汽车站服务台电话{}", "陆丰客运站，电话：{}",
    "汕尾市公交公司调度室：{}", "汕尾高铁站二楼，电话：{}", "城区运管所，电话{}",
    "汕尾某某驾校报名电话{}", "汕尾市交通运输局|{}", "海丰县交通运输局\t{}", "如有疑问，请致电{}",
    "经办人：陈明，电话{}", "失物招领电话：{}"])
def test_office_lines_stay(text: str) -> None:
    assert [s for s in default_engine().find(text.format("0660-3215478"))
            if s.category == "phone"] == []


def _card(rng: random.Random, digits: int) -> str:
    body = "62" + "".join(str(rng.randrange(10)) for _ in range(digits - 3))
    return body + luhn_check(body)


CARDS = {
    "grouped_4_then_amount": ("1. 张三 {g4} 500元", (4, 4, 4, 4)),
    "grouped_6_then_amount": ("1. 张三 {g6} 500元", (6,)),
    "grouped_6_4_4": ("补贴发放至{g644}", (6, 4, 4)),
    "dotted": ("卡号{dots}", (4, 4, 4, 4)),
    "double_spaced": ("账号 {g4x2} 户名张三", (4, 4, 4, 4)),
    "tabbed": ("张三\t{g4t}\t500", (4, 4, 4, 4)),
    "dashed_then_amount": ("银行卡：{g4d}，300.00元", (4, 4, 4, 4)),
}


@pytest.mark.parametrize("form", sorted(CARDS))
@pytest.mark.parametrize("digits", [16, 17, 18, 19])
def test_card_groupings_are_found_whole(form: str, digits: int) -> None:
    rng = random.Random(f"card-{form}-{digits}")
    template, sizes = CARDS[form]
    for _ in range(5):
        card = _card(rng, digits)
        value = {"g4": grouped(card, sizes), "g6": grouped(card, sizes),
                 "g644": grouped(card, sizes), "dots": grouped(card, sizes, "."),
                 "g4x2": grouped(card, sizes, "  "), "g4t": grouped(card, sizes, "\t"),
                 "g4d": grouped(card, sizes, "-")}
        key = template[template.index("{") + 1:template.index("}")]
        assert covered(template.format(**{key: value[key]}), value[key]), (form, card)


def _card_that_is_also_a_credit_code(rng: random.Random) -> str:
    while True:
        card = _card(rng, 18)
        if is_uscc(card):
            return card


def test_an_18_digit_card_that_passes_the_credit_code_check_is_a_card() -> None:
    rng = random.Random(18)
    for _ in range(5):
        card = _card_that_is_also_a_credit_code(rng)
        for text in (f"请退款到我的卡号{card}，谢谢。", f"张三 {card} 500元", card):
            assert covered(text, card), text
        # With a word naming a credit code, it stays a credit code.
        assert default_engine().find(f"统一社会信用代码：{card}") == []


@st.composite
def plus86_mobiles(draw: st.DrawFn) -> tuple[str, str]:
    """A mobile behind a country code in any of the ways it is typed; (written, digits)."""
    number = draw(st.sampled_from(synth.MOBILE_PREFIXES)) + draw(
        st.text("0123456789", min_size=8, max_size=8))
    code = draw(st.sampled_from(["+86", "＋86", "0086", "(+86)", "（+86）", "(0086)", "(86)",
                                 "+ 86", "86"]))
    sep = draw(st.sampled_from(["", " ", "-", "—", "–", "　"]))
    inner = draw(st.sampled_from(["", " ", "-", "."]))
    written = code + sep + grouped(number, (3, 4), inner) if inner else code + sep + number
    if code == "86" and not sep:
        written = code + number
    if draw(st.booleans()):
        written = written.translate(FULL)
    return written, number


@settings(max_examples=150, deadline=None)
@given(plus86_mobiles(), st.sampled_from(["我的电话{}，请回电。", "（{}）", "Mobile: {}",
                                          "希望有关部门处理一下，{}", "{}"]))
def test_property_plus86_mobiles_are_found_whole(mobile: tuple[str, str], context: str) -> None:
    written, _ = mobile
    assert covered(context.format(written), written)


@st.composite
def landlines(draw: st.DrawFn) -> str:
    local = draw(st.sampled_from("38")) + draw(st.text("0123456789", min_size=6, max_size=6))
    area = draw(st.sampled_from(["0660", "(0660)", "（0660）", "+86 660", "+86-660", "0086 660",
                                 "(+86)660", "+86 (0)660", "+86 0660"]))
    sep = draw(st.sampled_from(["", " ", "-", "－", "—"])) if area[-1] != ")" else ""
    body = draw(st.sampled_from([local, f"{local[:3]} {local[3:]}",
                                 f"{local[0]} {local[1:4]} {local[4:]}"]))
    extension = draw(st.sampled_from(["", "转802", " 转 8", "分机12", "-8021"]))
    written = area + sep + body + extension
    if area in ("0660", "（0660）") and extension in ("", "转802") and draw(st.integers(0, 9)) == 0:
        return written.translate(SPELL)  # 〇六六〇-三一二三四五六转八〇二
    return written


@settings(max_examples=150, deadline=None)
@given(landlines(), st.sampled_from(["我的电话{}，请回电。", "联系方式：{}；邮箱a@example.com",
                                     "麻烦处理一下，电话{}", "{}"]))
def test_property_landlines_are_found_whole(written: str, context: str) -> None:
    assert covered(context.format(written), written)


@st.composite
def written_cards(draw: st.DrawFn) -> str:
    body = "62" + draw(st.text("0123456789", min_size=13, max_size=16))
    card = body + luhn_check(body)
    assert luhn_ok(card)
    sizes = draw(st.sampled_from([(), (4, 4, 4, 4), (6,), (6, 4, 4)]))
    sep = draw(st.sampled_from([" ", "-", "  ", "\t", "."])) if sizes else ""
    return grouped(card, sizes, sep) if sizes else card


@settings(max_examples=150, deadline=None)
@given(written_cards(), st.sampled_from(["卡号{}", "账号：{}，户名张三", "银行卡{}。",
                                         "1. 张三 {} 500元", "张三\t{}\t300", "{}"]))
def test_property_cards_are_found_whole(written: str, context: str) -> None:
    assert covered(context.format(written), written)
