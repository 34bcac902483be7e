"""Row-level linking: a personal value of a row is removed wherever else that row repeats it, in
whatever form (a name as 柯女士 or 朱某 or split by a space, a phone with separators, in numerals
or as 尾号5678, an ID number grouped), and names also wherever the dataset repeats them.

Detectors find what looks like an identifier; linking finds what *is* one because the row says
so, however it is written. Values of fields lawfully kept (an exempt party name) are public and
are not linked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from publisher import lexicon
from publisher.deid.normalize import digit_projection, digits_only, folded
from publisher.valueset import ValueSet

#: Categories linked by their digits, wherever separators and numerals put them.
_DIGITS = frozenset({"phone", "id_number", "bank_card"})
_TAIL = re.compile(r"(?:尾号|尾数|后四位|末四位|后4位|末4位)(?:是|为|[:：])?\s*$")
#: What every match of _TAIL holds.
_TAIL_WORD = re.compile(r"尾号|尾数|后四位|末四位|后4位|末4位")
#: The first characters of _TAIL_WORD: no other character has them in its NFKC form, so a text
#: without one has no _TAIL in its folded reading either.
_TAIL_CHAR = re.compile("[尾后末]")
_PLATE_SEP = re.compile(r"[\s·•・.\-]")
_NOT_ASCII_DIGIT = re.compile(r"[^0-9]")
PLACEHOLDERS = {"person_name": "【姓名】", "phone": "【手机号】", "id_number": "【身份证号】",
                "bank_card": "【银行卡号】", "plate": "【车牌号】", "email": "【邮箱】",
                "address": "【地址】", "birth_date": "【出生日期】"}
#: Shortest values worth linking: a one-character "name" or a four-digit number says nothing.
MIN_DIGITS = 7


@dataclass(frozen=True)
class Value:
    """One personal value of a row: its category and text."""

    category: str
    text: str


def _national(d: str) -> str:
    if d.startswith("0086"):
        return d[4:]
    if d.startswith("86") and len(d) == 13:
        return d[2:]
    return d


_TITLES = re.compile(lexicon.alternation(lexicon.HONORIFICS + ("某某", "某")))


@lru_cache(maxsize=65536)
def _name_pattern(name: str) -> tuple[re.Pattern[str], str] | None:
    """The full name, perhaps spaced out, and its surname (for 柯女士, 朱某)."""
    name = re.sub(r"\s+", "", name)
    if len(name) < 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in name):
        return None
    return re.compile(r"\s?".join(re.escape(ch) for ch in name)), lexicon.surname_of(name)


@lru_cache(maxsize=65536)
def _wanted_digits(value: str) -> str:
    """The national digits of a personal number, as linking looks for them."""
    return _national(digits_only(value))


def spans(value: Value, text: str) -> list[tuple[int, int]]:
    """Where ``text`` repeats ``value`` in any of its forms."""
    out: list[tuple[int, int]] = []
    if value.category == "person_name":
        found = _name_pattern(value.text)
        if found is not None:
            pattern, surname = found
            out += [m.span() for m in pattern.finditer(text)]
            pos = text.find(surname)
            while pos >= 0:
                title = _TITLES.match(text, pos + len(surname))
                if title:
                    out.append((pos, title.end()))
                pos = text.find(surname, pos + 1)
    elif value.category in _DIGITS:
        want = _wanted_digits(value.text)
        if len(want) < MIN_DIGITS:
            return out
        if want in digits_only(text):  # the indices only when the number is there
            digits, origin = digit_projection(text)
            start = digits.find(want)
            while start >= 0:
                out.append((origin[start], origin[start + len(want) - 1] + 1))
                start = digits.find(want, start + 1)
        tail = want[-4:]
        reading = folded(text)
        for start, end in _literal(tail, reading.text):
            if _TAIL.search(reading.text, 0, start):
                out.append(reading.span(start, end))
    elif value.category == "plate":
        want = _PLATE_SEP.sub("", folded(value.text).text).upper()
        if len(want) >= 6:
            reading = folded(text)
            # The plate's digits, in a row, among the text's: a cheap test before the walk
            # over every character (separators and case hold no digit).
            if _NOT_ASCII_DIGIT.sub("", want) in _NOT_ASCII_DIGIT.sub("", reading.text):
                upper = reading.text.upper()
                if len(upper) == len(reading.text) and not _PLATE_SEP.search(reading.text):
                    # No separator and no character that upper-cases to two: the walk
                    # below would keep every character where it is.
                    start = upper.find(want)
                    while start >= 0:
                        out.append(reading.span(start, start + len(want)))
                        start = upper.find(want, start + 1)
                    return out
                chars = [(i, ch.upper()) for i, ch in enumerate(reading.text)
                         if not _PLATE_SEP.match(ch)]
                joined = "".join(ch for _, ch in chars)
                start = joined.find(want)
                while start >= 0:
                    out.append(reading.span(chars[start][0],
                                            chars[start + len(want) - 1][0] + 1))
                    start = joined.find(want, start + 1)
    elif value.category == "email":
        want = folded(value.text).text.strip().lower()
        if "@" in want:
            reading = folded(text)
            low = reading.text.lower()
            local = want.split("@")[0]
            if local in low:  # compiling the pattern costs more than this look-up
                for m in re.finditer(re.escape(local) + r"\s*(?:@|\(at\)|\[at\]|\sat\s|#)",
                                     low):
                    out.append(reading.span(m.start(), min(len(low), m.end() + 24)))
            start = low.find(want)
            while start >= 0:
                out.append(reading.span(start, start + len(want)))
                start = low.find(want, start + 1)
    elif len(value.text.strip()) >= 4:  # addresses, dates: the value as written
        want = value.text.strip()
        for part in {want, re.sub(r"^(?:广东省)?(?:汕尾市)?", "", want)}:
            if len(part) >= 4:
                out += _literal(part, text)
    return out


def _literal(needle: str, text: str) -> list[tuple[int, int]]:
    """Where ``needle`` occurs in ``text``, left to right, not overlapping (what finditer of
    the escaped needle gives, without compiling a pattern for every value of a dataset)."""
    out: list[tuple[int, int]] = []
    start = text.find(needle)
    while start >= 0:
        out.append((start, start + len(needle)))
        start = text.find(needle, start + len(needle))
    return out


def remove(text: str, found: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, category) replaced by its placeholder."""
    pieces: list[str] = []
    last = 0
    for start, end, category in sorted(found):
        if start < last:
            if end > last:
                last = end
            continue
        pieces.append(text[last:start])
        pieces.append(PLACEHOLDERS.get(category, "【个人信息】"))
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def link_rows(released: pd.DataFrame, source: pd.DataFrame, personal: dict[str, str],
              targets: list[str],
              memo_of: Callable[[str], dict[Any, tuple[str | None, Counter[str]]]] | None = None
              ) -> tuple[pd.DataFrame, Counter[str]]:
    """Remove each row's personal values (column -> category in ``personal``, read from
    ``source``) from that row's ``targets`` columns of ``released``. ``memo_of`` gives a
    target's memo of (text, the row's cells of the personal columns) -> (linked text or None,
    counts) from earlier chunks."""
    counts: Counter[str] = Counter()
    if not personal or not targets:
        return released, counts
    out = released.copy()
    cols = [c for c in personal if c in source.columns]
    values = source[cols].to_numpy(dtype=object) if cols else None
    if values is None:
        return released, counts
    factorized = [pd.factorize(source[c].to_numpy(dtype=object)) for c in cols]
    keys = [codes for codes, _ in factorized]
    needles = [_Needles(personal[c], uniques) for c, (_, uniques) in zip(cols, factorized,
                                                                           strict=True)]
    for target in targets:
        texts = out[target].to_numpy(dtype=object).copy()
        text_codes, text_uniques = pd.factorize(texts)
        # Rows with the same text and the same personal values are linked once.
        codes = _combined([text_codes, *keys])
        firsts = np.unique(codes, return_index=True)[1]
        readings = _Readings(text_uniques)
        # Only combinations whose text holds what a value's forms all contain (the digits of
        # a number, the first character of a name) are read: in most none is.
        maybe = np.zeros(len(firsts), dtype=bool)
        for c, key, needle in zip(cols, keys, needles, strict=True):
            if c != target:
                maybe |= needle.maybe_in(readings, text_codes[firsts], key[firsts])
        result = np.empty(len(firsts), dtype=object)
        changed = np.zeros(len(firsts), dtype=bool)
        found_in: dict[int, Counter[str]] = {}
        memo = memo_of(target) if memo_of is not None else None
        for n in np.flatnonzero(maybe).tolist():
            i = int(firsts[n])
            text = texts[i]
            row = tuple(Value(personal[c], str(v)) for c, v in zip(cols, values[i], strict=True)
                        if isinstance(v, str) and v.strip() and c != target)
            if not row:
                continue
            # The row's cells as they are (their columns and categories are the memo's own)
            # key the memo: a tuple of references, not of new objects.
            memo_key = (text, tuple(values[i].tolist()))
            known = memo.get(memo_key) if memo is not None else None
            if known is None:
                found = [(s, e, v.category) for v in row for s, e in spans(v, text)]
                known = ((remove(text, found), Counter(c for _, _, c in found)) if found
                         else _UNLINKED)
                if memo is not None:
                    memo[memo_key] = known
            if known[0] is not None:
                result[n] = known[0]
                changed[n] = True
                found_in[n] = known[1]
        if changed.any():
            rows = np.flatnonzero(changed[codes])
            texts[rows] = result[codes[rows]]
            times = np.bincount(codes, minlength=len(firsts))
            for n, counter in found_in.items():
                for category, k in counter.items():
                    counts[category] += k * int(times[n])
        out[target] = texts
    return out, counts


_UNLINKED: tuple[None, Counter[str]] = (None, Counter())  # shared: never changed

#: What a text must hold, in which reading, for :func:`spans` to find a value of a category.
_KINDS = {"person_name": ("text",), "phone": ("digits", "reading"),
          "id_number": ("digits", "reading"), "bank_card": ("digits", "reading"),
          "plate": ("plate_digits",), "email": ("lower",)}
_STRING: Any = np.dtypes.StringDType()  # type: ignore[attr-defined]  # numpy 2 (no stub)


@lru_cache(maxsize=65536)
def _needles_of(category: str, value: str) -> tuple[str, ...]:
    """Substrings every span :func:`spans` finds for the value implies in the readings of
    ``_KINDS`` (the text as written for other categories); () when it finds none anywhere."""
    if category == "person_name":
        found = _name_pattern(value)
        # The name, spaced or not, and the surname before a title all begin with its first
        # character.
        return () if found is None else (re.sub(r"\s+", "", value)[0],)
    if category in _DIGITS:
        want = _wanted_digits(value)
        return () if len(want) < MIN_DIGITS else (want, want[-4:])
    if category == "plate":
        want = _PLATE_SEP.sub("", folded(value).text).upper()
        return () if len(want) < 6 else (_NOT_ASCII_DIGIT.sub("", want),)
    if category == "email":
        want = folded(value).text.strip().lower()
        return () if "@" not in want else (want.split("@")[0],)
    want = value.strip()
    if len(want) < 4:
        return ()
    part = re.sub(r"^(?:广东省)?(?:汕尾市)?", "", want)
    return (part if len(part) >= 4 else want,)  # the value holds the part


class _Needles:
    """The needles of a column's distinct values (all of one category)."""

    def __init__(self, category: str, uniques: Any) -> None:
        self.kinds = _KINDS.get(category, ("text",))
        found = [_needles_of(category, v) if isinstance(v, str) else () for v in uniques]
        self.any = np.array([bool(n) for n in found], dtype=bool)
        self.needles = [np.array([n[k] if n else "" for n in found], dtype=_STRING)
                        for k in range(len(self.kinds))]

    def maybe_in(self, readings: _Readings, text_codes: np.ndarray[Any, Any],
                 value_codes: np.ndarray[Any, Any]) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """For each (text, value) pair of codes: whether the text may hold the value."""
        out = np.zeros(len(text_codes), dtype=bool)
        if not len(self.any):
            return out
        known = (value_codes >= 0) & (text_codes >= 0)
        known[known] = self.any[value_codes[known]] & readings.worth[text_codes[known]]
        for kind, needles in zip(self.kinds, self.needles, strict=True):
            # Only the texts long enough for the shortest needle (and, for a number's last
            # four digits, holding a word such as 尾号 before them) are searched.
            pairs = np.flatnonzero(known)
            pairs = pairs[readings.long_enough(kind, self.shortest(kind))[text_codes[pairs]]]
            if len(pairs):
                out[pairs] |= np.strings.find(readings.of(kind)[text_codes[pairs]],
                                              needles[value_codes[pairs]]) >= 0
        return out

    def shortest(self, kind: str) -> int:
        lengths = np.strings.str_len(self.needles[self.kinds.index(kind)])[self.any]
        return int(lengths.min(initial=0))


class _Readings:
    """The readings of a target's distinct texts, made when a kind is first asked for."""

    def __init__(self, uniques: Any) -> None:
        self.texts = [t if isinstance(t, str) and t.strip() else "" for t in uniques]
        self.worth = np.array([bool(t) for t in self.texts] or [False], dtype=bool)
        self._made: dict[str, np.ndarray[Any, Any]] = {}
        self._long: dict[tuple[str, int], np.ndarray[Any, np.dtype[np.bool_]]] = {}

    def long_enough(self, kind: str, shortest: int) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Which texts' ``kind`` reading may hold a needle of ``shortest`` characters."""
        made = self._long.get((kind, shortest))
        if made is None:
            made = np.strings.str_len(self.of(kind)) >= shortest
            if kind == "reading":  # a last-four match needs _TAIL before it
                made &= np.array([_TAIL_WORD.search(t) is not None
                                  for t in self.of(kind).tolist()], dtype=bool)
            self._long[(kind, shortest)] = made
        return made

    def of(self, kind: str) -> np.ndarray[Any, Any]:
        made = self._made.get(kind)
        if made is None:
            if kind == "text":
                made_list = self.texts
            elif kind == "digits":
                made_list = [digits_only(t) for t in self.texts]
            elif kind == "reading":  # only read for the last four where a _TAIL may stand
                made_list = [folded(t).text if _TAIL_CHAR.search(t) else "" for t in self.texts]
            elif kind == "plate_digits":
                # digits_only keeps the folded text's 0-9 and X (x made upper): without the X
                # it is the text's ASCII digits, from the digits reading made once.
                made = self._made[kind] = np.strings.replace(self.of("digits"), "X", "")
                return made
            else:  # lower
                made_list = [folded(t).text.lower() for t in self.texts]
            made = self._made[kind] = np.array(made_list or [""], dtype=_STRING)
        return made


def _combined(columns: list[np.ndarray[Any, np.dtype[np.intp]]]
              ) -> np.ndarray[Any, np.dtype[np.intp]]:
    """One code per distinct combination of the columns' codes (numbered in order of first
    appearance): the columns are folded in one at a time, renumbered after each."""
    codes = columns[0].astype(np.int64)
    for column in columns[1:]:
        width = int(column.max(initial=-1)) + 2  # -1 (missing) becomes 0
        codes = pd.factorize(codes * width + (column.astype(np.int64) + 1))[0]
    return codes.astype(np.intp)


def usable_names(names: Iterable[str]) -> set[str]:
    """The names :class:`NameIndex` looks for: spaces dropped, two to six CJK characters."""
    return {n for n in (re.sub(r"\s+", "", x) for x in names)
            if 2 <= len(n) <= 6 and all("\u4e00" <= ch <= "\u9fff" for ch in n)}


class NameIndex:
    """Every name of a dataset's name fields, found in any text by set look-ups (of the
    names' keys when a :class:`ValueSet` keeps them as keys)."""

    def __init__(self, names: Iterable[str] | ValueSet) -> None:
        self.keyed = names if isinstance(names, ValueSet) and not names.exact else None
        if self.keyed is not None:  # usable names already (the first pass kept only those)
            self.names: set[str] | ValueSet = self.keyed
            self.lengths = sorted(self.keyed.lengths, reverse=True)
            self.first = set(self.keyed.first)
        else:
            self.names = usable_names(names)
            self.lengths = sorted({len(n) for n in self.names}, reverse=True)
            self.first = {n[0] for n in self.names}

    def find(self, text: str) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        # Keyed: every window's look-up at once, then the same walk over the hits.
        hits = None if self.keyed is None else set(self.keyed.found_in(text, clipped=True))
        i = 0
        while i < len(text):
            if text[i] in self.first:
                for k in self.lengths:
                    if ((i, k) in hits) if hits is not None else (text[i:i + k] in self.names):
                        out.append((i, i + k, "person_name"))
                        i += k - 1
                        break
            i += 1
        return out

    def redact_series(self, values: pd.Series,
                      memo: dict[str, tuple[str, int]] | None = None) -> tuple[pd.Series, int]:
        """The column with every name of the index replaced, and how many; ``memo`` (text ->
        both) carries the texts of earlier chunks."""
        if not self.names:
            return values, 0
        texts = values.to_numpy(dtype=object).copy()
        codes, uniques = pd.factorize(texts)
        redacted = np.empty(len(uniques), dtype=object)
        found_in = np.zeros(len(uniques), dtype=np.int64)
        for n, text in enumerate(uniques.tolist()):
            redacted[n] = text
            if isinstance(text, str) and len(text) >= 2:
                known = memo.get(text) if memo is not None else None
                if known is None:
                    found = self.find(text)
                    known = (remove(text, found), len(found)) if found else (text, 0)
                    if memo is not None:
                        memo[text] = known
                redacted[n], found_in[n] = known
        total = 0
        if found_in.any():
            rows = np.flatnonzero(codes >= 0)
            texts[rows] = redacted[codes[rows]]
            total = int((found_in[codes[rows]]).sum())
        return pd.Series(texts, index=values.index, name=values.name, dtype=object), total
