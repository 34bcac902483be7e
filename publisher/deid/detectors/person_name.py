"""Personal names in free text, by several independent signals, confirmed with jieba's dictionary.

The surnames are the full inventory of publisher.lexicon (百家姓 and the frequent modern and
Guangdong surnames, single and compound), never the generator's draw. Signals, each a branch of
the pattern:

- a role, self-introduction or family word before the name (投诉人郑小明, 我叫郑小明, 我父亲郑大明);
- an honorific after the surname or the full name (陈先生, 郑小明女士：您好);
- a verb or particle after the name (郑小明反映, 郑小明于3月);
- a list of names (郑小明、卓雅琴、司徒文华等);
- a signature (此致敬礼！郑小明, ——郑小明, a name at the end before a date);
- a subject (关于郑小明的投诉, 表扬郑小明师傅);
- a list context: members that start with a surname, separated by 、，和及与/ or spaces and
  ended by a word counting people (等, 等3户, 共三名) or three in a row;
- no context at all: a surname and one or two characters between boundaries (punctuation, a
  conjunction, a time word, 关于) and a boundary or a verb, when jieba's dictionary (words and
  their frequencies) does not know them as an ordinary word (高速, 经查) or a verb (核实).

Names split by a space are joined by the normalised reading (publisher.deid.normalize). jieba's
part-of-speech dictionary (offline, shipped with jieba) decides the edges: a known person name
(tag ``nr``) is taken whole, and a surname character that starts an ordinary word (严重, 于是,
高速) is no name at all, unless a strong context word announced a name.
"""

from __future__ import annotations

import re
from functools import cache

from publisher import lexicon
from publisher.deid.detectors.base import Detector
from publisher.deid.lookahead import with_lookahead

#: Any surname of the inventory: plain, as the RE2 prefilter (pyarrow) needs it.
SURNAME = ("(?:" + "|".join(lexicon.COMPOUND_SURNAMES) + "|[" + lexicon.SURNAMES + "])")
#: The same behind the look-ahead of its first characters, for the Python patterns: one test
#: of a character set instead of one per compound surname at every position tried.
_SURNAME = with_lookahead(SURNAME)
_CJK = "[\u4e00-\u9fff]"
_A = lexicon.alternation
CONTEXT = _A(lexicon.ROLES + lexicon.SELF_INTRO + lexicon.KINSHIP)
HONORIFICS = tuple(sorted(lexicon.HONORIFICS, key=len, reverse=True))
#: Honorifics that may follow a full name (郑小明女士); the short ones (哥, 总) only a surname.
FULL_HONORIFICS = tuple(h for h in HONORIFICS if len(h) >= 2)
VERBS = tuple(sorted(lexicon.AFTER_NAME, key=len, reverse=True))
_SIGN = r"(?:此致敬礼|此致|敬礼|谢谢|致谢|签名|落款|署名|写信人|留言人)[!！,，。.:：\s]*"
_END = (r"(?=\s*(?:$|\n|\d|[|｜\t]|[(（，,:：;；]?\s*(?:电话|手机|联系|身份证|卡号|银行卡|账号|"
        r"开户|补贴|补助|金额|户|人|家)))")
_DASH = r"(?:——|—|－－|--)\s*"
#: A list of names: members of two to four characters that start with a surname, separated by
#: 、，, 和 及 与 / or a space, and ended by a word that counts people (等, 等人, 户, 名, 共, 联名)
#: or three members or more in a row. Each member is matched at its own position.
_MEMBER = "(?![和及与])" + _SURNAME + _CJK + "{1,2}?"
_SEP = r"(?:\s?[、，,和及与/／;；]\s?|\s)"
_LIST_END = (r"(?:\s?(?:等|户|名|共|联名|一家|夫妇|全家"
             r"|[0-9０-９两二三四五六七八九十几多]+\s?(?:人|户|名|位|家)))")
_LIST_AHEAD = ("(?=(?:" + _SEP + _MEMBER + ")+" + _LIST_END + "|(?:" + _SEP + _MEMBER
               + "){2,}(?:" + _SEP + r"|[。.]|\s|$))")
LIST = ("(?P<L>" + _MEMBER + ")" + _LIST_AHEAD
        + r"|(?<=[、，,和及与/／;；\s])(?P<N>" + _MEMBER + ")(?=(?:" + _SEP + _MEMBER + ")*"
        + _LIST_END + ")")
PATTERN_REST = (
    "(?:" + CONTEXT + r")[:：(（\s|｜\-—]*(?:是|为|叫|名叫|叫做)?[:：\s|｜]*(?P<t>" + _SURNAME + ")"
    + _CJK + "{0,2}"
    + "|(?P<h>" + _SURNAME + ")" + _CJK + "{0,2}(?=" + _A(HONORIFICS) + ")"
    + "|" + _SIGN + "(?P<s>" + _SURNAME + ")" + _CJK + "{1,2}"
    + "|" + _DASH + "(?P<d>" + _SURNAME + ")" + _CJK + "{1,2}" + _END
    + "|(?:" + _A(lexicon.SUBJECT) + ")(?P<j>" + _SURNAME + ")" + _CJK + "{1,2}"
    + "(?=的|同志|等|一事|问题|事宜|师傅|司机|反映|来电|来信|投诉|举报|先生|女士)"
    + "|(?P<l>" + _SURNAME + ")" + _CJK + "{1,2}(?=\\s?[、，,和及与/／]\\s?" + _SURNAME + _CJK
    + "{1,2}[、，,等和及。；\\s])"
    + "|(?<=[、/／])(?P<m>" + _SURNAME + ")" + _CJK + "{1,2}(?=[、，,。；等\\s/／]|$)"
    + r"|(?<=[。！!\n\s，,：:.、|｜；;])(?P<e>" + _SURNAME + ")" + _CJK + "{1,2}" + _END
    + r"|(?<=[（(“\"「『‘])(?P<b>" + _SURNAME + ")" + _CJK + "{1,3}(?=[)）”\"」』’])"
    + r"|(?:^|(?<=[\n|｜\t]))(?P<c>" + _SURNAME + ")" + _CJK + r"{1,2}(?=\s?[:：|｜\t]|\s?[(（]"
    + "(?:" + _A(lexicon.ROLES) + "))"
    + r"|(?<=[\u4e00-\u9fff])(?P<g>" + _SURNAME + ")" + _CJK + r"{1,2}(?=\s?[(（](?:"
    + _A(lexicon.ROLES + lexicon.KINSHIP) + ")[)）])"
    + r"|(?<=[年月日天午晚早])(?P<k>" + _SURNAME + ")" + _CJK + "{1,2}(?=" + _A(VERBS) + ")"
    + "|(?P<v>" + _SURNAME + ")" + _CJK + "{1,2}(?=" + _A(VERBS) + ")"
)
#: A name where a noun phrase stands, with no context word at all: a surname and one or two
#: characters between a boundary (punctuation, a list separator, a preposition) and a boundary
#: or a verb (卓雅琴和赖东到…, …。洪明华反映). Only taken when jieba's dictionary does not know
#: the characters as an ordinary word (高速, 黄色, 王府 are words; 赖东 is not).
#: Where such a name may start: no letter or digit before it, or a preposition or conjunction,
#: a time word (昨天, 5月26日), or a subject or self-introduction word (all two characters).
_U_BEFORE = (r"(?:(?<![\u4e00-\u9fff0-9A-Za-z０-９])"
             r"|(?<=[和及与跟同给让叫找带着把是为名于对向由请称日天午晚早])"
             r"|(?<=关于|对于|有关|表扬|感谢|答复|回复|我是|我叫|鄙人|在下|本人))")
#: Where it may end: no Chinese character after it, a conjunction, a verb or particle of
#: ``after``, or a word that closes a subject (卓雅琴诉…, …一案, …事宜).
_U_AFTER = (r"(?=[^\u4e00-\u9fff]|$|[和及与等户家诉]|一案|案件|一事|事宜|问题|名下|账户|"
            + _A(VERBS) + ")")
UNKNOWN = _U_BEFORE + "(?P<U>(?![和及与])" + _SURNAME + _CJK + "{1,2}?)" + _U_AFTER
PATTERN = LIST + "|" + PATTERN_REST + "|" + UNKNOWN
_UNKNOWN = re.compile("(?P<L>(?!))?(?P<N>(?!))?" + UNKNOWN)
_REST = re.compile(PATTERN_REST)
_GROUPS = ("t", "h", "s", "d", "j", "l", "m", "e", "b", "c", "g", "k", "v")
#: Signals strong enough to take a name whatever jieba thinks of its characters (a role word
#: only when a colon, a bracket or 叫/是 announces the name: 联系人：顾强强, 我叫卓雅琴).
_STRONG = frozenset({"t", "s", "c", "g"})
_LABELLED = re.compile(r"(?:[:：(（]|是|为|叫|名叫|叫做)\s*$")
_ANNOUNCING = re.compile("(?:" + _A(lexicon.SELF_INTRO + lexicon.KINSHIP) + r")[:：\s]*$")
#: Words a context word is often followed by that are no name (司机师傅); a function word
#: (乘客向司机) only when a dictionary word follows it.
_ROLE_WORDS = tuple(sorted(lexicon.ROLES, key=len, reverse=True))
_PLACES = tuple(sorted(lexicon.PLACES, key=len, reverse=True))
_NOT_NAME = re.compile("(?:" + _A(lexicon.ROLES + lexicon.KINSHIP + lexicon.HONORIFICS) + ")")
_FUNCTION = "向于从在和与及对把被给将已也都就还又很是有为"
#: Characters that are hardly ever part of a given name: particles, verbs, prepositions.
FUNCTION_TAGS = frozenset({"p", "c", "u", "d", "r", "ad", "f"})
NOUN_TAGS = frozenset({"n", "ns", "nz", "nt", "ng", "nrt", "nrfg"})
STOP = set("的了在于因和与及等称说要被把向对从到给让将已未不也都就还又很是有为以驾乘开拒态反投"
           "举表问打来去上下中某先女师阿老同您你我他她它们这那哪其各每个位该此电手号请")
#: Verbs after which a noun-like "name" (王强) is still a name: 当事人王强驾驶.
REPORTING = ("驾驶", "反映", "投诉", "来电", "表示", "举报", "称", "说")


@cache
def _dictionary() -> tuple[dict[str, str], frozenset[str]]:
    """jieba's dictionary file read once (about 3 s): word -> part of speech, and the words
    whose frequency is at least ``_COMMON``.

    Read here rather than through jieba's tokenizers: they also build a prefix dictionary of
    every word's beginnings and load the part-of-speech HMM tables, none of which a detector
    asks for (about 80 MB of a release build). The entries are jieba's own: the last line of a
    word wins, as in ``jieba.posseg`` (tags) and ``jieba.Tokenizer`` (frequencies).
    """
    from importlib.resources import files

    tags: dict[str, str] = {}
    common: set[str] = set()
    names: dict[str, str] = {}  # one string per tag, not one per word
    with (files("jieba") / "dict.txt").open("rb") as handle:
        for raw in handle:
            line = raw.strip().decode("utf-8")
            if not line:
                continue
            word, freq, tag = line.split(" ")
            tags[word] = names.setdefault(tag, tag)
            if int(freq) >= _COMMON:
                common.add(word)
            else:
                common.discard(word)
    return tags, frozenset(common)


def _tags() -> dict[str, str]:
    """jieba's word -> part-of-speech dictionary."""
    return _dictionary()[0]


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _plausible(text: str, i: int) -> bool:
    """Whether the character at ``i`` can continue a given name."""
    if i >= len(text) or not _cjk(text[i]) or text[i] in STOP:
        return False
    if text.startswith(HONORIFICS, i) or text.startswith(VERBS, i):
        return False
    # A character that starts a dictionary word with the next one (驾驶, 乘坐) starts that word,
    # unless a verb follows that character (胡雪平反映: 平反 is a word, 反映 the verb).
    return not (i + 1 < len(text) and text[i:i + 2] in _tags()
                and not text.startswith(VERBS, i + 1))


def _given(text: str, pos: int, strong: bool = False) -> str:
    """The given name after a surname ending at ``pos``: up to two characters."""
    if pos >= len(text) or not _cjk(text[pos]) or (text[pos] in STOP and not strong):
        return ""
    if text.startswith(HONORIFICS, pos) and not strong:
        return ""
    return text[pos] + (text[pos + 1] if _plausible(text, pos + 1) else "")


_ORG = re.compile(r"[^\s，。、；：,.;:!！?？到在和去从与及带坐乘于向对把被给的了是]{0,10}?"
                  r"(?:有限公司|公司|集团|学校|医院|协会|大学|中学|小学|银行|"
                  r"管理局|运输局|交通局|政府|委员会|街道|办事处|派出所|大队|中心|车站|客运站|总站)")
_PLACE_AFTER = set("省市县区镇乡村路街道站港湾岛山河湖")


def _jieba_rejects(text: str, surname: str, start: int, end: int, group: str) -> bool:
    """Whether jieba's dictionary says the surname starts an ordinary word here."""
    tags = _tags()
    rest = text[end:end + 3]
    tag = tags.get(surname + rest[:1])
    if tag is None or tag.startswith("nr"):
        return False
    if group == "t" and tag[:1] in ("m", "n", "a") and (
            text[end + 2:end + 3] in tuple("，,（(、。；;：: ")
            or text.startswith(REPORTING, end + 2)):
        return False  # 当事人许子晨（…: after a role word, a three-character name ends here
    if group != "t" or tag not in NOUN_TAGS:
        return True
    nxt = text[end + 1:end + 2]
    return bool(nxt and _cjk(nxt) and not (text.startswith(REPORTING, end + 1)
                                           or _plausible(text, end + 1)))


#: Characters no given name holds, so a list member with one is a phrase (时间的, 高速上).
_NOT_GIVEN = set("的了是在和与及等于向对从把被给为某们")


def _list_member(text: str, start: int, end: int) -> bool:
    """Whether a member of a list is a name: not a dictionary word (高速, 王府井) unless jieba
    knows it as a person's name, and no particle inside."""
    member = text[start:end]
    if any(ch in _NOT_GIVEN for ch in member[1:]):
        return False
    tags = _tags()
    for word in (member, member[:2], member[1:]):
        tag = tags.get(word)
        if tag is not None and not tag.startswith("nr") and _common(word) and (
                len(word) >= 2):
            return False
    return True


#: jieba's frequency above which a word that starts with a surname is an ordinary word.
_COMMON = 50


def _common(word: str) -> bool:
    """Whether jieba's frequency of ``word`` is at least ``_COMMON``."""
    return word in _dictionary()[1]


def confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    found = _signals(text, match)
    if found is None and match.group("U") is None:
        # A context branch matched here and rejected the candidate: the no-context signal
        # still gets its say at the same position.
        unknown = _UNKNOWN.match(text, match.start())
        if unknown is not None:
            found = _signals(text, unknown)
    if found is not None and (
            text.startswith(_ROLE_WORDS, found[0]) or text.startswith(_PLACES, found[0])
            or text[found[1] - 1] in lexicon.PLACE_SUFFIXES):
        # A role word (申请人), a place of the city (陆丰) or a division (陆河县) that starts
        # with a surname character is no name.
        return None
    return found


def _signals(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    if match.group("U") is not None:
        start, end = match.span("U")
        tags = _tags()
        head, given = text[start:start + 2], text[start + 1:end]
        ok = _list_member(text, start, end) and not _ORG.match(text, start) and not (
            start and text[start - 1] in "省市县区镇乡村路街") and not (
            # no context word: any dictionary word (经查) or a verb in the given name (核实)
            (head in tags and not tags[head].startswith("nr"))
            or tags.get(given[:2], "").startswith("v") or tags.get(given, "").startswith("v"))
        return (start, end) if ok else None
    for group in ("L", "N"):
        if match.group(group) is not None:
            start, end = match.span(group)
            if _list_member(text, start, end):
                return start, end
            rest = _REST.match(text, match.start())
            if rest is None:
                return None
            return _confirm(text, rest)
    return _confirm(text, match)


def _confirm(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    group = next(g for g in _GROUPS if match.group(g) is not None)
    start, end = match.span(group)
    surname = match.group(group)
    rest = text[end:end + 3]
    tags = _tags()
    if rest[:1] == "某":
        return None  # 王某、张某某 are already anonymous
    if start and group not in _STRONG and (
            (text[start - 1] + surname) in tags and not tags[text[start - 1] + surname]
            .startswith("nr")):
        return None  # the surname ends the word before it: 公司办理, 大学, 公路工程
    if group == "h":
        given = match.group()[len(surname):]
        if not given and not text.startswith(FULL_HONORIFICS, end) and (
                surname + text[end] in tags or (start and _cjk(text[start - 1]))):
            return None  # 施工, 陆丰工业区: a one-character title only after a bare surname
        if not given:
            return start, end  # 陈先生
        if any(ch in STOP for ch in given) or not text.startswith(FULL_HONORIFICS,
                                                                  match.end()):
            return (start, end) if text.startswith(HONORIFICS, end) else None
        word = surname + given
        if word in tags and not tags[word].startswith("nr"):
            return None  # 司机师傅, 大家好
        return start, match.end()
    if not rest:
        return None
    if group == "b" and text[start - 1] in "“\"「『‘" and text[end:match.end()] in tags:
        return None  # a quoted term (“双随机”), not a quoted name
    if rest.startswith(HONORIFICS):
        return start, end
    if _ORG.match(text, start) or (start and text[start - 1] in "省市县区镇"
                                   and group not in _STRONG):
        return None  # part of an organisation's or a place's name: 汕尾市陆丰驾驶员培训有限公司
    if len(rest) >= 2 and tags.get(surname + rest[:2], "").startswith("nr"):
        return start, end + 2
    if tags.get(surname + rest[:2], "").startswith("ns") or (
            len(rest) >= 2 and rest[1] in _PLACE_AFTER and group not in _STRONG
            and tags.get(surname + rest[0], "").startswith("ns")):
        return None  # a place: 陆丰, 海丰县
    strong = group in ("s", "c", "g") or (group == "t" and bool(
        _LABELLED.search(text, match.start(), start) or _ANNOUNCING.search(text, match.start(),
                                                                           start)))
    if group == "t" and not _LABELLED.search(text, match.start(), start) and (
            _NOT_NAME.match(text, start)
            or (surname in _FUNCTION and text[start + 1:start + 3] in tags)):
        return None
    if not strong and _jieba_rejects(text, surname, start, end, group):
        return None
    tag = tags.get(surname + rest[0], "")
    if tag.startswith("nr"):  # a known name (姚明), perhaps with one more character (姚明海)
        return start, end + 1 + _plausible(text, end + 1)
    # A surname that is also a function word (于, 向) followed by a verb (关注) is that word.
    if not strong and group not in ("t", "b") and (
            (tags.get(surname, "") in FUNCTION_TAGS and rest[:2] in tags)
                       or tags.get(rest[:2], "").startswith("v")):
        return None
    given = _given(text, end, strong)
    return (start, end + len(given)) if given else None


DETECTOR = Detector(
    name="person_name",
    category="person_name",
    version="6",
    pattern=PATTERN,
    # Any surname of the inventory before a Chinese character: nearly every Chinese text.
    prefilter=SURNAME + _CJK,
    confirm=confirm,
    placeholder="【姓名】",
)


_LIST_SEP = r"[、，,/／\s和及与]{1,2}"
_NEXT = re.compile(_LIST_SEP + "(" + _SURNAME + _CJK + "{1,2}?)(?=[、，,/／\\s和及与等。；;：:]|$)")
_PREV = re.compile("(?:^|(?<=[^\u4e00-\u9fff]))(" + _SURNAME + _CJK + "{1,2})" + _LIST_SEP + "$")


def neighbours(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """More names next to names already found: the rest of a list (张三、李四、司徒明等) and every
    other place the same text repeats a found name. Adjacency to a name is the signal."""
    found = set(spans)
    todo = list(spans)
    while todo:
        start, end = todo.pop()
        name = text[start:end]
        for m in _NEXT.finditer(text, end, min(len(text), end + 8)):
            if m.start() != end:
                break
            cand = m.span(1)
            if cand not in found and not text.startswith(("某",), cand[0] + 1):
                found.add(cand)
                todo.append(cand)
            break
        m2 = _PREV.search(text, max(0, start - 8), start)
        if m2 and m2.span(1) not in found and text[m2.start(1) + 1:m2.end(1)] not in _tags():
            found.add(m2.span(1))
            todo.append(m2.span(1))
        if len(name) >= 2:
            pos = text.find(name)
            while pos >= 0:
                if (pos, pos + len(name)) not in found and not any(
                        s <= pos < e for s, e in found):
                    found.add((pos, pos + len(name)))
                pos = text.find(name, pos + 1)
    return sorted(found - set(spans))
