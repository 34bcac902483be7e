"""A set of a dataset's distinct personal values that stays small however many there are.

The de-identification's first pass collects every distinct value of the linked personal columns
(names, phones, ID numbers...) and the second searches every text for them. A table with a
person of its own on each row has millions: as Python strings, their frozen copies and
Aho-Corasick automata they take gigabytes. :class:`ValueSet` holds the strings while they are
few (up to :data:`LIMIT`) and, past that, one sorted array of 64-bit keys (8 bytes a value),
with the lengths and first characters present, so that a text is searched by looking up the
keys of its windows of those lengths that start with one of those characters.

A key is exact for what these columns mostly hold (a string of up to 19 ASCII digits, a CJK name
of up to four characters) and a keyed BLAKE2b digest of 8 bytes otherwise. Two strings may share
a key only if one is a digest: a text's window then matches a value it is not, which can only
add a redaction or a finding; a value that is there is always found.

Kept apart from publisher.deid so the independent residual scan can use it and still import
nothing of the detectors'.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from hashlib import blake2b
from typing import Any

import numpy as np

#: Distinct values kept as strings; past this many, as keys (above the 50,000 distinct rows
#: bench.deidentify tiles, which stay on the faster automata).
LIMIT = 65_536
#: Fixed (not secret): a collision can only cause an extra redaction, never a miss.
_DIGEST_KEY = b"publisher.valueset.v1"
_EMPTY = np.empty(0, dtype=np.uint64)
_TOP = 1 << 64
_TENS = [10 ** k for k in range(20)]


def _prime_from(n: int) -> int:
    """The least prime >= n (n odd or even, a few hundred million at most)."""
    n |= 1
    while any(n % d == 0 for d in range(3, int(n ** 0.5) + 1, 2)):
        n += 2
    return n


def key_of(text: str) -> int:
    """The 64-bit key of a string (exact for digits and short CJK names, else a digest)."""
    if text.isascii():
        if text.isdigit():
            key = int("1" + text)  # the leading 1 keeps leading zeros apart
            if key < _TOP:
                return key
    elif len(text) <= 4 and all("\u4e00" <= ch <= "\u9fff" for ch in text):
        key = 1  # 15 bits a character after a marker bit: the length is part of the key
        for ch in text:
            key = (key << 15) | (ord(ch) - 0x4E00)
        return key
    digest = blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8, key=_DIGEST_KEY)
    return int.from_bytes(digest.digest(), "little")


class ValueSet:
    """Distinct strings, exact while there are at most :data:`LIMIT`, as keys past that
    (picklable; ``update`` folds in more)."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        #: the strings while few, None once kept as keys
        self.strings: set[str] | None = set(values)
        self.keys = _EMPTY  # sorted, distinct
        self.lengths: set[int] = set()
        self.first: set[str] = set()
        self._pending: list[np.ndarray[Any, np.dtype[np.uint64]]] = []
        self._pending_size = 0
        self._spill()

    @property
    def exact(self) -> bool:
        return self.strings is not None

    def update(self, values: ValueSet | Iterable[str]) -> ValueSet:
        if isinstance(values, ValueSet):
            if values.strings is None:
                self._to_keys()
                values._merge()
                self._add_keys(values.keys, values.lengths, values.first)
                return self
            values = values.strings
        if self.strings is not None:
            self.strings.update(values)
            self._spill()
        else:
            self._add_strings(values)
        return self

    def settled(self) -> ValueSet:
        """This set with every pending key merged (before it is searched or shipped)."""
        self._merge()
        return self

    def __len__(self) -> int:
        if self.strings is not None:
            return len(self.strings)
        self._merge()
        return len(self.keys)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[str]:
        """The strings (only while exact)."""
        if self.strings is None:
            raise TypeError("a ValueSet kept as keys has no strings")
        return iter(self.strings)

    def __contains__(self, text: object) -> bool:
        if not isinstance(text, str):
            return False
        if self.strings is not None:
            return text in self.strings
        return bool(self.present([key_of(text)])[0])

    def present(self, keys: list[int]) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Which of ``keys`` are keys of the set (kept as keys)."""
        return self._present(np.array(keys, dtype=np.uint64))

    def _present(self, wanted: np.ndarray[Any, np.dtype[np.uint64]]
                 ) -> np.ndarray[Any, np.dtype[np.bool_]]:
        self._merge()
        if not len(self.keys):
            return np.zeros(len(wanted), dtype=bool)
        at = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        found: np.ndarray[Any, np.dtype[np.bool_]] = self.keys[at] == wanted
        return found

    def found_in(self, text: str, clipped: bool = False) -> list[tuple[int, int]]:
        """(start, length) of each window of ``text`` that is a value of the set (kept as
        keys), by start then length: the windows of the lengths present starting with a first
        character present. ``clipped``: windows running past the end are cut there, as a
        slice is, and looked up too."""
        bits, modulus = self._filter()
        digits = text.isascii() and text.isdigit()  # a number's key is read, not computed
        starts: list[int] = []
        sizes: list[int] = []
        keys: list[int] = []
        end = len(text)
        first = self.first
        lengths = sorted(self.lengths)
        for i, ch in enumerate(text):
            if ch in first:
                for k in lengths:
                    if i + k > end and not clipped:
                        break
                    key = (_TENS[k] + int(text[i:i + k]) if digits and k < 19 and i + k <= end
                           else key_of(text[i:i + k]))
                    at = key % modulus
                    if bits[at >> 3] >> (at & 7) & 1:  # most windows stop here
                        starts.append(i)
                        sizes.append(k)
                        keys.append(key)
        if not keys:
            return []
        return [(starts[j], sizes[j]) for j in np.flatnonzero(self.present(keys)).tolist()]

    def _filter(self) -> tuple[bytes, int]:
        """A bitmap of the keys (about 32 bits a key, a key's bit at its remainder by a prime):
        a window whose bit is clear is no value, without a look-up in the array. Made on first
        use, not pickled."""
        made: tuple[bytes, int] | None = self.__dict__.get("_bits")
        if made is None:
            self._merge()
            modulus = _prime_from(max(1 << 16, 32 * len(self.keys)))
            marked = np.zeros(modulus, dtype=bool)
            marked[(self.keys % np.uint64(modulus)).astype(np.int64)] = True
            made = (np.packbits(marked, bitorder="little").tobytes(), modulus)
            self.__dict__["_bits"] = made
        return made

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ValueSet):
            return NotImplemented
        if self.strings is not None and other.strings is not None:
            return self.strings == other.strings
        mine, theirs = ValueSet().update(self), ValueSet().update(other)
        mine._to_keys()
        theirs._to_keys()
        return bool(np.array_equal(mine.settled().keys, theirs.settled().keys)
                    and mine.lengths == theirs.lengths and mine.first == theirs.first)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __getstate__(self) -> dict[str, Any]:
        self._merge()
        return {k: v for k, v in self.__dict__.items() if k != "_bits"}

    # Keeping keys ---------------------------------------------------------------------------

    def _spill(self) -> None:
        if self.strings is not None and len(self.strings) > LIMIT:
            self._to_keys()

    def _to_keys(self) -> None:
        if self.strings is None:
            return
        strings, self.strings = self.strings, None
        self._add_strings(strings)

    def _add_strings(self, values: Iterable[str]) -> None:
        values = list(values)
        if not values:
            return
        self.lengths.update({len(v) for v in values})
        self.first.update({v[0] for v in values if v})
        keys = np.fromiter((key_of(v) for v in values), dtype=np.uint64, count=len(values))
        self._add_keys(keys, set(), set())

    def _add_keys(self, keys: np.ndarray[Any, np.dtype[np.uint64]], lengths: set[int],
                  first: set[str]) -> None:
        self.lengths |= lengths
        self.first |= first
        self._pending.append(keys)
        self._pending_size += len(keys)
        if self._pending_size > max(LIMIT, len(self.keys)):  # merged now and then, not per chunk
            self._merge()

    def _merge(self) -> None:
        if self._pending:
            self.__dict__.pop("_bits", None)
            self.keys = np.unique(np.concatenate([self.keys, *self._pending]))
            self._pending, self._pending_size = [], 0
