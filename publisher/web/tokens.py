"""Steward tokens are the portal's API tokens: one store, hashed, created with
``publisher token create NAME`` and revoked with ``publisher token revoke NAME``."""

from __future__ import annotations

from sqlalchemy import select

from publisher.portal import auth
from publisher.portal.models import PortalToken
from publisher.services import Services

digest = auth.token_hash


def create_token(services: Services, name: str) -> str:
    """Make a new token for ``name``; returns the clear token (only its digest is stored)."""
    with services.db.session() as session:
        return auth.create_token(session, name)


def digests(services: Services) -> list[tuple[str, str]]:
    """(digest, name) of every live token."""
    query = select(PortalToken.token_sha256, PortalToken.name).where(
        PortalToken.revoked.is_(False))
    with services.db.session() as session:
        rows = session.execute(query).all()
    return [(str(row[0]), str(row[1])) for row in rows]
