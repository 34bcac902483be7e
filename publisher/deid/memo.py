"""Bounded memos of per-text results, carried from one chunk of a column to the next.

Each chunk reads each of its distinct texts once; a text that comes back in a later chunk (a
stock phrase of the facts, the same violation, a repeated address) is not read again. A memo
holds at most ``limit`` texts and is emptied when full, so memory stays bounded whatever the
table's size; what it returns is what reading the text again would give, so releases are the
same with or without it.
"""

from __future__ import annotations

from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")

#: Texts a memo holds (a few hundred bytes for a sentence of facts).
LIMIT = 1 << 15


class Memo(dict[K, V]):
    """A dict that empties itself instead of growing past ``limit`` entries."""

    def __init__(self, limit: int = LIMIT) -> None:
        super().__init__()
        self.limit = limit

    def __setitem__(self, key: K, value: V) -> None:
        if len(self) >= self.limit and key not in self:
            self.clear()
        super().__setitem__(key, value)


class Memos:
    """One :class:`Memo` per (use, resource, column), made on first use."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._memos: dict[tuple[str, ...], Memo[Any, Any]] = {}

    def get(self, *key: str) -> Memo[Any, Any]:
        memo = self._memos.get(key)
        if memo is None:
            memo = self._memos[key] = Memo(self.limit)
        return memo
