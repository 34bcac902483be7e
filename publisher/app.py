"""The Flask app factory: one blueprint per surface, nothing built at import time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from publisher.services import Services
from publisher.settings import load_settings


def create_app(config: Mapping[str, Any] | None = None, *,
               services: Services | None = None) -> Flask:
    """Build the app; ``config`` overrides settings by name (e.g. ``{"database_url": …}``)."""
    if services is None:
        services = Services(load_settings(overrides=config))
    app = Flask(__name__)
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["publisher"] = services

    from publisher.web import health, pages

    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    return app


def services_of(app: Flask) -> Services:
    services: Services = app.extensions["publisher"]
    return services
