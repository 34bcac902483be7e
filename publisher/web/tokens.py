"""Steward tokens: stored as SHA-256 digests, never in clear; the token is shown once.

This is the status API's own store. To share the portal's API tokens instead (one token
concept, created with ``publisher token create NAME``), point
:data:`publisher.web.auth.TOKEN_MODEL` at the portal's token class: it has the same
``token_sha256`` and ``name`` columns.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from publisher.models import Base, utcnow
from publisher.services import Services


class StewardToken(Base):
    __tablename__ = "steward_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked: Mapped[bool] = mapped_column(default=False)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(services: Services, name: str) -> str:
    """Make a new token for steward ``name``; returns the clear token (store only its digest)."""
    token = secrets.token_urlsafe(32)
    with services.db.session() as session:
        session.add(StewardToken(name=name, token_sha256=digest(token)))
    return token


def digests(services: Services, model: Any = StewardToken) -> list[tuple[str, str]]:
    """(digest, name) of every live token of ``model``: any mapped class with ``token_sha256``
    and ``name`` columns (and optionally ``revoked``), e.g. the portal's token table."""
    query = select(model.token_sha256, model.name)
    if hasattr(model, "revoked"):
        query = query.where(~model.revoked)
    with services.db.session() as session:
        rows = session.execute(query).all()
    return [(str(row[0]), str(row[1])) for row in rows]


# --- The catalogue pages' check: every store listed below that exists, one function. The
# imports stay local so that everything above is exactly the status API's module. ---

#: (table, digest column, name column) of every token store a steward token may come from.
#: One line to change to read another store (e.g. the portal's ``portal_tokens``).
STORES: tuple[tuple[str, str, str], ...] = (
    ("steward_tokens", "token_sha256", "name"),
    ("api_tokens", "token_sha256", "name"),
)


def stored_digests(services: Services) -> list[tuple[str, str]]:
    """(digest, name) of every live token in every store of :data:`STORES` that exists."""
    from sqlalchemy import inspect, text

    services.db.ensure_migrated()
    present = set(inspect(services.db.engine).get_table_names())
    found: list[tuple[str, str]] = []
    with services.db.session() as session:
        for table, digest_column, name_column in STORES:
            if table not in present:
                continue
            columns = {c["name"] for c in inspect(services.db.engine).get_columns(table)}
            where = " WHERE NOT revoked" if "revoked" in columns else ""
            rows = session.execute(text(
                f"SELECT {digest_column}, {name_column} FROM {table}{where}"))  # noqa: S608
            found += [(str(row[0]), str(row[1])) for row in rows]
    return found


def verify_steward(services: Services, token: str | None) -> str | None:
    """The steward's name for a valid token (with or without ``Bearer``), else None."""
    import hmac

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
    for stored, name in stored_digests(services):
        if hmac.compare_digest(stored, wanted):
            steward = name
    return steward
