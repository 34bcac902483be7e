"""Generalisation: an address to its district (or city, town), a date to its month or year, an
age to a band. Parameters come from the field's privacy property (``level``, ``band``, ``top``).
A value that cannot be parsed becomes empty rather than leaking through unchanged."""

from __future__ import annotations

import re
from typing import Any

from publisher.deid.detectors.base import ascii_fold
from publisher.synth import SHANWEI_AREAS

_ADDRESS = re.compile(
    r"^(?P<province>[\u4e00-\u9fff]{2,7}?省)?(?P<city>[\u4e00-\u9fff]{2,7}?市)?"
    r"(?P<district>[\u4e00-\u9fff]{1,6}?(?:区|县|市))?(?P<town>[\u4e00-\u9fff]{1,6}?(?:镇|街道|乡))?"
)
_TOWN = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:镇|街道|乡)")
LEVELS = ("province", "city", "district", "town")
_DATE = re.compile(r"((?:18|19|20)\d{2})(?:[-/.年]?(\d{1,2})(?:[-/.月]?(\d{1,2}))?)?")


def address_to(value: str, level: str = "district") -> str:
    """The address cut after ``level`` (province, city, district, town); '' if none is found."""
    text = value.strip()
    if level in ("district", "town"):
        for district in SHANWEI_AREAS.values():  # the bureau's own districts, by name
            at = text.find(district)
            if at < 0:
                continue
            out = "汕尾市" + district
            if level == "town":
                town = _TOWN.match(text, at + len(district))
                out += town.group() if town else ""
            return out
    match = _ADDRESS.match(text)
    if match is None:
        return ""
    keep = LEVELS[: LEVELS.index(level) + 1] if level in LEVELS else LEVELS[:3]
    return "".join(match.group(part) or "" for part in keep)


def date_to(value: str, level: str = "month") -> str:
    """``YYYY-MM`` (level month) or ``YYYY`` (level year); '' when no date is found."""
    match = _DATE.search(ascii_fold(value))
    if match is None:
        return ""
    year, month = match.group(1), match.group(2)
    if level == "year" or not month:
        return year
    return f"{year}-{int(month):02d}"


def age_band(value: str, band: int = 10, top: int = 80) -> str:
    """``30-39`` for 34 with bands of ten; ``80+`` from ``top`` on; '' when not a number."""
    try:
        age = int(float(ascii_fold(value).strip()))
    except ValueError:
        return ""
    if age >= top:
        return f"{top}+"
    low = age // band * band
    return f"{low}-{low + band - 1}"


def generalize_value(category: str, value: str, params: dict[str, Any]) -> str:
    """Dispatch on the category, then on what the value looks like."""
    if not value.strip():
        return value
    level = str(params.get("level", ""))
    if category == "address":
        return address_to(value, level or "district")
    if category == "birth_date" or _DATE.fullmatch(ascii_fold(value).strip()[:10] or "x"):
        return date_to(value, level or ("year" if category == "birth_date" else "month"))
    return age_band(value, int(params.get("band", 10)), int(params.get("top", 80)))
