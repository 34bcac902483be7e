"""Steward tokens: stored as SHA-256 digests only, compared in constant time.

:func:`verify_steward` is the one place the catalogue pages ask "is this a steward?". It reads
every token store listed in :data:`STORES` that exists in the state database, so pointing the
pages at another store (the portal's API tokens) is a one-line change of that tuple.
:func:`create_token` writes this module's own table (``steward_tokens``, migration 0004).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy import String, inspect, text
from sqlalchemy.orm import Mapped, mapped_column

from publisher.models import Base, utcnow
from publisher.services import Services

#: (table, digest column, name column) of every token store a steward token may come from.
STORES: tuple[tuple[str, str, str], ...] = (
    ("steward_tokens", "token_sha256", "name"),
    ("api_tokens", "token_sha256", "name"),
)


class StewardToken(Base):
    """A steward's token; the clear token is shown once, when it is created."""

    __tablename__ = "steward_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked: Mapped[bool] = mapped_column(default=False)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(services: Services, name: str) -> str:
    """Make a token for steward ``name`` and return it in clear (only its digest is stored)."""
    token = secrets.token_urlsafe(32)
    with services.db.session() as session:
        session.add(StewardToken(name=name, token_sha256=digest(token)))
    return token


def digests(services: Services) -> list[tuple[str, str]]:
    """(digest, steward name) of every live token in every store that exists."""
    services.db.ensure_migrated()
    present = set(inspect(services.db.engine).get_table_names())
    found: list[tuple[str, str]] = []
    with services.db.session() as session:
        for table, digest_column, name_column in STORES:
            if table not in present:
                continue
            where = " WHERE NOT revoked" if table == "steward_tokens" else ""
            rows = session.execute(text(
                f"SELECT {digest_column}, {name_column} FROM {table}{where}"))  # noqa: S608
            found += [(str(row[0]), str(row[1])) for row in rows]
    return found


def verify_steward(services: Services, token: str | None) -> str | None:
    """The steward's name for a valid token (with or without ``Bearer``), else None."""
    if not token:
        return None
    token = token.strip()
    if token[:7].lower() == "bearer ":
        token = token[7:].strip()
    if not token:
        return None
    wanted = digest(token)
    steward = None
    # Every stored digest is compared, so the time taken says nothing about near misses.
    for stored, name in digests(services):
        if hmac.compare_digest(stored, wanted):
            steward = name
    return steward

