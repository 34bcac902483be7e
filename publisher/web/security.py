"""Headers and limits every response of the app gets, whatever the surface.

Flask-Talisman sets the Content-Security-Policy (no inline script or style, no framing),
``X-Content-Type-Options: nosniff``, ``X-Frame-Options`` and the Referrer-Policy, and marks the
session cookie HttpOnly, and Secure when the site URL is https. The request body is capped
(``max_request_mb``) before it is read, and ``Server:`` names no versions.
"""

from __future__ import annotations

from flask import Flask
from flask_talisman import Talisman

from publisher.services import Services

SERVER = "shanwei-transport-publisher"
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def is_https(services: Services) -> bool:
    return services.settings.site_url.lower().startswith("https://")


def init_app(app: Flask) -> None:
    services: Services = app.extensions["publisher"]
    https = is_https(services)
    app.config["MAX_CONTENT_LENGTH"] = services.settings.max_request_mb * 1024 * 1024
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SECURE"] = https
    Talisman(app, force_https=False, strict_transport_security=https,
             session_cookie_secure=https, session_cookie_http_only=True,
             frame_options="DENY", content_security_policy=CSP,
             referrer_policy="strict-origin-when-cross-origin",
             permissions_policy={}, document_policy={})
