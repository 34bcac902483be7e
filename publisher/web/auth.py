"""Who is asking: anonymous, or a steward with a token (``Authorization: Bearer <token>``)."""

from __future__ import annotations

import hmac

from flask import current_app, g, request

from publisher.app import services_of
from publisher.services import Services
from publisher.web import tokens


def verify_token(services: Services, header_value: str | None) -> str | None:
    """The steward's name for a valid ``Authorization`` header value, else None."""
    if not header_value:
        return None
    token = header_value.strip()
    if token[:7].lower() == "bearer ":
        token = token[7:].strip()
    if not token:
        return None
    wanted = tokens.digest(token)
    steward = None
    # Compare against every digest in constant time, so timing says nothing about near misses.
    for stored, name in tokens.digests(services):
        if hmac.compare_digest(stored, wanted):
            steward = name
    return steward


def current_steward() -> str | None:
    """The steward of this request (cached per request), or None for anonymous readers."""
    if "steward" not in g:
        g.steward = verify_token(services_of(current_app), request.headers.get("Authorization"))
    steward: str | None = g.steward
    return steward
