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
            "来电人", "申请人", "乘客", "司机", "车主", "市民", "姓名", "群众", "业主", "家属")
HONORIFICS = ("先生", "女士", "小姐", "师傅", "阿姨", "大爷", "老师", "同学", "老板")
VERBS = ("驾驶", "反映", "投诉", "来电", "表示", "举报", "称", "说")
SURNAME = "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + SURNAMES + "])"
_CJK = "[\u4e00-\u9fff]"
PATTERN = (
    "(?:" + "|".join(TRIGGERS) + r")[:：\s]*(?P<t>" + SURNAME + ")" + _CJK + "{0,2}"
    + "|(?P<h>" + SURNAME + ")(?=" + "|".join(HONORIFICS) + ")"
    + "|(?P<v>" + SURNAME + ")" + _CJK + "{1,2}(?=" + "|".join(VERBS) + ")"
)
#: Characters that are hardly ever part of a given name: particles, verbs, prepositions.
NOUN_TAGS = frozenset({"n", "ns", "nz", "nt", "ng", "nrt", "nrfg"})
STOP = set("的了在于因和与及等称说要被把向对从到给让将已未不也都就还又很是有为以驾乘开拒态反投"
           "举表问打来去上下中某先女小师阿老同")


@cache
def _tags() -> dict[str, str]:
    """jieba's word -> part-of-speech dictionary (loaded once, about 3 s)."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    import jieba.posseg

    return cast(dict[str, str], jieba.posseg.dt.word_tag_tab)


def _given(text: str, pos: int) -> str:
    """The given name after a surname at ``pos``: up to two characters, stopping at a word."""
    tags = _tags()
    given = ""
    for i in range(pos, min(pos + 2, len(text))):
        ch = text[i]
        if not ("\u4e00" <= ch <= "\u9fff") or ch in STOP:
            break
        # A second character that starts a dictionary word with the next one (驾驶, 乘坐) is the
        # next word, not part of the name.
        if given and text[i:i + 2] in tags and len(text) > i + 1:
            break
        given += ch
    return given


def confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    if match.group("h") is not None:
        return match.span("h")
    group = "t" if match.group("t") is not None else "v"
    start, end = match.span(group)
    rest = text[end:end + 3]
    if rest.startswith("某") or not rest:
        return None
    if rest.startswith(HONORIFICS):
        return start, end
    tags = _tags()
    surname = match.group(group)
    for size in (2, 1):
        word = surname + rest[:size]
        tag = tags.get(word)
        if tag is None or len(word) - len(surname) != size:
            continue
        if tag.startswith("nr"):
            return start, end + size
        if size == 1:
            # The "surname" starts an ordinary word (严重, 于是, 高速, 钱包被偷) unless the word
            # is a noun that a given-name character continues (王国强, 高峰明).
            after = text[end + 1:end + 2]
            if not (tag in NOUN_TAGS and after and "\u4e00" <= after <= "\u9fff"
                    and after not in STOP):
                return None
    given = _given(text, end)
    return (start, end + len(given)) if given else None


DETECTOR = Detector(
    name="person_name",
    category="person_name",
    version="1",
    pattern=PATTERN,
    prefilter=(
        "(?:" + "|".join(TRIGGERS) + ")[:：\\s]*" + SURNAME
        + "|" + SURNAME + "(?:" + "|".join(HONORIFICS) + ")"
        + "|" + SURNAME + _CJK + "{1,2}(?:" + "|".join(VERBS) + ")"
    ),
    confirm=confirm,
    placeholder="【姓名】",
)
