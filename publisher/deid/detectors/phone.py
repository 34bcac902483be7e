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

_SEP = r"[ \-－—–]"
#: The country code as people type it: +86, ＋86, 0086, (+86), （+86）, (86), + 86, and a bare
#: 86 before a separator or straight before an 11-digit mobile (8613812345678).
_CC = (r"(?:[(（]?(?:(?:[+＋] ?|00)86|86(?=" + _SEP + r"|1[3-9]\d{9}(?!\d)))[)）]?|[(（]86[)）])"
       + _SEP + r"?")
MOBILE = r"(?:" + _CC + r"(?:\(0\) ?)?)?1[3-9]\d(?:" + _SEP + r"?\d){8}"
#: An extension after a landline: 0660-3123456转802, 分机802, -802, ext. 802.
_EXTENSION = r" ?(?:转|分机|[Ee][Xx][Tt]\.?|-) ?\d{1,5}"
LANDLINE = (
    r"(?:" + _CC + r"(?:\(0\)|0)?[1-9]\d{1,2}|[(（]?0[1-9]\d{1,2}[)）]?)"
    + _SEP + r"?\d(?:" + _SEP + r"?\d){6,7}"
    + r"(?P<ext>" + _EXTENSION + r")?"
)
#: The words that say a number is a phone, for a local number without its area code.
_LOCAL_CUES = ("座机", "固话", "宅电", "电话", "号码", "方式", "灵通")
#: The words after a local number that say it is one: 3123456（家里座机）, 3123456是我家电话.
_CUE_AFTER = r"\s?[(（]?(?:是|为)?(?:我|本人)?(?:家里|家中|家庭|家|单位)?的?(?:座机|固话|宅电|电话)"
#: A local number without its area code, only where a word says it is a phone: 座机3123456,
#: 座机号：3123456, 固话|3123456, Tel: 3123456, or the word after it: 3123456（家里座机）.
LOCAL = (r"(?:(?:(?<=" + "|".join(_LOCAL_CUES) + r")|(?<=\b[Tt]el|\bTEL)|(?<=\b[Pp]hone|\bPHONE))"
         r"(?:号码是|号码为|号码|号|\.)?[:：是为|｜\t(（]{0,2}\s?[2-8]\d{6,7}"
         r"(?P<lext>" + _EXTENSION + r")?"
         r"|" + NOT_ALNUM_BEFORE + r"[2-8]\d{6}(?=" + _CUE_AFTER + r"))")
#: What may come right before a number: no letter or digit, but a Latin label may touch a
#: number that opens with + or a bracket (Tel+86…) or a mobile (Tel13812345678).
_BEFORE = (r"(?:(?<![0-9０-９])(?=[+＋(（])|"
           + "".join(f"(?<=\\b{label})(?=1)|" for label in (
               "Tel", "TEL", "tel", "Mobile", "MOBILE", "Mob", "MOB", "Phone", "PHONE", "Cell",
               "CELL"))
           + NOT_ALNUM_BEFORE + ")")
#: (A local number's cue may be a Latin word, Tel: 3123456, so it has no left boundary.)
PATTERN = (r"(?:" + _BEFORE + r"(?:" + MOBILE + r"|" + LANDLINE + r")|" + LOCAL + r")"
           + NOT_ALNUM_AFTER)
_STOP = r"[^。；;!！?？\n]"
#: The end of an organisation's name, optionally its floor or room, and a phone label: the
#: office's published line (汕尾站二楼，电话：, 承办单位电话, 调度室：). The name must come right
#: before the label, so 处理, 所以, 公交站的问题，电话 are no office.
_ORG = (r"(?:公司|局|站|中心|办公室|(?<!排)队|科|(?<![到四])处|(?<!住)所|窗口|服务台|调度室|"
        r"指挥室|值班室|单位|机关|部门|银行|分行|支行|营业厅|营业部|服务部|校|(?<!住)院|馆)")
_LABEL = (r"(?:的)?(?:联系|办公|值班|服务|咨询|查询|监督|投诉|举报|受理|客服|招领|报名)?"
          r"(?:电话|号码|热线|座机|固话|总机|传真)")
#: Words before a number that say it is an office's published line, not a person's.
OFFICE = re.compile(
    r"(?:" + _ORG + r"(?:[^，,。；;\s]{0,4}[楼室层])?[，,、\s(（|｜:：]{0,2}(?:" + _LABEL + r")?"
    r"|(?:咨询|查询|热线|客服|总机|传真)(?:电话)?"
    r"|(?:拨打|致电|招领|承办|经办人|服务电话|咨询电话|监督电话|投诉电话|举报电话|办公电话|"
    r"值班电话|受理电话|服务热线|客服电话)" + _STOP + r"{0,10})[:：]?\s?$")
#: Words that make it a person's number after all (我的电话, 联系人……电话).
PERSONAL = re.compile(r"(?:我|本人|他|她|其|家|联系人|先生|女士|手机|私人|个人|号主|车主|司机|师傅|"
                      r"驾驶员|当事人|投诉人|来电人|本人)[^，。；;]{0,10}$")


_LEAD = re.compile(r"前[三3]位(?:是|为)?$")


def office_line(text: str, start: int) -> bool:
    """Whether the words just before a landline say it is an office's published number."""
    before = text[max(0, start - 16):start]
    return bool(OFFICE.search(before)) and not PERSONAL.search(before)


def _national(digits: str) -> str:
    """The digits after the country code: 0086/86 removed, and the 0 of +86 (0)138…."""
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) >= 12:
        digits = digits[2:]
    if digits.startswith("01") and len(digits) == 12:
        digits = digits[1:]  # +86 (0)13812345678
    return digits


def confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    start, end = match.span()
    while start < end and not text[start].isdigit() and text[start] not in "+＋(（":
        start += 1  # the context word of a local number is not part of it
    lead = _LEAD.search(text, max(0, start - 6), start)
    if lead:  # 前三位139，后面是…: the words that open the number are part of it
        start = lead.start()
    extension = match.group("ext") or match.group("lext")
    number_end = end - len(extension) if extension else end
    digits = digits_of(text[start:number_end])
    if len(digits) in (7, 8) and not digits.startswith(("0", "1")):
        return (start, end) if not office_line(text, start) else None
    national = _national(digits)
    if national.startswith("1"):  # a mobile (also after +86) is never an office's line
        return (start, end) if len(national) == 11 and number_end == end else None
    if office_line(text, start):
        return None
    national = national.lstrip("0")
    # Area code (2-3 digits after the trunk 0) plus a 7-8 digit local number.
    return (start, end) if 9 <= len(national) <= 11 else None


DETECTOR = Detector(
    name="phone",
    category="phone",
    version="3",
    pattern=PATTERN,
    # A mobile's 1[3-9] or a landline's trunk 0 (or +86/0086) before the digits; hotlines
    # (12345, 400-…) and credit codes do not pass.
    prefilter=(f"[1１][3-9３-９]{RE2_DIGIT}[ \\-－—–]?{RE2_DIGIT}{{4}}[ \\-－—–]?{RE2_DIGIT}{{4}}"
               f"|[0０][1-9１-９]{RE2_DIGIT}{{1,2}}[)）]?[ \\-－—–]?{RE2_DIGIT}{{7}}"
               f"|[+＋] ?[8８][6６]|0086|００８６"
               f"|(?:座机|固话|宅电|电话|号码|方式|灵通|[Tt]el|TEL|[Pp]hone|PHONE)"
               f"(?:号码是|号码为|号码|号|[.．])?[:：是为|｜\\t(（]{{0,2}}\\s?[2-8２-８]"
               f"|[2-8２-８]{RE2_DIGIT}{{6}}{_CUE_AFTER}"),
    confirm=confirm,
    placeholder="【手机号】",
)
