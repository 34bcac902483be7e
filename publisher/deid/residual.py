"""The independent residual scan: the release gate's second opinion.

A scan that shares the detectors' code shares their blind spots, so this one shares none: it
imports nothing from publisher.deid's detectors, engine, normaliser or linking, nor the
check-digit helpers they use, and reads text in its own, cruder and more aggressive way:

- every run of digits (Chinese numerals read as digits, any short run of separators between
  groups dropped, groups split by a few words joined) of an identifier's length: a mobile, a
  landline, a local number after 座机/电话, a resident ID (check character or date), a card
  number (Luhn) unless the words before call it a receipt or case number;
- anything shaped like an e-mail address, even obfuscated (at, #, 点, dot);
- anything shaped like a plate, spaces or dots anywhere;
- a surname of the inventory followed by a given name where a name stands (after a role,
  family or self-introduction word, before 先生/女士/同志…, after 此致敬礼), unless the name is
  on the allow-list of public names;
- any value of the dataset's personal columns, in digits or letters, wherever it appears.

Only the lexicon's data (surnames, context words, public contacts) is shared. Findings carry the
row, the field and the category, never the value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date

import ahocorasick
import numpy as np
import pandas as pd

from publisher import codes, lexicon
from publisher.findings import Finding
from publisher.valueset import ValueSet

codes.define(
    "pii-residual", stage="deidentify",
    title=("独立复查发现个人信息", "The independent scan found personal information"),
    description="After de-identification, the release gate's independent scanner (a second, "
                "more aggressive scanner that shares no code with the detectors) still finds "
                "an identifier-shaped value, a name or a value of a personal column in a field "
                "that is not declared `keep`; the release is blocked.",
    message=("资源 {resource} 第 {row} 行字段 {field}，第 {position} 个字符起：疑似{category}",
             "Resource {resource}, row {row}, field {field}, from character {position}: "
             "looks like a {category}"),
)

_NUM = str.maketrans("零〇○一幺二三四五六七八九壹贰叁肆柒捌玖", "00011234567891234789")
_GAP = r"[\s.\-_·•/,，、:：()（）\[\]]{0,3}"
_RUN = re.compile(r"[0-9Xx](?:" + _GAP + r"[0-9Xx])*")
_NOT_RUN_DIGIT = re.compile(r"[^0-9Xx]+")
_WORDY_GAP = re.compile(r"^(?:[^0-9]|[0-9](?=位))+$")
_RECEIPT = re.compile(r"(?:收据|票据|发票|单号|编号|流水|工单|案号|文号|订单|凭证|回执|受理号|"
                      r"登记号|票号|序号|No|NO)[^0-9]{0,8}$")
_LOCAL = re.compile(r"(?:座机|固话|宅电|电话|号码|联系方式)[^0-9]{0,4}$")
_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*\s*(?:@|\(at\)|\[at\]|（at）|\sat\s|#|艾特)\s*"
                    r"[A-Za-z0-9\-]+\s*(?:\.|\(dot\)|\[dot\]|\sdot\s|点|。)\s*[A-Za-z]{2,}",
                    re.IGNORECASE)
_PROVINCES = "京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新"
_PLATE = re.compile(f"[{_PROVINCES}]\\s?[A-Z]\\s?[·•・.\\-]?\\s?(?:[A-Z0-9]\\s?){{5,6}}")
#: Names are matched on the read text, where 第五 has become 第5: each compound surname is
#: matched in its read form too.
_SUR = "(?:" + "|".join(sorted({c.translate(_NUM) for c in lexicon.COMPOUND_SURNAMES}
                              | set(lexicon.COMPOUND_SURNAMES), key=len, reverse=True)) \
    + "|[" + lexicon.SURNAMES + "])"
_CUE = lexicon.alternation(lexicon.ROLES + lexicon.KINSHIP + lexicon.SELF_INTRO)
_NAME_AFTER_CUE = re.compile("(?:" + _CUE + r")(?:[:：]|是|叫|为)\s?(" + _SUR
                             + r"[\u4e00-\u9fff]{1,2})")
_NAME_KIN = re.compile("(?:我|其|他|她)(?:" + lexicon.alternation(lexicon.KINSHIP) + r")\s?("
                       + _SUR + r"[\u4e00-\u9fff]{1,2})")
_NAME_INTRO = re.compile("(?:" + lexicon.alternation(lexicon.SELF_INTRO) + r")\s?(" + _SUR
                         + r"[\u4e00-\u9fff]{1,2})")
_NAME_TITLE = re.compile("(" + _SUR + r"[\u4e00-\u9fff]{0,2}?)(?:先生|女士|小姐|同志)")
_NAME_SIGN = re.compile(r"(?:此致\s*敬礼|敬礼)[!！,，。\s]*(" + _SUR + r"[\u4e00-\u9fff]{1,2})")


class _DigitsOnly(dict[int, str | None]):
    """A ``str.translate`` table keeping the characters ``str.isdigit`` accepts and a check X
    (a regular expression over that class of hundreds costs a microsecond a character)."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        out = ch if ch.isdigit() or ch in "Xx" else None
        self[code] = out
        return out


_DIGITS_ONLY = _DigitsOnly()
_LETTER = re.compile("[A-Z]")
_NAME_PATTERNS = (_NAME_AFTER_CUE, _NAME_INTRO, _NAME_KIN, _NAME_TITLE, _NAME_SIGN)
#: Characters no given name starts with, so 司机师傅 or 请您 are not names.
_NOT_GIVEN = set("的了在和与及等是有为以向于对从到给把被将也都就还又很不某您你我他她们这那其各位")


class _Reading(dict[int, str]):
    """Code point -> the character it reads as: its NFKC form when that is one character, then
    a numeral as its digit. Filled on first sight of each character, so a text is read by one
    ``str.translate`` instead of a Python loop over its characters."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        n = unicodedata.normalize("NFKC", ch) if not ch.isascii() else ch
        out = (n if len(n) == 1 else ch).translate(_NUM)
        self[code] = out
        return out


_READING = _Reading()


def _read(text: str) -> str:
    """NFKC and numerals as digits, character for character where possible."""
    return text.translate(_READING)


def _luhn(d: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(d)):
        v = int(ch) * (2 if i % 2 else 1)
        total += v - 9 if v > 9 else v
    return total % 10 == 0


def _id_check(d: str) -> bool:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    if not d[:17].isdigit():
        return False
    s = sum(int(c) * w for c, w in zip(d[:17], weights, strict=True))
    return "10X98765432"[s % 11] == d[17].upper()


def _is_date(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _number_kind(d: str, before: str, contacts: lexicon.PublicContacts) -> str | None:
    kind = _shape_kind(d, before)
    # The allow-list is asked only about a number of some kind (most runs are of none).
    return None if kind is None or contacts.number_is_public(d) else kind


def _shape_kind(d: str, before: str) -> str | None:
    n = len(d)
    if n == 11 and d[0] == "1" and d[1] in "3456789":
        return "phone"
    if n in (13, 15) and d.startswith(("86", "0086")) and d[-11] == "1":
        return "phone"
    if n == 18 and _id_check(d):
        return "id_number"
    if n == 15 and d.isdigit() and _is_date(1900 + int(d[6:8]), int(d[8:10]) or 13,
                                            int(d[10:12]) or 32):
        return None if _RECEIPT.search(before) else "id_number"
    if 16 <= n <= 19 and d.isdigit() and _luhn(d) and not _RECEIPT.search(before):
        return "bank_card"
    if 10 <= n <= 12 and d[0] == "0" and d[1] != "0":
        return "phone"
    if n in (7, 8) and d[0] in "2345678" and _LOCAL.search(before):
        return "phone"
    return None


def _digit_runs(text: str) -> list[tuple[int, str]]:
    """(start, digits) of each run, and of neighbouring runs joined over a few words."""
    runs = [(m.start(), m.end(), _NOT_RUN_DIGIT.sub("", m.group())) for m in _RUN.finditer(text)]
    out = [(s, d) for s, _, d in runs]
    # "199，后八位是12345678": the 八 of 八位 is a word, not part of the number.
    groups = [r for r in runs if len(r[2]) > 1]
    for i, (s1, e1, d1) in enumerate(groups):
        joined, end = d1, e1
        for s2, e2, d2 in groups[i + 1:i + 3]:
            if s2 - end > 12 or not _WORDY_GAP.match(text[end:s2]):
                break
            joined, end = joined + d2, e2
            if len(joined) in (11, 15, 18):
                out.append((s1, joined))
    return out


def scan_text(text: str, contacts: lexicon.PublicContacts,
              values: Mapping[str, ValueIndex] | None = None) -> list[tuple[int, str]]:
    """(position, category) of everything in one text that may identify a person."""
    read = _read(text)
    out: list[tuple[int, str]] = []
    for start, d in _digit_runs(read):
        if start and read[start - 1].isascii() and read[start - 1].isalpha():
            continue  # a code (SW2024…, GD2018…), not a number of a person
        kind = _number_kind(d, read[max(0, start - 12):start], contacts)
        if kind:
            out.append((start, kind))
    upper = read.upper()
    if _LETTER.search(upper):  # an address and a plate both hold a Latin letter
        for m in _EMAIL.finditer(read):
            if m.group().replace(" ", "").lower() not in contacts.emails:
                out.append((m.start(), "email"))
        for m in _PLATE.finditer(upper):
            if sum(ch.isdigit() for ch in m.group()) >= 3:
                out.append((m.start(), "plate"))
    for pattern in _NAME_PATTERNS:
        for m in pattern.finditer(read):
            # The reading keeps every character's place, so the original is at the same span.
            name = text[m.start(1):m.end(1)]
            given = name[len(lexicon.surname_of(name)):]
            if given[:1] in _NOT_GIVEN or name in contacts.names:
                continue
            out.append((m.start(1), "person_name"))
    if values:
        out += _value_hits(read, values)
    return sorted(set(out))


def _short_number(text: str) -> bool:
    """A cell of at most eight ASCII digits and nothing else (an id, a count, a year). No
    number kind of :func:`_number_kind` is that short without a cue word before it, and no
    other shape has only digits: only the personal columns' own values can be found in it."""
    return len(text) <= 8 and text.isascii() and text.isdigit()


def _value_hits(read: str, values: Mapping[str, ValueIndex]) -> list[tuple[int, str]]:
    """(position, category) of the first value of each personal column found in a read text."""
    out: list[tuple[int, str]] = []
    if values:
        projection: str | None = None
        digits: list[int] = []
        for category, index in values.items():
            if category in ("phone", "id_number", "bank_card"):
                if projection is None:
                    projection = read.translate(_DIGITS_ONLY).upper()
                if len(projection) < index.shortest:
                    continue  # too few digits for any of the values
                pos = index.find(projection)
                if pos >= 0:
                    if not digits:  # where each digit stands, once a value is found
                        digits = [i for i, ch in enumerate(read)
                                  if _DIGITS_ONLY[ord(ch)] is not None]
                    out.append((digits[pos], category))
            else:
                pos = index.find(read)
                if pos >= 0:
                    out.append((pos, category))
    return out


class ValueIndex:
    """Values of a personal column, found in a text by one Aho-Corasick pass (pyahocorasick,
    in C), not one search per value: a dataset has thousands. Values kept as keys (a
    :class:`ValueSet` of more than its limit: an automaton of them would take gigabytes) are
    found by looking up the text's windows instead."""

    def __init__(self, values: frozenset[str] | ValueSet) -> None:
        self.keyed = values if isinstance(values, ValueSet) and not values.exact else None
        self.automaton = ahocorasick.Automaton()
        if self.keyed is not None:
            self.longest = max(self.keyed.lengths, default=0) if self.keyed else 0
            self.shortest = min(self.keyed.lengths, default=0) if self.keyed else 0
            return
        for v in values:
            self.automaton.add_word(v, len(v))
        self.longest = max((len(v) for v in values), default=0)
        #: A text shorter than this holds none of the values.
        self.shortest = min((len(v) for v in values), default=0)
        if values:
            self.automaton.make_automaton()

    def find(self, text: str) -> int:
        """Where the first value found in ``text`` starts, or -1."""
        if not self.longest:
            return -1
        if self.keyed is not None:
            found = self.keyed.found_in(text)
            return found[0][0] if found else -1
        best = -1
        for end, size in self.automaton.iter(text):
            if best >= 0 and end - self.longest + 1 > best:
                break  # matches come by their end: none still to come starts earlier
            start = end - size + 1
            if best < 0 or start < best:
                best = start
        return best


def value_set(category: str, column: pd.Series) -> frozenset[str]:
    """The values of a personal column as the scan searches for them (digits of numbers)."""
    out = set()
    for v in pd.unique(column.to_numpy(dtype=object)).tolist():
        if not isinstance(v, str) or not v.strip():
            continue
        v = _read(v.strip())
        if category in ("phone", "id_number", "bank_card"):
            d = _NOT_RUN_DIGIT.sub("", v).upper()
            if d.startswith("0086"):
                d = d[4:]
            if len(d) >= 7:
                out.add(d)
        elif category == "person_name":
            if len(v) >= 2 and v not in lexicon.HONORIFICS:
                out.add(v)
        elif len(v) >= 6:
            out.add(v)
    return frozenset(out)


def independent_scan(dataset: str, resource: str, df: pd.DataFrame, kept: set[str],
                     personal: Mapping[str, tuple[str, pd.Series]],
                     contacts: lexicon.PublicContacts) -> list[Finding]:
    """``pii-residual`` findings for every cell of a released table outside ``kept`` fields.

    ``personal`` maps each personal field that is not kept to (category, source column): their
    values are searched for in every released cell (a masked column holds no raw value)."""
    searched: dict[str, set[str]] = {}
    for category, column in personal.values():
        searched.setdefault(category, set()).update(value_set(category, column))
    frozen = {c: ValueIndex(frozenset(v)) for c, v in searched.items() if v}
    return scan_values(dataset, resource, df, kept, frozen, contacts)


def scan_values(dataset: str, resource: str, df: pd.DataFrame, kept: set[str],
                indexes: Mapping[str, ValueIndex], contacts: lexicon.PublicContacts,
                memo_of: Callable[[str], dict[str, list[tuple[int, str]]]] | None = None
                ) -> list[Finding]:
    """``pii-residual`` findings of :func:`independent_scan` with the personal values' indexes
    built already (category -> index; the chunks of a table share them). ``memo_of`` gives a
    column's memo of text -> hits from earlier chunks (the same indexes)."""
    findings: list[Finding] = []
    shared: dict[str, list[tuple[int, str]]] = {}
    for column in df.columns:
        if str(column) in kept:
            continue
        seen = memo_of(str(column)) if memo_of is not None else shared
        # Each distinct text is scanned once, and only the cells with a hit are visited.
        codes, uniques = pd.factorize(df[column].to_numpy(dtype=object))
        found: list[list[tuple[int, str]]] = []
        for text in uniques.tolist():
            hits: list[tuple[int, str]] = []
            if isinstance(text, str) and len(text) >= 2:
                if _short_number(text):  # the same hits as scan_text, without the shapes
                    found.append(sorted(set(_value_hits(text, indexes))))
                    continue
                cached = seen.get(text)
                if cached is None:
                    cached = seen[text] = scan_text(text, contacts, indexes)
                hits = cached
            found.append(hits)
        has = np.array([bool(h) for h in found] + [False], dtype=bool)  # last: missing
        for pos in np.flatnonzero(has[codes]).tolist():
            for position, category in found[codes[pos]]:
                findings.append(Finding("pii-residual", dataset=dataset, resource=resource,
                                        row=pos + 2, field=str(column),
                                        params={"category": category,
                                                "position": position + 1}))
    return findings
