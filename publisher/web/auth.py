"""Who is asking: anonymous, or a steward with a token (``Authorization: Bearer <token>``)."""

from __future__ import annotations

from flask import current_app, g, request

from publisher.services import Services
from publisher.web import tokens
from publisher.web.services import services_of


def verify_token(services: Services, header_value: str | None) -> str | None:
    """The steward's name for a valid ``Authorization`` header value, else None."""
    return tokens.verify_steward(services, header_value)


def current_steward() -> str | None:
    """The steward of this request (cached per request), or None for anonymous readers."""
    if "steward" not in g:
        g.steward = verify_token(services_of(current_app), request.headers.get("Authorization"))
    steward: str | None = g.steward
    return steward
