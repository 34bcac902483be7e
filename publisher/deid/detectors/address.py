"""Street addresses in free text: a road and a door number (香城路12号), extended to the left over
the place names before it. A route such as 3路 has no door number and is not an address."""

from __future__ import annotations

import re

from publisher.deid.detectors.base import Detector

PATTERN = (r"(?<=[\u4e00-\u9fff])(?:路|大道|大街|街|巷|道)\d{1,5}号"
           r"(?:\d{1,4}(?:栋|座|幢|单元|楼|室|房|铺))*")
#: Characters that end the place name to the left (verbs, punctuation, particles).
_STOP = set("住在于址是的到从往去和与及，,。：:；;、 （）()【】反映称投诉家")
MAX_LEFT = 12


def confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    start = match.start()
    while (start > 0 and match.start() - start < MAX_LEFT
           and "\u4e00" <= text[start - 1] <= "\u9fff" and text[start - 1] not in _STOP):
        start -= 1
    return start, match.end()


DETECTOR = Detector(
    name="address",
    category="address",
    version="1",
    pattern=PATTERN,
    prefilter="(?:路|大道|街|巷|道)[0-9]{1,5}号",
    confirm=confirm,
    placeholder="【地址】",
)
