"""A first-character look-ahead for a regular expression: ``(?=[...])`` of every character a
match can start with, put before the pattern so that a search rejects the positions where no
match can start with one character-set test, instead of entering every branch there.

The set is derived from the parsed pattern (the standard library's own parser), so it cannot
drift from the pattern: literals, character sets and their ranges and classes (``\\d`` stays
``\\d``, Unicode as in the pattern), through groups, optional and repeated parts, branches and
zero-width assertions (a look-behind or ``^`` before the first character does not consume it).
Where the start cannot be bounded (``.``, a negated set, a back-reference, a case-insensitive
part, a pattern that may match the empty string) the pattern is returned unchanged. A match of
the prefixed pattern is a match of the pattern, same span, same groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse
from typing import Any

_CATEGORY = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D",
             sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_NOT_SPACE: r"\S",
             sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W"}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}


class _Unbounded(Exception):
    """The first character of a match cannot be put in a character set."""


@dataclass
class _First:
    """Characters (code points), ranges and class escapes a match may start with."""

    chars: set[int] = field(default_factory=set)
    ranges: set[tuple[int, int]] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)

    def add(self, other: _First) -> None:
        self.chars |= other.chars
        self.ranges |= other.ranges
        self.classes |= other.classes

    def character_set(self) -> str:
        points = sorted(self.chars)
        parts: list[str] = []
        i = 0
        while i < len(points):  # runs of consecutive code points as ranges: a shorter set
            j = i
            while j + 1 < len(points) and points[j + 1] == points[j] + 1:
                j += 1
            if j - i < 2:  # one or two characters: as they are
                parts += [_esc(p) for p in points[i:j + 1]]
            else:
                parts.append(f"{_esc(points[i])}-{_esc(points[j])}")
            i = j + 1
        parts += [f"{_esc(lo)}-{_esc(hi)}" for lo, hi in sorted(self.ranges)]
        parts += sorted(self.classes)
        return "[" + "".join(parts) + "]"


def _esc(code: int) -> str:
    ch = chr(code)
    return "\\" + ch if ch in "\\]^-[" else re.escape(ch) if not ch.isprintable() else ch


def _sequence(items: Any, flags: int) -> tuple[_First, bool]:
    """What a sequence of parsed items may start with, and whether it may match nothing."""
    out = _First()
    for op, av in items:
        first, nullable = _item(op, av, flags)
        out.add(first)
        if not nullable:
            return out, False
    return out, True


def _item(op: Any, av: Any, flags: int) -> tuple[_First, bool]:
    if flags & re.IGNORECASE:
        raise _Unbounded
    if op is sre.LITERAL:
        return _First(chars={av}), False
    if op is sre.IN:
        first = _First()
        for kind, value in av:
            if kind is sre.LITERAL:
                first.chars.add(value)
            elif kind is sre.RANGE:
                first.ranges.add(value)
            elif kind is sre.CATEGORY and value in _CATEGORY:
                first.classes.add(_CATEGORY[value])
            else:  # a negated set, or anything new
                raise _Unbounded
        return first, False
    if op is sre.BRANCH:
        first, nullable = _First(), False
        for alternative in av[1]:
            part, empty = _sequence(alternative, flags)
            first.add(part)
            nullable = nullable or empty
        return first, nullable
    if op is sre.SUBPATTERN:
        _, add_flags, _, pattern = av
        return _sequence(pattern, flags | add_flags)
    if op in _REPEATS:
        low, _, pattern = av
        first, nullable = _sequence(pattern, flags)
        return first, nullable or low == 0
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(av, flags)
    if op in _ZERO_WIDTH:
        return _First(), True
    raise _Unbounded  # ., a negated literal, a back-reference, a conditional


def first_characters(pattern: str) -> str | None:
    """The character set a match of ``pattern`` starts with, or None when it is unbounded."""
    parsed = sre_parse.parse(pattern)
    try:
        first, nullable = _sequence(parsed, parsed.state.flags)
    except _Unbounded:
        return None
    if nullable or not (first.chars or first.ranges or first.classes):
        return None
    return first.character_set()


def with_lookahead(pattern: str) -> str:
    """``pattern`` behind the look-ahead of its first characters (unchanged if unbounded)."""
    chars = first_characters(pattern)
    return pattern if chars is None else f"(?={chars})(?:{pattern})"
