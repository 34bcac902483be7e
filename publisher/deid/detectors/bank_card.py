"""Bank card numbers: 16 to 19 digits with the Luhn check, plain or grouped as people type
them (4-4-4-4-3, 6 + the rest, 6-4-4-…), with spaces or dashes."""

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

#: Between groups: a space, a tab, a dash or a dot, or two of them.
_GAP = r"[ \t.\-]"
_SEP = _GAP + "{1,2}"
PATTERN = (
    NOT_ALNUM_BEFORE
    + r"(?:\d{16,19}"
    + r"|\d{4}(?:" + _SEP + r"\d{4}){3}(?:(?:" + _SEP + r")?\d{1,3})?"
    + r"|\d{6}" + _SEP + r"\d{10,13}"
    + r"|\d{6}(?:" + _SEP + r"\d{4}){2,3}(?:" + _SEP + r"\d{1,5})?)"
    + NOT_ALNUM_AFTER
)
_GROUP = re.compile(r"\d+")


def confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    """The longest run of the match's digit groups, from its first, that is a card: a number
    written after a card in a list (…3632 500元) is not part of it."""
    start = match.start()
    groups = list(_GROUP.finditer(match.group()))
    for last in range(len(groups), 0, -1):
        end = start + groups[last - 1].end()
        value = digits_of(text[start:end])
        if len(value) < 16:
            return None
        if len(value) <= 19 and luhn_ok(value):
            return start, end
    return None


DETECTOR = Detector(
    name="bank_card",
    category="bank_card",
    version="2",
    pattern=PATTERN,
    prefilter=(f"{RE2_DIGIT}{{4}}(?:{_GAP}{{0,2}}{RE2_DIGIT}{{4}}){{3}}"
               f"|{RE2_DIGIT}{{6}}{_GAP}{{1,2}}{RE2_DIGIT}{{4}}"),
    confirm=confirm,
    placeholder="【银行卡号】",
)
