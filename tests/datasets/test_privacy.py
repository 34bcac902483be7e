"""No real-looking personal data leaks into the catalogue, and no personal column is undeclared.

Every resident ID number anywhere (free text included) has a Shanwei area code and a valid check
digit; every mobile number has a prefix of ``publisher.synth``; every value of a field with a
``checkDigit`` passes it; every column where IDs or mobiles appear declares a personal category.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from publisher import synth
from publisher.identifiers import is_resident_id, is_uscc
from publisher.privacy import PERSONAL
from publisher.readers import read_table

from .conftest import NAMES, dataset

RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dX](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9A-Za-z])1[3-9]\d{9}(?!\d)")
CHECKS = {"gb11643": is_resident_id, "gb32100": is_uscc}


@cache
def columns(name: str) -> dict[tuple[str, str], list[str]]:
    """(resource, field) -> its values, read as the publisher reads them."""
    out: dict[tuple[str, str], list[str]] = {}
    for res in dataset(name).resources:
        table = read_table(res.path, res.format, res.encoding, res.sheet)
        for i, header in enumerate(table[0]):
            out[(res.name, header.lstrip("\ufeff"))] = [row[i] for row in table[1:] if len(row) > i]
    return out


def fields(name: str) -> dict[tuple[str, str], dict[str, object]]:
    return {(res.name, f["name"]): f for res in dataset(name).resources
            for f in (res.schema or {}).get("fields", [])}


@pytest.mark.parametrize("name", NAMES)
def test_resident_ids_anywhere_are_synthetic_shanwei_numbers(name: str) -> None:
    for (resource, field), values in columns(name).items():
        for value in values:
            for match in RESIDENT_ID.findall(value):
                assert match[:6] in synth.SHANWEI_AREAS, (resource, field)
                assert is_resident_id(match), (resource, field)


@pytest.mark.parametrize("name", NAMES)
def test_mobiles_anywhere_come_from_synth(name: str) -> None:
    for (resource, field), values in columns(name).items():
        if fields(name)[(resource, field)].get("checkDigit") == "gb32100":
            continue  # digits inside a credit code are not a phone
        for value in values:
            for match in MOBILE.findall(value):
                assert match[:3] in synth.MOBILE_PREFIXES, (resource, field)


@pytest.mark.parametrize("name", NAMES)
def test_check_digit_fields_pass_their_check(name: str) -> None:
    for key, spec in fields(name).items():
        rule = spec.get("checkDigit")
        if rule:
            values = [v for v in columns(name)[key] if v]
            assert values and all(CHECKS[str(rule)](v) for v in values), key


@pytest.mark.parametrize("name", NAMES)
def test_columns_holding_ids_or_mobiles_declare_a_personal_category(name: str) -> None:
    for key, values in columns(name).items():
        spec = fields(name)[key]
        if spec.get("checkDigit") == "gb32100":
            continue
        if any(RESIDENT_ID.search(v) or MOBILE.search(v) for v in values):
            privacy = spec.get("privacy")
            assert isinstance(privacy, dict) and privacy.get("category") in PERSONAL, key


def test_the_free_text_is_actually_full_of_personal_data() -> None:
    content = columns("public-messages")[("messages", "content")]
    with_id = sum(bool(RESIDENT_ID.search(v)) for v in content)
    with_phone = sum(bool(MOBILE.search(v)) for v in content)
    assert with_id > 100 and with_phone > 1000
    assert any("联系人：" in v for v in content) and any("投诉人" in v for v in content)
    facts = columns("penalty-decisions")[("decisions", "facts")]
    assert sum(bool(RESIDENT_ID.search(v)) for v in facts) > 500
