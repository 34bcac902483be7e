"""Motor-vehicle plates (GA 36): ordinary, new-energy, with or without the middle dot, and the
警/学/挂/港/澳/领/试/超 suffix plates. I and O never occur in a plate."""

from __future__ import annotations

import re

from publisher.deid.detectors.base import Detector, ascii_fold

PROVINCES = "京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新"
_LETTER = "A-HJ-NP-Za-hj-np-zＡ-ＨＪ-ＮＰ-Ｚ"
_ALNUM = f"[{_LETTER}0-9０-９]"
# Spaces may stand anywhere: 粤 N 12345, 粤N 123 45.
_SERIAL = f"{_ALNUM}(?: ?{_ALNUM})"
PATTERN = (
    f"[{PROVINCES}] ?[{_LETTER}] ?[·•・.\\- ]? ?"
    f"(?:{_SERIAL}{{3}} ?[挂学警港澳领试超]|{_SERIAL}{{4,5}}(?![0-9A-Za-z０-９]))"
)


def confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    """A serial of letters only (an English word after a province) is not a plate."""
    serial = ascii_fold(match.group().replace(" ", "")[2:]).lstrip("·•・.-")
    digits = sum(ch.isdigit() for ch in serial)
    return match.span() if digits >= 3 else None


DETECTOR = Detector(
    name="plate",
    category="plate",
    version="2",
    pattern=PATTERN,
    # Province, office letter and four serial characters: a masked plate (粤N·1***5) fails.
    prefilter=(f"[{PROVINCES}] ?[{_LETTER}] ?[·•・.\\- ]? ?[{_LETTER}0-9０-９]"),
    confirm=confirm,
    placeholder="【车牌号】",
)
