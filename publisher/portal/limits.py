"""CKAN 2.12's paging defaults and maximums, and its checks of paging parameters.

Each limit is named after the CKAN config option it mirrors and defaults to CKAN's value, so a
portal configured like a CKAN site answers the same pages. A value over a maximum is cut down
to it silently, as CKAN's ``limit_to_configured_maximum`` does; a value that is not a natural
number is CKAN's Validation Error with CKAN's messages (see :func:`natural`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from publisher.portal.errors import ValidationError

#: package_search's ``rows`` when none is sent (fixed in CKAN's schema, not an option).
SEARCH_ROWS_DEFAULT = 10
INVALID = "Invalid integer"
#: What CKAN's ``convert_int`` adds when a capped parameter is not an integer either.
NOT_INTEGER = "Please enter an integer value"
NOT_NATURAL = "Must be a natural number"
NOT_POSITIVE = "Must be a positive integer"


@dataclass(frozen=True)
class Limits:
    """The portal's paging limits; ``OPTIONS`` names the CKAN option behind each one."""

    search_rows_max: int = 1000
    search_facets_limit: int = 50
    group_and_organization_list_max: int = 1000
    group_and_organization_list_all_fields_max: int = 25
    default_group_sort: str = "title"
    datastore_search_rows_default: int = 100
    datastore_search_rows_max: int = 32000


OPTIONS: dict[str, str] = {
    "search_rows_max": "ckan.search.rows_max",
    "search_facets_limit": "search.facets.limit",
    "group_and_organization_list_max": "ckan.group_and_organization_list_max",
    "group_and_organization_list_all_fields_max":
        "ckan.group_and_organization_list_all_fields_max",
    "default_group_sort": "ckan.default_group_sort",
    "datastore_search_rows_default": "ckan.datastore.search.rows_default",
    "datastore_search_rows_max": "ckan.datastore.search.rows_max",
}
assert set(OPTIONS) == {f.name for f in fields(Limits)}


def _whole(value: Any) -> int | None:
    """CKAN's int_validator: an int from an int, a whole float or base-10 text; else None."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def natural(data: dict[str, Any], key: str, default: int | None = None, *,
            maximum: int | None = None, positive: bool = False) -> int | None:
    """``data[key]`` as CKAN's natural_number_validator (or is_positive_integer) reads it.

    Absent, None or blank: ``default``. ``maximum``: the value (or default) is cut down to it,
    and a value that is no integer at all also gets the message of CKAN's ``convert_int``, as
    CKAN's chain of validators reports both.
    """
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        # CKAN fills in the default before it applies the maximum.
        if default is not None and maximum is not None:
            return min(default, maximum)
        return default
    number = _whole(value)
    if number is None:
        raise ValidationError({key: [INVALID, NOT_INTEGER] if maximum is not None
                               else [INVALID]})
    if positive and number < 1:
        raise ValidationError({key: [NOT_POSITIVE]})
    if number < 0:
        raise ValidationError({key: [NOT_NATURAL]})
    if maximum is not None and number > maximum:
        return maximum
    return number
