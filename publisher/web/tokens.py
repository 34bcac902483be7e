"""Tokens by scope, and the server-side sessions of signed-in stewards.

- ``steward``: signs in to the pages and the status API (approve, reject, withdraw, runs,
  requests register); kept here, in the state database. The portal does not know it, so a
  steward token can never write to the portal.
- ``admin``: tokens and settings; kept here too.
- ``publisher``: portal writes, for runs; kept in the portal's own token store
  (``publisher.portal.auth``), which this module reaches only through its functions.

A browser that signs in gets a random session id (Flask-Login keeps it in the signed cookie);
only its digest is stored, beside the token it was opened with. Signing out deletes it, and
revoking the token ends every session opened with it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import delete, select

from publisher.models import AccessToken, WebSession
from publisher.portal import auth
from publisher.services import Services

SCOPES = ("steward", "publisher", "admin")
PERSON_SCOPES = ("steward", "admin")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(services: Services, name: str, scope: str = "steward") -> str:
    """Make a new token for ``name`` in ``scope``; returns it in clear (only its digest is
    stored)."""
    if scope not in SCOPES:
        raise ValueError(f"unknown token scope: {scope}")
    token = secrets.token_urlsafe(32)
    with services.db.session() as session:
        if scope == "publisher":
            return auth.create_token(session, name)
        session.add(AccessToken(name=name, scope=scope, token_sha256=digest(token)))
    return token


def revoke(services: Services, name: str) -> int:
    """Revoke every token of ``name`` in every scope, and end their sessions; how many."""
    with services.db.session() as session:
        rows = list(session.scalars(select(AccessToken).where(
            AccessToken.name == name, AccessToken.revoked.is_(False))))
        for row in rows:
            row.revoked = True
        if rows:
            session.execute(delete(WebSession).where(
                WebSession.token_id.in_([r.id for r in rows])))
        return len(rows) + auth.revoke(session, name)


def _bare(header_value: str | None) -> str | None:
    if not header_value:
        return None
    token = header_value.strip()
    if token[:7].lower() == "bearer ":
        token = token[7:].strip()
    return token or None


def _live(services: Services, scope: str) -> list[tuple[int, str, str]]:
    with services.db.session() as session:
        rows = session.execute(select(AccessToken.id, AccessToken.token_sha256,
                                      AccessToken.name).where(
            AccessToken.revoked.is_(False), AccessToken.scope == scope)).all()
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def _match(services: Services, header_value: str | None,
           scope: str = "steward") -> tuple[int, str] | None:
    token = _bare(header_value)
    if token is None:
        return None
    wanted = digest(token)
    found = None
    # Every stored digest is compared, so the time taken says nothing about near misses.
    for token_id, stored, name in _live(services, scope):
        if hmac.compare_digest(stored, wanted):
            found = (token_id, name)
    return found


def verify_steward(services: Services, header_value: str | None) -> str | None:
    """The steward's name for a valid steward token (bare, or ``Bearer <token>``), else None."""
    found = _match(services, header_value)
    return found[1] if found else None


def open_session(services: Services, token: str) -> str | None:
    """A new session id for a valid steward token, else None."""
    found = _match(services, token)
    if found is None:
        return None
    session_id = secrets.token_urlsafe(32)
    with services.db.session() as session:
        session.add(WebSession(id_sha256=digest(session_id), token_id=found[0]))
    return session_id


def session_steward(services: Services, session_id: str) -> str | None:
    """The steward of a live session id, else None."""
    with services.db.session() as session:
        row = session.execute(
            select(AccessToken.name).join(WebSession, WebSession.token_id == AccessToken.id)
            .where(WebSession.id_sha256 == digest(session_id),
                   AccessToken.revoked.is_(False), AccessToken.scope == "steward")).first()
    return str(row[0]) if row else None


def close_session(services: Services, session_id: str) -> None:
    with services.db.session() as session:
        session.execute(delete(WebSession).where(WebSession.id_sha256 == digest(session_id)))
