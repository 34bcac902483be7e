"""Times on the pages: shown in the bureau's zone (Asia/Shanghai), the instant in ISO 8601 UTC
in ``<time datetime>`` for machines. The database and the manifests keep naive UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

ZONE = ZoneInfo("Asia/Shanghai")


def _instant(value: datetime | str | None) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def local_time(value: datetime | str | None, seconds: bool = False) -> Markup:
    """``<time datetime="…Z">YYYY-MM-DD HH:MM (UTC+8)</time>``; a dash when there is none."""
    instant = _instant(value)
    if instant is None:
        return Markup("—") if not value else Markup(escape(str(value)))
    shown = instant.astimezone(ZONE).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    iso = instant.strftime("%Y-%m-%dT%H:%M:%SZ")
    return Markup(f'<time datetime="{iso}">{shown} (UTC+8)</time>')
