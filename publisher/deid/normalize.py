"""Text as the detectors read it: NFKC, Chinese numerals as digits, separators people type
between digits (and between the characters of a spaced-out name) removed, with a map from each
character back to its place in the original, so a span found here redacts the right text there.

Two readings are made of a text (see :func:`views`): ``folded`` changes characters one for one
(NFKC, numerals), so two numbers written side by side stay two numbers; ``joined`` also removes
the separators between digit groups and between spaced-out Chinese characters, so
"138．1234．5678", "１３８　１２３４　５６７８" and "郑 小 明" read as one value each.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

#: Chinese numerals (and the 幺 of spoken phone numbers, 〇/○ for zero) as digits.
NUMERALS = str.maketrans({"零": "0", "〇": "0", "○": "0", "洞": "0", "一": "1", "幺": "1",
                          "壹": "1", "二": "2", "两": "2", "贰": "2", "三": "3", "叁": "3",
                          "四": "4", "肆": "4", "五": "5", "伍": "5", "六": "6", "陆": "6",
                          "七": "7", "柒": "7", "拐": "7", "八": "8", "捌": "8", "九": "9",
                          "玖": "9", "勾": "9"})
_NUMERAL_CHARS = "零〇○一幺壹二两贰三叁四肆五伍六陆七柒八捌九玖"
#: A run of numerals (digits may be mixed in, one or two separators between, also the brackets
#: of an area code and the 转 of an extension): at least five characters of which at least three
#: are Chinese, so 一些, 五月, 十一路 and 陆丰 stay words.
_NUMERAL_RUN = re.compile(
    f"[0-9{_NUMERAL_CHARS}](?:[ \u3000.\\-－—·、,，()（）转]{{0,2}}[0-9{_NUMERAL_CHARS}]){{4,}}")
#: What people put between digit groups: spaces, dots, dashes, slashes, commas, brackets, and
#: short phrases ("，后八位", "后面是", "尾号").
SEPARATOR = (r"(?:[\s.\-－—–_·•/\\,，、:：()（）\[\]|｜]"
             r"|(?:开头|打头|之后|然后|接着|接下来|剩下的?|其余的?|最后|末尾|末|尾数|尾号|中间|再|转"
             r"|(?:最|再)?后面?)(?:的)?(?:[0-9一二三四五六七八九十]位)?(?:数字|号码)?(?:是|为)?"
             r"|[0-9一二三四五六七八九十]位(?:数字|号码)?(?:是|为)?|是|为)")
_BETWEEN_DIGITS = re.compile(f"(?<=[0-9])(?:{SEPARATOR}){{1,6}}(?=[0-9])")
_BETWEEN_CJK = re.compile(r"(?<=[\u4e00-\u9fff])[ \t]{1,2}(?=[\u4e00-\u9fff])")
_PLAIN = re.compile(r"[\x00-\x7f\u4e00-\u9fff，。、；：？！“”（）《》【】…—]*")


@dataclass(frozen=True)
class Normalised:
    """A reading of a text and, for each of its characters, the index it came from."""

    text: str
    #: a ``range`` when every character stayed where it was (most texts: 8 bytes a character
    #: less in the cache of :func:`folded`)
    origin: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original (start, end) of the characters start..end of this reading."""
        return self.origin[start], self.origin[end - 1] + 1


class _Nfkc(dict[int, str]):
    """Code point -> its NFKC form (the ideographic space as a plain space), filled on first
    sight of each character: a text is normalised by one ``str.translate``."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        norm = ch if ch.isascii() else unicodedata.normalize("NFKC", ch)
        out = " " if norm == "\u3000" else norm
        self[code] = out
        return out


_NFKC = _Nfkc()


def _nfkc(text: str) -> tuple[str, range | list[int]]:
    if _PLAIN.fullmatch(text):
        return text, range(len(text))
    norm = text.translate(_NFKC)
    if len(norm) == len(text):  # no character expands (none normalises to nothing)
        return norm, range(len(text))
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        norm = ch if ch.isascii() else unicodedata.normalize("NFKC", ch)
        if norm == "\u3000":
            norm = " "
        out.append(norm)
        origin.extend([i] * len(norm))
    return "".join(out), origin


def _numerals(text: str) -> str:
    def convert(match: re.Match[str]) -> str:
        run = match.group()
        if sum(ch in _NUMERAL_CHARS for ch in run) < 3:
            return run
        return run.translate(NUMERALS)

    return _NUMERAL_RUN.sub(convert, text) if _ANY_NUMERAL.search(text) else text


_ANY_NUMERAL = re.compile(f"[{_NUMERAL_CHARS}]")


def _remove(text: str, origin: list[int], pattern: re.Pattern[str]) -> tuple[str, list[int]]:
    keep_text: list[str] = []
    keep_origin: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        keep_text.append(text[last:match.start()])
        keep_origin.extend(origin[last:match.start()])
        last = match.end()
    if not keep_text:
        return text, origin
    keep_text.append(text[last:])
    keep_origin.extend(origin[last:])
    return "".join(keep_text), keep_origin


@lru_cache(maxsize=65536)
def folded(text: str) -> Normalised:
    """NFKC and Chinese numerals, position for position with the NFKC text (cached: linking
    reads each text once for every personal value of its row)."""
    norm, origin = _nfkc(text)
    return Normalised(_numerals(norm), origin if isinstance(origin, range) else tuple(origin))


def joined(reading: Normalised) -> Normalised:
    """A folded reading with the separators between digit groups and between spaced-out
    Chinese characters removed."""
    text, origin = _remove(reading.text, list(reading.origin), _BETWEEN_DIGITS)
    text, origin = _remove(text, origin, _BETWEEN_CJK)
    return Normalised(text, tuple(origin))


def views(text: str) -> list[Normalised]:
    """The readings the detectors run on: folded, and joined when it differs."""
    first = folded(text)
    second = joined(first)
    return [first] if second.text == first.text else [first, second]


def digit_projection(text: str) -> tuple[str, tuple[int, ...]]:
    """Only the digits of a folded text (and a check X), with their original indices: what a
    number looks like whatever was typed between its digits."""
    return _digit_projection(text)


@lru_cache(maxsize=65536)
def _digit_projection(text: str) -> tuple[str, tuple[int, ...]]:
    reading = folded(text)
    found = [(m.start(), m.group()) for m in _DIGIT_OR_X.finditer(reading.text)]
    return ("".join(ch for _, ch in found).upper(),
            tuple(reading.origin[i] for i, _ in found))


@lru_cache(maxsize=65536)
def digits_only(text: str) -> str:
    """The digits of :func:`digit_projection` without their indices (one C substitution, no
    Python loop): enough to tell that a number is not in a text, the usual case."""
    return _NOT_DIGIT_OR_X.sub("", folded(text).text).upper()


_DIGIT_OR_X = re.compile(r"[0-9Xx]")
_NOT_DIGIT_OR_X = re.compile(r"[^0-9Xx]")
