"""One check of every action's parameters before the action runs.

Whatever a caller sends, an action sees only values it can store and answer: text without lone
surrogates or NUL characters (PostgreSQL refuses NUL, and a stored ``\\ud800`` cannot be encoded
in any later answer), integers that fit a 64-bit column, finite numbers, nesting no deeper than
``MAX_DEPTH`` and the parameter types CKAN documents. A value that breaks one of these is
CKAN's ``Validation Error`` (409) naming the parameter, never a 500.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from typing import Any

import orjson

from publisher.portal.errors import ValidationError
from publisher.portal.limits import INVALID, NOT_INTEGER

MAX_DEPTH = 16
INT_LOW, INT_HIGH = -(2 ** 63), 2 ** 63 - 1
_LARGE = 2.0 ** 63
MAX_ID = 100  # CKAN's names are at most 100 characters; a UUID is 36
MAX_QUERY = 10_000

# Parameters with one meaning in every action that takes them.
_IDS = frozenset({"id", "name", "name_or_id", "package_id", "resource_id", "owner_org"})
_INTEGERS = frozenset({"limit", "offset", "start", "rows", "facet.limit", "facet.mincount"})
_TEXTS = frozenset({"fq", "fl", "method", "query", "state", "type", "title", "url",
                    "license_id", "notes", "author", "author_email", "maintainer",
                    "maintainer_email", "version", "description", "image_url", "mimetype",
                    "format", "url_type"})
_LISTS = frozenset({"records", "organizations"})
_DICTS = frozenset({"filters", "resource"})
# Parameters whose type depends on the action (CKAN's datastore accepts text or a list).
_TEXT_OR_LIST = frozenset({"fq_list", "facet.field", "primary_key", "indexes", "tags",
                           "extras", "resources", "groups"})
_BY_ACTION: dict[str, dict[str, str]] = {
    "datastore_search": {"fields": "text_or_list", "q": "text_or_dict", "sort": "text_or_list",
                         "filters": "text_or_dict"},
    "datastore_delete": {"filters": "text_or_dict"},
    "datastore_create": {"fields": "text_or_list", "records": "text_or_list"},
    "datastore_upsert": {"records": "text_or_list"},
    "package_search": {"q": "text", "sort": "text"},
    "organization_list": {"sort": "text", "organizations": "text_or_list"},
    "tag_list": {"q": "text"},
}
_NAME = re.compile(r"^[a-z0-9_\-]{2,100}$")
# Integers CKAN also caps at a configured maximum: its convert_int adds a second message.
_CAPPED = frozenset({("package_search", "rows"), ("datastore_search", "limit")})


def is_valid_id(value: Any) -> bool:
    """An id the portal accepts from a caller: a UUID, or a name by CKAN's name rule."""
    if not isinstance(value, str):
        return False
    if _NAME.match(value):
        return True
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


def _bad(key: str, message: str) -> ValidationError:
    return ValidationError({key: [message]})


def _flat_rows_ok(rows: list[Any]) -> bool:
    """Whether a list of scalars and flat dicts (DataStore records) holds only values every
    action can store: one pass, the texts checked joined. False: walk it to find what."""
    texts: list[str] = []
    add = texts.append
    for row in rows:
        if type(row) is dict:
            for inner_key in row:
                if type(inner_key) is not str:
                    return False
                add(inner_key)
            values: Any = row.values()
        else:
            values = (row,)
        for value in values:
            kind = type(value)
            if kind is str:
                add(value)
            elif kind is int:
                if not INT_LOW <= value <= INT_HIGH:
                    return False
            elif kind is float:
                if not math.isfinite(value):
                    return False
            elif value is not None and kind is not bool:
                return False
    joined = "".join(texts)
    if "\x00" in joined:
        return False
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _walk(key: str, value: Any, depth: int) -> None:
    """Refuse values no action can store or answer, anywhere inside ``value``."""
    if depth > MAX_DEPTH:
        raise _bad(key, f"Nested deeper than {MAX_DEPTH} levels")
    if type(value) is list and depth + 2 <= MAX_DEPTH and _flat_rows_ok(value):
        return
    if isinstance(value, str):
        if "\x00" in value:
            raise _bad(key, "Must not contain NUL characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _bad(key, "Must be valid Unicode (no lone surrogates)") from None
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if not INT_LOW <= value <= INT_HIGH:
            raise _bad(key, "Integer out of range")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise _bad(key, "Must be a finite number")
    elif isinstance(value, dict):
        for inner_key, inner in value.items():
            _walk(key, inner_key, depth + 1)
            _walk(key, inner, depth + 1)
    elif isinstance(value, list | tuple):
        for inner in value:
            _walk(key, inner, depth + 1)


def _holds_large_float(value: Any) -> bool:
    """Whether a float past the 64-bit integers is anywhere in ``value``: orjson reads an
    integer literal past them as a float, the standard parser as an integer."""
    todo = [value]
    while todo:
        item = todo.pop()
        kind = type(item)
        if kind is dict:
            item = item.values()
        elif kind is not list:
            if kind is float and not -_LARGE < item < _LARGE:
                return True
            continue
        for inner in item:
            inner_kind = type(inner)
            if inner_kind is float:
                if not -_LARGE < inner < _LARGE:
                    return True
            elif inner_kind is dict or inner_kind is list:
                todo.append(inner)
    return False


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def loads(text: str | bytes) -> Any:
    """``json.loads`` that refuses ``NaN``/``Infinity`` and deep nesting with ``ValueError``.

    orjson parses first (a DataStore batch is megabytes of JSON); whatever it refuses, and any
    integer too long for 64 bits (which it would read as a float), goes to the standard parser,
    so the values and errors are the standard parser's."""
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    else:
        if not _holds_large_float(value):
            return value
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def parse_json(key: str, text: str) -> Any:
    """A parameter sent as JSON text, checked like any other value."""
    try:
        value = loads(text)
    except ValueError:
        raise _bad(key, "Not valid JSON") from None
    _walk(key, value, 1)
    return value


def _integer(action: str, key: str, value: Any) -> None:
    if value is None or value == "":
        return
    invalid = [INVALID, NOT_INTEGER] if (action, key) in _CAPPED else [INVALID]
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError({key: invalid})
    try:
        number = int(value)
    except ValueError:
        raise ValidationError({key: invalid}) from None
    if not INT_LOW <= number <= INT_HIGH:
        raise _bad(key, "Integer out of range")


def _kind(key: str, value: Any, kind: str) -> None:
    if value is None:
        return
    allowed: tuple[type, ...] = {
        "text": (str, int, float, bool), "list": (list,), "dict": (dict,),
        "text_or_list": (str, list), "text_or_dict": (str, dict),
    }[kind]
    if not isinstance(value, allowed):
        raise _bad(key, {"text": "Must be a string", "list": "Must be a list",
                         "dict": "Must be a dict", "text_or_list": "Must be a string or a list",
                         "text_or_dict": "Must be a string or a dict"}[kind])
    if kind in ("text", "text_or_list", "text_or_dict") and isinstance(value, str) and \
            len(value) > MAX_QUERY and key not in _TEXTS:
        raise _bad(key, f"Must be at most {MAX_QUERY} characters long")


def check_params(action: str, data: dict[str, Any]) -> None:
    """Raise CKAN's Validation Error for the first parameter no action may receive."""
    for key, value in data.items():
        _walk(str(key), key, 1)
        _walk(str(key), value, 1)
    for key, value in data.items():
        kind = _BY_ACTION.get(action, {}).get(key)
        if kind is not None:
            _kind(key, value, kind)
        elif key in _IDS:
            _kind(key, value, "text")
            if isinstance(value, str) and len(value) > MAX_ID:
                raise _bad(key, f"Must be at most {MAX_ID} characters long")
        elif key in _INTEGERS:
            _integer(action, key, value)
        elif key in _TEXTS or key in ("q", "sort"):
            _kind(key, value, "text")
        elif key in _LISTS:
            _kind(key, value, "list")
        elif key in _DICTS:
            _kind(key, value, "dict")
        elif key in _TEXT_OR_LIST:
            _kind(key, value, "text_or_list")
