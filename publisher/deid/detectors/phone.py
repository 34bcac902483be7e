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
_CC = r"(?:(?:\+|＋|00)86" + _SEP + r"?)"
MOBILE = _CC + r"?1[3-9]\d(?:" + _SEP + r"?\d){8}"
LANDLINE = (
    r"(?:" + _CC + r"(?:\(0\))?[1-9]\d{1,2}|[(（]?0[1-9]\d{1,2}[)）]?)" + _SEP + r"?\d{7,8}"
)
PATTERN = NOT_ALNUM_BEFORE + r"(?:" + MOBILE + r"|" + LANDLINE + r")" + NOT_ALNUM_AFTER


def confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    digits = digits_of(match.group())
    if digits.startswith("0086"):
        digits = digits[4:]
    elif match.group().lstrip().startswith(("+", "＋")) and digits.startswith("86"):
        digits = digits[2:]
    if digits.startswith("1"):
        return match.span() if len(digits) == 11 else None
    national = digits.lstrip("0")
    # Area code (2-3 digits after the trunk 0) plus a 7-8 digit local number.
    return match.span() if 9 <= len(national) <= 11 else None


DETECTOR = Detector(
    name="phone",
    category="phone",
    version="1",
    pattern=PATTERN,
    # A mobile's 1[3-9] or a landline's trunk 0 (or +86/0086) before the digits; hotlines
    # (12345, 400-…) and credit codes do not pass.
    prefilter=(f"[1１][3-9３-９]{RE2_DIGIT}[ \\-－—]?{RE2_DIGIT}{{4}}[ \\-－—]?{RE2_DIGIT}{{4}}"
               f"|[0０][1-9１-９]{RE2_DIGIT}{{1,2}}[)）]?[ \\-－—]?{RE2_DIGIT}{{7}}"
               f"|[+＋]86|0086|００８６"),
    confirm=confirm,
    placeholder="【手机号】",
)
