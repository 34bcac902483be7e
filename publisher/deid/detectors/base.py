"""What a detector is: a regular expression, a confirmation step and the category it finds."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from publisher.deid.lookahead import with_lookahead

#: Digits as people type them: ASCII and full-width. Python's ``\d`` already matches both, but
#: the RE2 prefilters (pyarrow) need them spelled out.
RE2_DIGIT = "[0-9０-９]"
#: Neither side of a number may touch another letter or digit (ASCII or full-width).
NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])"
NOT_ALNUM_AFTER = r"(?![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])"
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
)

#: ``confirm(text, match)`` returns the (start, end) of the identifier, which may be narrower
#: than the match (a name after its context word), or None when the candidate is rejected.
Confirm = Callable[[str, re.Match[str]], tuple[int, int] | None]


def ascii_fold(text: str) -> str:
    """Full-width digits and Latin letters as ASCII; same length, so positions still hold."""
    return text.translate(_FULLWIDTH)


def digits_of(text: str) -> str:
    """The ASCII digits (and a trailing X) of a number written with separators or full-width."""
    return "".join(ch for ch in ascii_fold(text) if ch.isascii() and (ch.isdigit() or ch in "Xx"))


def _whole(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    return match.span()


@dataclass(frozen=True)
class Detector:
    """One kind of identifier.

    ``pattern`` is a Python regular expression that must not define named groups (detectors are
    combined into one alternation); ``prefilter`` is an RE2 expression (pyarrow) that every text
    holding a candidate matches, so rows without one are skipped without Python code.
    ``public`` detectors recognise organisations' identifiers: what they match is never flagged
    and never taken by a personal detector.
    """

    name: str
    category: str
    version: str
    pattern: str
    prefilter: str
    confirm: Confirm = _whole
    public: bool = False
    placeholder: str = ""
    compiled: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Behind its first-character look-ahead: a search skips the positions where no match
        # can start at the cost of one character-set test (same matches, same groups).
        object.__setattr__(self, "compiled", re.compile(with_lookahead(self.pattern)))
