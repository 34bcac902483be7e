"""Mobile and landline numbers, with +86/0086, spaces, dashes, brackets and full-width digits.

Shanwei landlines are 0660 and seven digits. Organisations' hotlines (12345, 12328, 95xxx,
400/800) are recognised by the ``hotline`` detector first and never flagged here.
"""

from __future__ import annotations

import re

from publisher.deid.detectors.base import (
    NOT_ALNUM_AFTER,
    NOT_ALNUM_BEFORE,
    RE2_DIGIT,
    Detector,
    digits_of,
)

_SEP = r"[ \-－—]"
_CC = r"(?:(?:(?:\+|＋|00)86|86(?=" + _SEP + r"))" + _SEP + r"?)"
MOBILE = _CC + r"?1[3-9]\d(?:" + _SEP + r"?\d){8}"
LANDLINE = (
    r"(?:" + _CC + r"(?:\(0\)|0)?[1-9]\d{1,2}|[(（]?0[1-9]\d{1,2}[)）]?)" + _SEP + r"?\d{7,8}"
)
#: A local number without its area code, only where a word says it is a phone: 座机3123456.
LOCAL = (r"(?<=" + "|".join(("座机", "固话", "宅电", "电话", "号码", "方式")) + r")"
         r"(?:[:：是为]|号码|号码是|号码为)?\s?[2-8]\d{6,7}")
PATTERN = (NOT_ALNUM_BEFORE + r"(?:" + MOBILE + r"|" + LANDLINE + r"|" + LOCAL + r")"
           + NOT_ALNUM_AFTER)
#: Words before a number that say it is an office's published line, not a person's.
OFFICE = re.compile(r"(?:公司|局|站|中心|办公室|大队|中队|科|处|所|窗口|服务台|调度室|指挥室|"
                    r"值班室|"
                    r"拨打|致电|咨询|查询|招领|承办|经办人|单位|热线|服务|机关|部门|"
                    r"热线|客服|服务电话|咨询电话|监督电话|投诉电话|举报电话|办公电话|值班电话|"
                    r"受理电话|服务热线|客服电话|总机|传真)[^。；;!！?？\n]{0,10}$")
#: Words that make it a person's number after all (我的电话, 联系人……电话).
PERSONAL = re.compile(r"(?:我|本人|他|她|其|家|联系人|先生|女士|手机|私人|个人|号主|车主|司机|师傅|"
                      r"驾驶员|当事人|投诉人|来电人|本人)[^，。；;]{0,10}$")


_LEAD = re.compile(r"前[三3]位(?:是|为)?$")


def office_line(text: str, start: int) -> bool:
    """Whether the words just before a landline say it is an office's published number."""
    before = text[max(0, start - 16):start]
    return bool(OFFICE.search(before)) and not PERSONAL.search(before)


def confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    start, end = match.span()
    while start < end and not text[start].isdigit() and text[start] not in "+＋(（":
        start += 1  # the context word of a local number is not part of it
    lead = _LEAD.search(text, max(0, start - 6), start)
    if lead:  # 前三位139，后面是…: the words that open the number are part of it
        start = lead.start()
    digits = digits_of(text[start:end])
    if len(digits) in (7, 8) and not digits.startswith(("0", "1")):
        return (start, end) if not office_line(text, start) else None
    if not digits.startswith("1") and office_line(text, start):
        return None
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) in (12, 13):
        digits = digits[2:]
    if digits.startswith("1"):
        return (start, end) if len(digits) == 11 else None
    national = digits.lstrip("0")
    # Area code (2-3 digits after the trunk 0) plus a 7-8 digit local number.
    return (start, end) if 9 <= len(national) <= 11 else None


DETECTOR = Detector(
    name="phone",
    category="phone",
    version="2",
    pattern=PATTERN,
    # A mobile's 1[3-9] or a landline's trunk 0 (or +86/0086) before the digits; hotlines
    # (12345, 400-…) and credit codes do not pass.
    prefilter=(f"[1１][3-9３-９]{RE2_DIGIT}[ \\-－—]?{RE2_DIGIT}{{4}}[ \\-－—]?{RE2_DIGIT}{{4}}"
               f"|[0０][1-9１-９]{RE2_DIGIT}{{1,2}}[)）]?[ \\-－—]?{RE2_DIGIT}{{7}}"
               f"|[+＋]86|0086|００８６|(?:座机|固话|宅电|电话|号码|方式)[:：是为]?\\s?[2-8]"),
    confirm=confirm,
    placeholder="【手机号】",
)
