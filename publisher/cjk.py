"""Undo what YAML line folding does to Chinese text.

A folded scalar (``>-``) joins its lines with a space, which is right between Latin words and
wrong in Chinese: a line break between two Chinese characters, or after 、 and 。, becomes a
stray space. This removes whitespace that touches full-width punctuation or that separates two
CJK characters, and leaves every other space (between Latin words, around numbers) alone.
"""

from __future__ import annotations

import re

_IDEO = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
# CJK symbols and punctuation (、。「」《》…) and the full-width forms (，：；（）).
_PUNCT = "\u3000-\u303f\uff00-\uffef"
# Quotes, dashes and ellipses shared with Latin text count as Chinese only beside a character.
_SHARED = "\u2014\u2026\u2018\u2019\u201c\u201d"
_BETWEEN = re.compile(rf"(?<=[{_IDEO}])[ \t\n]+(?=[{_IDEO}{_PUNCT}{_SHARED}])"
                      rf"|(?<=[{_IDEO}{_PUNCT}{_SHARED}])[ \t\n]+(?=[{_IDEO}])")
_AFTER = re.compile(rf"(?<=[{_PUNCT}])[ \t\n]+")
_BEFORE = re.compile(rf"[ \t\n]+(?=[{_PUNCT}])")


def unfold(text: str) -> str:
    """``text`` without the spaces line folding put between CJK characters and punctuation."""
    return _BEFORE.sub("", _AFTER.sub("", _BETWEEN.sub("", text)))
