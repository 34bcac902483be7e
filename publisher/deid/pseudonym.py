"""Keyed pseudonyms: HMAC-SHA256 under PUBLISHER_PSEUDONYM_KEY.

ID and phone numbers are few enough to enumerate (about 10^11 and 7x10^9), so a plain or salted
hash is reversible; a keyed one is not without the key. The value is normalised first (full-width
to ASCII, separators and +86 removed, case folded) so that one person gets one token in every row
and every release. Tokens are a readable category prefix and 16 letters from an alphabet without
digits or vowels, so no token can look like a number or a word to a detector.
"""

from __future__ import annotations

import hashlib
import hmac

from publisher.deid.detectors.base import ascii_fold, digits_of

PREFIXES = {
    "person_name": "P", "id_number": "ID", "phone": "TEL", "plate": "CAR", "email": "MAIL",
    "bank_card": "CARD", "address": "ADDR", "birth_date": "DOB", "free_text": "TXT",
}
ALPHABET = "bcdfghjkmnpqrstv"  # 16 letters: one per hex digit
_HEX = str.maketrans("0123456789abcdef", ALPHABET)
TOKEN_LETTERS = 16


def normalise(category: str, value: str) -> str:
    text = ascii_fold(value).strip()
    if category in ("id_number", "bank_card"):
        return digits_of(text).upper()
    if category == "phone":
        digits = digits_of(text)
        if digits.startswith("0086"):
            digits = digits[4:]
        elif text.startswith("+86"):
            digits = digits[2:]
        return digits.lstrip("0") if not digits.startswith("1") else digits
    if category == "plate":
        return "".join(ch for ch in text.upper() if ch not in "·•・.- ")
    if category == "email":
        return text.lower()
    return "".join(text.split())


def pseudonym(category: str, value: str, key: bytes) -> str:
    """``TEL-kqvd…`` for a phone number; '' stays ''."""
    if not value.strip():
        return value
    message = f"{category}\x1f{normalise(category, value)}".encode()
    digest = hmac.new(key, message, hashlib.sha256).hexdigest()[:TOKEN_LETTERS]
    return f"{PREFIXES.get(category, 'X')}-{digest.translate(_HEX)}"


def key_fingerprint(key: bytes) -> str:
    """An HMAC of a fixed label under the key: tells keys apart, reveals nothing of the key."""
    return hmac.new(key, b"publisher pseudonym key fingerprint", hashlib.sha256).hexdigest()[:16]
