"""What every action receives: the session, the caller, the request's base URL and uploads."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from publisher.portal.errors import NotAuthorized, ValidationError
from publisher.portal.limits import Limits
from publisher.portal.searchcache import SearchCache

Action = Callable[["Context", dict[str, Any]], Any]
ACTIONS: dict[str, Action] = {}


def action(func: Action) -> Action:
    """Register ``func`` as the action named like it."""
    ACTIONS[func.__name__] = func
    return func


@dataclass
class Context:
    session: Session
    uploads_dir: Path
    base_url: str  # with a trailing slash, from the request's host
    user: str | None = None  # the token's name; every token holder is a sysadmin
    files: dict[str, FileStorage] = field(default_factory=dict)
    site_title: str = ""
    site_url: str = ""  # the configured public URL (CKAN's ckan.site_url), if any
    version: str = ""  # the host's version string, reported by status_show
    limits: Limits = field(default_factory=Limits)
    search_cache: SearchCache | None = None  # the app's kept package_search answers

    @property
    def sysadmin(self) -> bool:
        return self.user is not None

    def require_write(self, what: str) -> None:
        if not self.sysadmin:
            raise NotAuthorized(f"Access denied: User  not authorized to {what}")


def now() -> str:
    """CKAN's timestamp format: naive UTC ISO 8601 with microseconds."""
    return datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def new_id() -> str:
    return str(uuid.uuid4())


_NAME = re.compile(r"^[a-z0-9_\-]*$")


def name_errors(value: Any) -> list[str]:
    """CKAN's name_validator messages for a package or organization name."""
    if not isinstance(value, str) or value == "":
        return ["Missing value"]
    if len(value) < 2:
        return ["Must be at least 2 characters long"]
    if len(value) > 100:
        return ["Name must be a maximum of 100 characters long"]
    if not _NAME.match(value):
        return ["Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"]
    if value in ("new", "edit", "search"):
        return ["That name cannot be used"]
    return []


def as_bool(value: Any, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise ValidationError({"private": ["Value must be one of: true, false"]})


def as_int(data: dict[str, Any], key: str, default: int, *, low: int = 0,
           high: int | None = None) -> int:
    value = data.get(key, default)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({key: ["Invalid integer", "Please enter an integer value"]}) \
            from None
    if number < low:
        raise ValidationError({key: ["Must be a natural number"]})
    if high is not None:
        number = min(number, high)
    return number
