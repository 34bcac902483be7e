"""The words of personal data, kept as data: surnames, the words around names, public contacts.

One owner for these facts: the synthetic-data generator (publisher.synth), the detectors
(publisher.deid.detectors) and the independent release scan (publisher.deid.residual) all read
them here, so no part of the project learns its surnames from another part's output.

- ``surnames.txt``: every single surname of the 百家姓 and the frequent modern ones it lacks;
- ``compound_surnames.txt``: compound surnames (司徒, 欧阳 …);
- ``common_surnames.txt``: the most frequent surnames in order (what the generator draws);
- ``words.yaml``: role, self-introduction, kinship, honorific, verb and subject words;
- public contacts: read from a datasets folder (the bureau vocabulary, the organisation
  dataset and the steward's allow-list ``public-contacts.yaml``), see :func:`public_contacts`.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
#: The steward's allow-list of public numbers, addresses and names, in a datasets folder.
ALLOW_LIST = "public-contacts.yaml"


def _lines(name: str) -> list[str]:
    text = (HERE / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _single(lines: list[str]) -> str:
    seen: dict[str, None] = {}
    for line in lines:
        for ch in line:
            if "\u4e00" <= ch <= "\u9fff":
                seen.setdefault(ch)
    return "".join(seen)


_common = (HERE / "common_surnames.txt").read_text(encoding="utf-8").split("# compound")
#: Every single-character surname of the inventory (百家姓 plus the modern frequent ones).
SURNAMES: str = _single(_lines("surnames.txt"))
#: Every compound surname of the inventory.
COMPOUND_SURNAMES: tuple[str, ...] = tuple(dict.fromkeys(
    w for line in _lines("compound_surnames.txt") for w in line.split()))
#: The frequent single surnames, most frequent first (the generator's weighted draw).
COMMON_SURNAMES: str = _single([ln for ln in _common[0].splitlines()
                                if not ln.startswith("#")])
#: The frequent compound surnames.
COMMON_COMPOUND_SURNAMES: tuple[str, ...] = tuple(
    w for ln in _common[1].splitlines() if not ln.startswith("#") for w in ln.split())

_words = yaml.safe_load((HERE / "words.yaml").read_text(encoding="utf-8"))
ROLES: tuple[str, ...] = tuple(_words["roles"])
SELF_INTRO: tuple[str, ...] = tuple(_words["self_intro"])
KINSHIP: tuple[str, ...] = tuple(_words["kinship"])
HONORIFICS: tuple[str, ...] = tuple(_words["honorifics"])
AFTER_NAME: tuple[str, ...] = tuple(_words["after"])
SUBJECT: tuple[str, ...] = tuple(_words["subject"])
PLACES: tuple[str, ...] = tuple(_words["places"])
PLACE_SUFFIXES: str = str(_words["place_suffixes"])

assert set(COMMON_SURNAMES) <= set(SURNAMES), "common surnames missing from the inventory"
assert set(COMMON_COMPOUND_SURNAMES) <= set(COMPOUND_SURNAMES)


def surname_of(name: str) -> str:
    """The surname of a full name: a compound one when the name starts with one."""
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regular-expression alternation of words, longest first (so 被投诉人 beats 投诉人)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def digits(text: str) -> str:
    """The ASCII digits of a value written with separators or full-width digits."""
    return _NOT_DIGIT.sub("", unicodedata.normalize("NFKC", text))


_NOT_DIGIT = re.compile("[^0-9]")


@dataclass(frozen=True)
class PublicContacts:
    """Organisations' published numbers (digits only), addresses and the names of office holders
    that are public by law (a unit's leader): what de-identification must leave in place."""

    numbers: frozenset[str] = frozenset()
    addresses: tuple[str, ...] = ()
    names: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    sources: tuple[str, ...] = field(default=(), compare=False)

    def number_is_public(self, value: str) -> bool:
        """Whether a number (any separators) is one of the published ones, with or without its
        area code (0660-3123456, 3123456, +86 660 3123456)."""
        d = digits(value)
        if d.startswith("0086"):
            d = d[4:]
        elif d.startswith("86") and len(d) > 11:
            d = d[2:]
        if not d:
            return False
        return d in self.numbers or ("0" + d) in self.numbers or any(
            n.endswith(d) and len(d) >= 7 and len(n) - len(d) <= 4 for n in self.numbers)


    def extended(self, numbers: set[str], addresses: list[str]) -> PublicContacts:
        """These contacts and more (a dataset's own ``org_contact`` fields)."""
        return PublicContacts(self.numbers | {digits(n) for n in numbers if len(digits(n)) >= 5},
                              tuple(dict.fromkeys(self.addresses + tuple(addresses))),
                              self.names, self.emails, self.sources)


def _organisation(folder: Path) -> tuple[set[str], list[str], set[str]]:
    numbers: set[str] = set()
    addresses: list[str] = []
    names: set[str] = set()
    path = folder / "organisation" / "data" / "units.csv"
    if not path.is_file():
        return numbers, addresses, names
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("office_phone"):
                numbers.add(digits(row["office_phone"]))
            if row.get("office_address"):
                addresses.append(row["office_address"].strip())
            if row.get("leader_name"):
                names.add(row["leader_name"].strip())
    return numbers, addresses, names


@cache
def public_contacts(folder: Path | None) -> PublicContacts:
    """The public contacts known in a datasets folder: the organisation dataset's office
    numbers, addresses and leaders, the bureau vocabulary's address and e-mail, and the
    steward's ``public-contacts.yaml`` (keys ``numbers``, ``addresses``, ``names``,
    ``emails``). A folder without any of them gives an empty allow-list."""
    if folder is None or not folder.is_dir():
        return PublicContacts()
    numbers, addresses, names = _organisation(folder)
    emails: set[str] = set()
    sources = []
    bureau = folder / "bureau.yaml"
    if bureau.is_file():
        data = (yaml.safe_load(bureau.read_text(encoding="utf-8")) or {}).get("bureau") or {}
        if data.get("address"):
            addresses.append(str(data["address"]))
        if data.get("email"):
            emails.add(str(data["email"]).lower())
        sources.append("bureau.yaml")
    allow = folder / ALLOW_LIST
    if allow.is_file():
        data = yaml.safe_load(allow.read_text(encoding="utf-8")) or {}
        numbers |= {digits(str(v)) for v in data.get("numbers") or () if digits(str(v))}
        addresses += [str(v).strip() for v in data.get("addresses") or () if str(v).strip()]
        names |= {str(v).strip() for v in data.get("names") or () if str(v).strip()}
        emails |= {str(v).strip().lower() for v in data.get("emails") or ()}
        sources.append(ALLOW_LIST)
    return PublicContacts(frozenset(numbers), tuple(dict.fromkeys(addresses)),
                          frozenset(names), frozenset(emails), tuple(sources))
