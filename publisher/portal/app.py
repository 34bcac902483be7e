"""Mounting the portal: on a host's Flask app, or as a Flask app of its own.

The host (the publisher's app factory) calls :func:`init_app`; the publisher's client of the
embedded portal talks to :func:`create_portal_app` through a WSGI transport.
"""

from __future__ import annotations

from flask import Flask

from publisher.portal import shown, uploads
from publisher.portal.api import bp
from publisher.portal.config import EXTENSION, PortalConfig


def init_app(app: Flask, config: PortalConfig) -> None:
    """Mount the Action API blueprint on ``app`` and attach ``config`` as its extension."""
    app.extensions[EXTENSION] = config
    shown.install()
    uploads.install()
    app.register_blueprint(bp)


def create_portal_app(config: PortalConfig) -> Flask:
    """A Flask app serving the portal alone: the WSGI app the publisher's client talks to."""
    app = Flask("publisher.portal")
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    init_app(app, config)
    return app
