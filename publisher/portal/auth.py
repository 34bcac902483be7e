"""API tokens: created once, stored as SHA-256, checked in constant time on every request."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from publisher.portal.context import new_id, now
from publisher.portal.models import PortalToken

# Built once: every authenticated request runs it, and building the statement costs more than
# running it.
_BY_DIGEST = select(PortalToken.name, PortalToken.revoked, PortalToken.token_sha256).where(
    PortalToken.token_sha256 == bindparam("digest"))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, name: str) -> str:
    """A new token for ``name``; only its hash is kept, so this is the one time it is seen."""
    token = secrets.token_urlsafe(32)
    session.add(PortalToken(id=new_id(), name=name, token_sha256=token_hash(token),
                            created=now()))
    session.flush()
    return token


def token_user(session: Session, header: str | None) -> str | None:
    """The name the token in an ``Authorization`` header was created for, or None."""
    if not header:
        return None
    token = header.strip()
    if token.lower().startswith("bearer "):
        token = token[7:].strip()
    digest = token_hash(token)
    row = session.connection().execute(_BY_DIGEST, {"digest": digest}).first()  # Core: cheaper
    if row is not None and not row.revoked and hmac.compare_digest(row.token_sha256, digest):
        return str(row.name)
    return None


def live_tokens(session: Session) -> list[tuple[str, str]]:
    """(SHA-256 digest, name) of every token that is not revoked."""
    query = select(PortalToken.token_sha256, PortalToken.name).where(
        PortalToken.revoked.is_(False))
    return [(str(row[0]), str(row[1])) for row in session.execute(query).all()]


def revoke(session: Session, name: str) -> int:
    """Revoke every live token of ``name``; returns how many."""
    rows = list(session.scalars(select(PortalToken).where(PortalToken.name == name,
                                                          PortalToken.revoked.is_(False))))
    for row in rows:
        row.revoked = True
    return len(rows)
