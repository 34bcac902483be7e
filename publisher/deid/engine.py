"""Run every detector over text: one combined regular expression per cell, and over whole
columns an RE2 prefilter (pyarrow, in C++) so that only cells holding a candidate reach Python.

Detectors read normalised text (publisher.deid.normalize: NFKC, Chinese numerals, separators
between digit groups removed) in two readings; spans found in either are mapped back to the
original and merged. Numbers and addresses that an organisation publishes (the lexicon's public
contacts of the dataset's folder) are left in place. Each distinct cell is read once.

A match is confirmed by its detector (check characters, dates, jieba's dictionary); when it is
rejected, the later detectors are tried at the same place and the search goes on one character
further, so a rejected long number cannot hide a phone number starting inside it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from publisher.deid.detectors import REGISTRY, Detector, person_name
from publisher.deid.lookahead import with_lookahead
from publisher.deid.memo import Memo
from publisher.deid.normalize import views
from publisher.lexicon import PublicContacts

#: Most phone numbers remembered as public or not before the memory is cleared.
PUBLIC_CACHE = 100_000


@dataclass(frozen=True)
class Span:
    """A detected personal identifier: where it is and what it is (never its text)."""

    start: int
    end: int
    detector: str
    category: str


def _unnamed(pattern: str) -> str:
    # Detectors name their own groups; inside the alternation they would clash.
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


class Engine:
    """The detectors, in order, compiled into one alternation."""

    def __init__(self, detectors: Sequence[Detector],
                 contacts: PublicContacts | None = None) -> None:
        self.detectors = list(detectors)
        self.contacts = contacts or PublicContacts()
        # Each alternative behind its own first-character look-ahead and the whole behind the
        # union of them: most positions of a text are rejected by one character-set test.
        self.combined = re.compile(with_lookahead("|".join(
            f"(?P<d{i}>{with_lookahead(_unnamed(d.pattern))})"
            for i, d in enumerate(self.detectors))))
        # Cells that normalisation changes (full-width forms, ideographic spaces, numerals in a
        # row) reach the detectors whatever the prefilters of their raw text say.
        self.prefilter = "|".join([f"(?:{d.prefilter})" for d in self.detectors if not d.public]
                                  + [NEEDS_NORMALISING])
        self.placeholders = {d.category: d.placeholder for d in self.detectors if d.placeholder}
        #: Number -> whether it is published (a column repeats the same few numbers).
        self._public_numbers: dict[str, bool] = {}
        name = self.placeholders.get("person_name")
        #: A surname touching a name's placeholder: a piece of a longer name may be left there.
        self._name_cut = re.compile(
            f"{person_name.SURNAME}[\u4e00-\u9fff]{{0,2}}{re.escape(name)}"
            f"|{re.escape(name)}{person_name.SURNAME}[\u4e00-\u9fff]") if name else None
        #: Redacted text -> the same with the pieces of names rejoined (see :meth:`_rejoin`).
        self._rejoined: Memo[str, str] = Memo(PUBLIC_CACHE)

    def _confirm(self, text: str, pos: int, first: int) -> tuple[int, int, Detector] | None:
        for detector in self.detectors[first:]:
            match = detector.compiled.match(text, pos)
            if match is None:
                continue
            span = detector.confirm(text, match)
            if span is not None:
                return span[0], span[1], detector
        return None

    def find(self, text: str) -> list[Span]:
        """The personal identifiers in one text, left to right, not overlapping, in the
        original's positions: found in each normalised reading and merged."""
        found: list[Span] = []
        for reading in views(text):
            spans = self._find(reading.text)
            names = [(s.start, s.end) for s in spans if s.category == "person_name"]
            if names:  # the rest of a list of names, and the names' other occurrences
                spans += [Span(s, e, "person_name", "person_name")
                          for s, e in person_name.neighbours(reading.text, names)]
            for span in spans:
                start, end = reading.span(span.start, span.end)
                if not self._public(text, start, end, span.category):
                    found.append(Span(start, end, span.detector, span.category))
        return _merge(found)

    def _public(self, text: str, start: int, end: int, category: str) -> bool:
        """Whether a span is one of the organisations' published numbers or addresses."""
        if category == "phone":
            value = text[start:end]
            public = self._public_numbers.get(value)
            if public is None:
                if len(self._public_numbers) >= PUBLIC_CACHE:
                    self._public_numbers.clear()
                public = self._public_numbers[value] = self.contacts.number_is_public(value)
            return public
        if category == "address":
            value = text[start:end]
            return any(value in a or (len(value) >= 6 and a.endswith(value[-6:]))
                       for a in self.contacts.addresses)
        if category == "email":
            return text[start:end].strip().lower() in self.contacts.emails
        return False

    def _find(self, text: str) -> list[Span]:
        out: list[Span] = []
        pos = last_end = 0
        search = self.combined.search
        while True:
            match = search(text, pos)
            if match is None:
                return out
            found = self._confirm(text, match.start(), int(str(match.lastgroup)[1:]))
            if found is None:
                pos = match.start() + 1
                continue
            start, end, detector = found
            if not detector.public:
                out.append(Span(max(start, last_end), end, detector.name, detector.category))
            last_end = end
            pos = max(end, match.start() + 1)

    def redact(self, text: str, spans: Iterable[Span] | None = None) -> str:
        """The text with each identifier replaced by its category's placeholder (【手机号】).

        A name longer than the detectors expect (沈娟华鸿于…, four characters whose third is a
        surname too) may be found only in part, and the piece left beside the placeholder reads
        as a name of its own: those pieces are found again and joined to the placeholder, so
        the output holds nothing the same detectors would find.
        """
        out = self._replace(text, self.find(text) if spans is None else spans)
        if out is not text and self._cut(out):
            return self._rejoin(out)
        return out

    def _cut(self, text: str) -> bool:
        """Whether a surname touches a name's placeholder (looked for only around those)."""
        name, cut = self.placeholders["person_name"], self._name_cut
        if cut is None:
            return False
        at = text.find(name)
        while at >= 0:
            if cut.search(text, max(0, at - 4), at + len(name) + 4):
                return True
            at = text.find(name, at + len(name))
        return False

    def _replace(self, text: str, spans: Iterable[Span]) -> str:
        pieces: list[str] = []
        last = 0
        for span in spans:
            pieces.append(text[last:span.start])
            pieces.append(self.placeholders.get(span.category, "【个人信息】"))
            last = span.end
        if not pieces:
            return text
        pieces.append(text[last:])
        return "".join(pieces)

    def _rejoin(self, text: str) -> str:
        """``text`` (redacted) with whatever the detectors still find replaced, each name found
        next to a name's placeholder taking that placeholder in (one name, one placeholder)."""
        done = self._rejoined.get(text)
        if done is not None:
            return done
        name = self.placeholders["person_name"]
        out = text
        for _ in range(3):  # a piece found may uncover one more; three rounds are plenty
            spans = self.find(out)
            if not spans:
                break
            wide = []
            for span in spans:
                start, end = span.start, span.end
                if span.category == "person_name":
                    if out.startswith(name, end):
                        end += len(name)
                    if out.endswith(name, 0, start):
                        start -= len(name)
                wide.append(Span(start, end, span.detector, span.category))
            out = self._replace(out, _merge(wide))
        self._rejoined[text] = out
        return out

    def candidates(self, values: pd.Series) -> np.ndarray[Any, np.dtype[np.int64]]:
        """Positions of the cells that may hold an identifier (RE2 over the whole column)."""
        return self.candidates_of([values])[0]

    def candidates_of(self, columns: Sequence[pd.Series]
                      ) -> list[np.ndarray[Any, np.dtype[np.int64]]]:
        """:meth:`candidates` of each column, in one RE2 pass over them all: pyarrow compiles
        the pattern (and warms its automaton) on every call, which takes longer (about a
        millisecond) than matching a chunk's cells of one column."""
        # 64-bit offsets: the columns of a whole table together may pass 2 GiB of text.
        arrays = [pa.array(values.to_numpy(dtype=object, na_value=None),
                           type=pa.large_string(), from_pandas=True) for values in columns]
        total = sum(len(a) for a in arrays)
        if not total:
            return [np.zeros(0, dtype=np.int64) for _ in arrays]
        # One array, not a chunked one: a chunked array is matched chunk by chunk, each with
        # the pattern compiled again.
        hits = pc.match_substring_regex(pa.concat_arrays(arrays),
                                        self.prefilter).fill_null(False)
        flat = hits.to_numpy(zero_copy_only=False)
        out: list[np.ndarray[Any, np.dtype[np.int64]]] = []
        start = 0
        for array in arrays:
            out.append(np.flatnonzero(flat[start:start + len(array)]).astype(np.int64))
            start += len(array)
        return out

    def scan_distinct(self, values: pd.Series, seen: dict[str, list[Span]] | None = None,
                      candidates: np.ndarray[Any, np.dtype[np.int64]] | None = None
                      ) -> tuple[np.ndarray[Any, np.dtype[np.int64]],
                                 np.ndarray[Any, np.dtype[np.intp]], list[list[Span]]]:
        """The cells of a column that hold an identifier, as (positions, codes, spans): cell
        ``positions[i]`` holds ``spans[codes[i]]``. Each distinct text is read once (``seen``:
        text -> spans, carried from earlier scans), and the cells are mapped back by numpy.
        ``candidates``: the column's :meth:`candidates`, when found already."""
        if candidates is None:
            candidates = self.candidates(values)
        if seen is None:
            seen = {}
        texts = values.to_numpy(dtype=object)[candidates]
        codes, uniques = pd.factorize(texts)
        found: list[list[Span]] = []
        for value in uniques.tolist():
            text = str(value)
            spans = seen.get(text)
            if spans is None:
                spans = seen[text] = self.find(text)
            found.append(spans)
        has = np.array([bool(spans) for spans in found], dtype=bool)
        hit = has[codes] if len(codes) else np.zeros(0, dtype=bool)
        # The distinct texts with a hit, renumbered so that ``spans`` holds only those.
        keep = np.flatnonzero(has)
        renumber = np.full(len(found), -1, dtype=np.intp)
        renumber[keep] = np.arange(len(keep), dtype=np.intp)
        return (candidates[hit].astype(np.int64), renumber[codes[hit]],
                [found[i] for i in keep.tolist()])

    def scan(self, values: pd.Series,
             seen: dict[str, list[Span]] | None = None) -> dict[int, list[Span]]:
        """Position -> spans for every cell of a column that holds an identifier (each distinct
        text is read once). ``seen`` (text -> spans) carries what earlier scans read, so the
        residual scan does not read again a cell that redaction left unchanged."""
        positions, codes, found = self.scan_distinct(values, seen)
        return {pos: found[code] for pos, code in zip(positions.tolist(), codes.tolist(),
                                                       strict=True)}

    def redact_series(self, values: pd.Series, seen: dict[str, list[Span]] | None = None
                      ) -> tuple[pd.Series, Counter[str]]:
        """The column with every identifier replaced by its placeholder, and counts by category
        (``seen`` as for :meth:`scan`). Each distinct text is redacted once."""
        counts: Counter[str] = Counter()
        texts = values.to_numpy(dtype=object).copy()
        positions, codes, found = self.scan_distinct(values, seen)
        if len(positions):
            first = positions[np.unique(codes, return_index=True)[1]]  # each text's first cell
            redacted = np.empty(len(found), dtype=object)
            redacted[:] = [self.redact(str(texts[pos]), spans)
                           for pos, spans in zip(first.tolist(), found, strict=True)]
            texts[positions] = redacted[codes]
            for spans, times in zip(found, np.bincount(codes, minlength=len(found)).tolist(),
                                    strict=True):
                for span in spans:
                    counts[span.category] += times
        return pd.Series(texts, index=values.index, name=values.name, dtype=object), counts


#: Text that normalisation may change: full-width forms, ideographic spaces, dots or spaces
#: between digits, Chinese numerals in a row, spaced-out characters.
NEEDS_NORMALISING = ("[\uff01-\uff5e\u3000]|[0-9][ .·•_/,，、\\-][0-9]"
                     "|[零〇○一幺壹二两贰三叁四肆五伍六陆七柒八捌九玖]{3}"
                     "|[\u4e00-\u9fff] [\u4e00-\u9fff]")


def _merge(spans: list[Span]) -> list[Span]:
    """Spans sorted, overlapping ones joined (the longer one names the category)."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out and span.start < out[-1].end:
            last = out[-1]
            if span.end > last.end:
                keep = last if last.end - last.start >= span.end - span.start else span
                out[-1] = Span(last.start, span.end, keep.detector, keep.category)
            continue
        out.append(span)
    return out


@cache
def default_engine(contacts: PublicContacts | None = None) -> Engine:
    """The engine over every registered detector, leaving ``contacts`` in place (built once
    per process and allow-list)."""
    return Engine(list(REGISTRY.values()), contacts)


#: A name on its own: a surname of the inventory and one or two characters.
_BARE_NAME = re.compile(person_name.SURNAME + "[\u4e00-\u9fff]{1,2}")
#: Share of a column's non-empty cells that must look like bare names to call it a name column.
NAME_COLUMN_SHARE = 0.8


def name_column_cells(values: pd.Series) -> int:
    """How many cells are bare names, if the column as a whole is a column of names, else 0.

    Bare names have no context, so one cell alone proves nothing (陆丰市 looks like one); a
    column whose cells are nearly all surname + one or two characters is a column of names.
    """
    filled = [v for v in values.tolist() if isinstance(v, str) and v.strip()]
    if not filled:
        return 0
    hits = sum(1 for v in filled if _BARE_NAME.fullmatch(v.strip()))
    return hits if hits >= NAME_COLUMN_SHARE * len(filled) else 0


def scan_frame(df: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Column -> category -> number of identifiers found, over every string cell (no values).

    Besides the detectors, a column made of bare names (an undeclared name field) counts its
    names as ``person_name``.
    """
    engine = default_engine()
    out: dict[str, dict[str, int]] = {}
    for column in df.columns:
        values = df[column].astype(object).where(df[column].notna(), "").astype(str)
        counts: Counter[str] = Counter()
        _, codes, found = engine.scan_distinct(values)
        for spans, times in zip(found, np.bincount(codes, minlength=len(found)).tolist(),
                                strict=True):
            for span in spans:
                counts[span.category] += times
        names = name_column_cells(values)
        if names:  # cells the detectors already counted are not counted twice
            counts["person_name"] = max(counts["person_name"], names)
        if counts:
            out[str(column)] = dict(sorted(counts.items()))
    return out
