"""The documented masks, one per category: what stays visible and what becomes ``*``.

| category    | example in            | example out         |
| person_name | 张三明 / 张明          | 张*明 / 张*          |
| id_number   | 441502199001011234    | 441502********1234  |
| phone       | 13812345678           | 138****5678         |
| phone       | 0660-3123456          | 0660-3****56        |
| plate       | 粤N·12345             | 粤N·1***5            |
| email       | abc@example.com       | a***@example.com    |
| bank_card   | 6222000000000009      | 622200******0009    |
| birth_date  | 1990-01-02            | 1990-**-**          |
| address     | …城区香城路12号        | 汕尾市城区***         |
"""

from __future__ import annotations

import re

from publisher.deid.detectors.base import ascii_fold, digits_of
from publisher.deid.generalize import address_to

STAR = "*"


def mask_name(value: str) -> str:
    value = value.strip()
    if len(value) <= 1:
        return STAR if value else ""
    if len(value) == 2:
        return value[0] + STAR
    return value[0] + STAR * (len(value) - 2) + value[-1]


def mask_id(value: str) -> str:
    """Address code and the last four stay; the date of birth is hidden."""
    digits = digits_of(value).upper()
    if len(digits) == 18:
        return digits[:6] + STAR * 8 + digits[-4:]
    if len(digits) == 15:
        return digits[:6] + STAR * 6 + digits[-3:]
    return STAR * len(digits)


def mask_phone(value: str) -> str:
    digits = digits_of(value)
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) in (13, 12, 11) and not digits.startswith("0"):
        digits = digits[2:] if len(digits) == 13 else digits
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + STAR * 4 + digits[-4:]
    if digits.startswith("0") and len(digits) >= 9:
        area = 3 if digits[1] in "12" else 4
        local = digits[area:]
        return f"{digits[:area]}-{local[0]}{STAR * (len(local) - 3)}{local[-2:]}"
    return STAR * len(digits)


def mask_plate(value: str) -> str:
    folded = ascii_fold(value.strip())
    if len(folded) < 4:
        return STAR * len(folded)
    head, serial = folded[:2], folded[2:].lstrip("·•・.- ")
    suffix = ""
    if serial and not serial[-1].isascii():
        serial, suffix = serial[:-1], serial[-1]
    if len(serial) < 2:
        return head + "·" + STAR * len(serial) + suffix
    return f"{head}·{serial[0]}{STAR * (len(serial) - 2)}{serial[-1]}{suffix}"


def mask_email(value: str) -> str:
    user, sep, domain = value.strip().partition("@")
    if not sep:
        return STAR * len(value)
    return (user[:1] + STAR * 3) + "@" + domain


def mask_bank_card(value: str) -> str:
    digits = digits_of(value)
    if len(digits) < 12:
        return STAR * len(digits)
    return digits[:6] + STAR * (len(digits) - 10) + digits[-4:]


def mask_birth_date(value: str) -> str:
    year = re.search(r"(?:18|19|20)\d{2}", ascii_fold(value))
    return f"{year.group()}-**-**" if year else ""


def mask_address(value: str) -> str:
    district = address_to(value, "district")
    return district + STAR * 3 if district else ""


MASKS = {
    "person_name": mask_name,
    "id_number": mask_id,
    "phone": mask_phone,
    "plate": mask_plate,
    "email": mask_email,
    "bank_card": mask_bank_card,
    "birth_date": mask_birth_date,
    "address": mask_address,
}
