"""Steward tokens are the portal's API tokens: one store, owned by the portal and reached
through its token functions (``publisher.portal.auth``), never its tables; created with
``publisher token create NAME`` and revoked with ``publisher token revoke NAME``."""

from __future__ import annotations

import hmac

from publisher.portal import auth
from publisher.services import Services

digest = auth.token_hash


def create_token(services: Services, name: str) -> str:
    """Make a new token for ``name``; returns the clear token (only its digest is stored)."""
    with services.db.session() as session:
        return auth.create_token(session, name)


def digests(services: Services) -> list[tuple[str, str]]:
    """(digest, name) of every live token."""
    with services.db.session() as session:
        return auth.live_tokens(session)


def verify_steward(services: Services, header_value: str | None) -> str | None:
    """The steward's name for a valid token (bare, or ``Bearer <token>``), else None."""
    if not header_value:
        return None
    token = header_value.strip()
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
