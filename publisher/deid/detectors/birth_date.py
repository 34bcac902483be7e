"""Dates of birth in free text, by context (出生日期、生于、…出生). A bare date is an event date
and stays; declared birth-date fields are handled by their field policy."""

from __future__ import annotations

import re

from publisher.deid.detectors.base import Detector

_DATE = r"(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日?|[-/.]\d{1,2}[-/.]\d{1,2}|\d{4})"
PATTERN = (
    r"(?:出生日期|出生年月日|出生年月|生日|出生于|生于)(?:为|是)?[:：]?\s*(?P<a>" + _DATE + r")"
    + r"|(?P<b>" + _DATE + r")\s*(?:出生|生人|生(?![产活意效]))"
)


def confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    group = "a" if match.group("a") is not None else "b"
    return match.span(group)


DETECTOR = Detector(
    name="birth_date",
    category="birth_date",
    version="1",
    pattern=PATTERN,
    prefilter="出生|生日|生于|生人|[0-9０-９日]\\s*生",
    confirm=confirm,
    placeholder="【出生日期】",
)
