"""Resident identity numbers: 18 characters with the GB 11643 check, and legacy 15 digits."""

from __future__ import annotations

import re
from datetime import date

from publisher.deid.detectors.base import (
    NOT_ALNUM_AFTER,
    NOT_ALNUM_BEFORE,
    RE2_DIGIT,
    Detector,
    digits_of,
)
from publisher.identifiers import is_resident_id

_MD = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
PATTERN = (
    NOT_ALNUM_BEFORE
    + rf"(?:[1-9]\d{{5}}[ -]?(?:18|19|20)\d{{2}}{_MD}[ -]?\d{{3}}[\dXxＸｘ]"
    + rf"|[1-9]\d{{5}}\d{{2}}{_MD}\d{{3}})"
    + NOT_ALNUM_AFTER
)


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    """18 characters need the check character; 15 need a real date of birth."""
    value = digits_of(match.group())
    if not value[:-1].isdigit():
        return None
    if len(value) == 18:
        ok = is_resident_id(value) and _valid_date(int(value[6:10]), int(value[10:12]),
                                                   int(value[12:14]))
    elif len(value) == 15:
        ok = _valid_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))
    else:
        ok = False
    return match.span() if ok else None


DETECTOR = Detector(
    name="resident_id",
    category="id_number",
    version="1",
    pattern=PATTERN,
    # The date of birth at its place: 18-digit numbers without one never reach Python.
    prefilter=(f"{RE2_DIGIT}{{6}}[ -]?(?:18|19|20|１８|１９|２０)?{RE2_DIGIT}{{2}}"
               f"[01０１]{RE2_DIGIT}[0-3０-３]{RE2_DIGIT}"),
    confirm=confirm,
    placeholder="【身份证号】",
)
