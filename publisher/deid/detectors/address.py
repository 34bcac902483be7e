"""Street addresses in free text: a road and a door number (香城路12号), or a residential compound,
a building and a flat without any road (碧桂园3栋502房, 金海湾花园A座1201), or a village and a
house number (新村12号); extended to the left over the place names before it. A route such as
3路 has no door number and is not an address."""

from __future__ import annotations

import re

from publisher.deid.detectors.base import Detector

_ROAD = (r"(?<=[\u4e00-\u9fff])(?:路|大道|大街|街|巷|道|里|弄|坊)\d{1,5}(?:号|號)"
         r"(?:之\d{1,3})?(?:\d{1,4}(?:栋|座|幢|单元|楼|层|室|房|铺|号))*")
_COMPOUND_WORD = (r"(?:花园|小区|新村|公寓|大厦|广场|家园|花苑|雅苑|山庄|名苑|华府|公馆|豪庭|"
                  r"苑|园|城|府|庭|湾|居|阁|轩|村|楼|宿舍|大院|社区|别墅|新城|国际|中心)")
_BUILDING = (r"(?:[A-Za-z]|\d{1,3})(?:栋|座|幢|号楼|栋楼|期|区)(?:\d{1,3}(?:栋|座|幢|号楼))?"
             r"(?:\d{1,2}(?:单元|梯))?(?:\d{1,2}(?:楼|层))?\d{2,5}(?:房|室|号|号房)?")
_FLAT = r"\d{1,4}(?:号|號)(?:\d{1,4}(?:房|室))?"
#: A building and a flat after any name (红城御景7座3101, 品清湖畔C区4幢1506室): the shape alone.
_ANY_BUILDING = (r"(?<=[\u4e00-\u9fffA-Za-z])(?:[A-Za-z]区)?\d{1,3}(?:栋|座|幢|号楼|栋楼)"
                 r"(?:\d{1,2}(?:单元|梯))?(?:\d{1,2}(?:楼|层))?\d{2,5}(?:房|室|号|号房)?")
#: A village and a house number: 石洋村北区57号, 林坎村11队39号.
_VILLAGE = r"(?<=[\u4e00-\u9fff])村(?:[\u4e00-\u9fff]{1,4}|\d{1,3}(?:队|组|巷))?\d{1,4}号"
PATTERN = (_ROAD + "|" + _VILLAGE + "|" + _ANY_BUILDING
           + r"|(?<=[\u4e00-\u9fff])" + _COMPOUND_WORD + r"(?:" + _BUILDING + "|" + _FLAT + ")")
#: Characters that end the place name to the left (verbs, punctuation, particles).
_STOP = set("住在于址是的到从往去和与及，,。：:；;、 （）()【】反映称投诉家我他她其")
MAX_LEFT = 20


def confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    start = match.start()
    while (start > 0 and match.start() - start < MAX_LEFT
           and "\u4e00" <= text[start - 1] <= "\u9fff" and text[start - 1] not in _STOP):
        start -= 1
    if start == match.start() and not re.match(r"路|大道|大街|街|巷|道|[A-Za-z\d]",
                                               match.group()):
        return None  # a bare 苑12号 with no name before it says nothing
    return start, match.end()


DETECTOR = Detector(
    name="address",
    category="address",
    version="2",
    pattern=PATTERN,
    prefilter=("(?:路|大道|街|巷|道|里|弄|坊)[0-9０-９]{1,5}[号號]"
               "|(?:花园|小区|村|苑|园|城|府|庭|湾|居|阁|轩|楼|宿舍|院|社区|墅|寓|厦|场|庄|馆|国际|中心)"
               "[0-9０-９A-Za-z]"
               "|[0-9０-９](?:栋|座|幢|号楼)|村"),
    confirm=confirm,
    placeholder="【地址】",
)
