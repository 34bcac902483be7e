"""Personal names in free text, found by context and confirmed with jieba's dictionary.

Context: a role word before the name (联系人：, 当事人, 驾驶员, 投诉人, 市民 …), an honorific
after the surname (陈先生, 李女士, 王师傅) or a reporting verb after the name (张伟反映). The
surname must be in the list of publisher.synth. jieba's part-of-speech dictionary (offline, it
ships with jieba) decides the edges: a known person name (tag ``nr``) is taken whole, and a
surname character that starts an ordinary word (严重, 于是, 高速) is no name at all. Names with
no context at all are not found: segmenting every cell with jieba's HMM costs about 2 ms each.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import cast

from publisher.deid.detectors.base import Detector
from publisher.synth import COMPOUND_SURNAMES, SURNAMES

TRIGGERS = ("被投诉人", "联系人", "当事人", "驾驶员", "驾驶人", "投诉人", "举报人", "反映人",
            "来电人", "申请人", "乘客", "司机", "车主", "市民", "姓名", "群众", "业主", "家属",
            "本人")
HONORIFICS = ("先生", "女士", "小姐", "师傅", "阿姨", "大爷", "老师", "同学", "老板")
VERBS = ("驾驶", "反映", "投诉", "来电", "表示", "举报", "称", "说")
SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + SURNAMES + "])"
_CJK = "[\u4e00-\u9fff]"
PATTERN = (
    "(?:" + "|".join(TRIGGERS) + r")[:：(（\s]*(?P<t>" + SURNAME + ")" + _CJK + "{0,2}"
    + "|(?P<h>" + SURNAME + ")(?=" + "|".join(HONORIFICS) + ")"
    + "|(?P<v>" + SURNAME + ")" + _CJK + "{1,2}(?=" + "|".join(VERBS) + ")"
)
#: Characters that are hardly ever part of a given name: particles, verbs, prepositions.
FUNCTION_TAGS = frozenset({"p", "c", "u", "d", "r", "ad", "f"})
NOUN_TAGS = frozenset({"n", "ns", "nz", "nt", "ng", "nrt", "nrfg"})
STOP = set("的了在于因和与及等称说要被把向对从到给让将已未不也都就还又很是有为以驾乘开拒态反投"
           "举表问打来去上下中某先女小师阿老同")


@cache
def _tags() -> dict[str, str]:
    """jieba's word -> part-of-speech dictionary (loaded once, about 3 s)."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    import jieba.posseg

    return cast(dict[str, str], jieba.posseg.dt.word_tag_tab)


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _plausible(text: str, i: int) -> bool:
    """Whether the character at ``i`` can continue a given name."""
    if i >= len(text) or not _cjk(text[i]) or text[i] in STOP:
        return False
    # A character that starts a dictionary word with the next one (驾驶, 乘坐) starts that word.
    return not (i + 1 < len(text) and text[i:i + 2] in _tags())


def _given(text: str, pos: int) -> str:
    """The given name after a surname ending at ``pos``: up to two characters."""
    if pos >= len(text) or not _cjk(text[pos]) or text[pos] in STOP:
        return ""
    return text[pos] + (text[pos + 1] if _plausible(text, pos + 1) else "")


_LABELLED = re.compile(r"[:：(（]\s*$")
_ORG = re.compile(r"[\u4e00-\u9fff]{0,14}?(?:有限公司|公司|集团|学校|医院|协会)")


def confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    if match.group("h") is not None:
        return match.span("h")
    group = "t" if match.group("t") is not None else "v"
    start, end = match.span(group)
    rest = text[end:end + 3]
    if not rest or rest[0] == "某":
        return None  # 王某、张某某 are already anonymous
    if rest.startswith(HONORIFICS):
        return start, end
    if _ORG.match(text, start) or (group == "v" and start and text[start - 1] in "省市县区镇"):
        return None  # part of an organisation's or a place's name: 汕尾市陆丰驾驶员培训有限公司
    # "联系人：顾强强", "本人（王然杰，": a role word and a colon or bracket announce a name,
    # whatever jieba makes of it.
    if group == "t" and _LABELLED.search(text, match.start(), start):
        given = _given(text, end)
        return (start, end + len(given)) if given else None
    tags = _tags()
    surname = match.group(group)
    if len(rest) >= 2 and tags.get(surname + rest[:2], "").startswith("nr"):
        return start, end + 2
    tag = tags.get(surname + rest[0])
    if tag is not None:
        if tag.startswith("nr"):  # a known name (姚明), perhaps with one more character (姚明海)
            return start, end + 1 + _plausible(text, end + 1)
        # Otherwise the "surname" starts an ordinary word (严重, 于是, 高速, 钱包被偷), unless
        # a strong context word came first and the word is a noun followed by the name's end.
        nxt = text[end + 1:end + 2]
        if group == "v" or tag not in NOUN_TAGS:
            return None
        if nxt and _cjk(nxt) and not (text.startswith(VERBS, end + 1)
                                      or _plausible(text, end + 1)):
            return None
    # A surname that is also a function word (于, 向) followed by a verb (关注) is that word.
    if (tags.get(surname, "") in FUNCTION_TAGS and rest[:2] in tags) or tags.get(
            rest[:2], "").startswith("v"):
        return None
    given = _given(text, end)
    return (start, end + len(given)) if given else None


DETECTOR = Detector(
    name="person_name",
    category="person_name",
    version="2",
    pattern=PATTERN,
    prefilter=(
        "(?:" + "|".join(TRIGGERS) + ")[:：(（\\s]*" + SURNAME
        + "|" + SURNAME + "(?:" + "|".join(HONORIFICS) + ")"
        + "|" + SURNAME + _CJK + "{1,2}(?:" + "|".join(VERBS) + ")"
    ),
    confirm=confirm,
    placeholder="【姓名】",
)
