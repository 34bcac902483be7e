"""Bank card numbers: 16 to 19 digits, plain or in groups of four, with the Luhn check."""

from __future__ import annotations

import re

from publisher.deid.detectors.base import (
    NOT_ALNUM_AFTER,
    NOT_ALNUM_BEFORE,
    RE2_DIGIT,
    Detector,
    digits_of,
)
from publisher.identifiers import luhn_ok

PATTERN = (
    NOT_ALNUM_BEFORE
    + r"(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)"
    + NOT_ALNUM_AFTER
)


def confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    value = digits_of(match.group())
    return match.span() if 16 <= len(value) <= 19 and luhn_ok(value) else None


DETECTOR = Detector(
    name="bank_card",
    category="bank_card",
    version="1",
    pattern=PATTERN,
    prefilter=(f"{RE2_DIGIT}{{4}}[ -]?{RE2_DIGIT}{{4}}[ -]?{RE2_DIGIT}{{4}}[ -]?"
               f"{RE2_DIGIT}{{4}}"),
    confirm=confirm,
    placeholder="【银行卡号】",
)
