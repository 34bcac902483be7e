"""The app factory: one blueprint per surface, nothing built at import time.

The app is an :class:`apiflask.APIFlask`, so the status API's OpenAPI document is generated
from its views (``/api/v1/openapi.json``). Its JSON errors stay off app-wide: the portal
speaks CKAN's envelope and the pages speak HTML; ``publisher.web.errors`` gives ``/api/v1``
its own error shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apiflask import APIFlask
from flask import Flask

from publisher import __version__
from publisher.services import Services
from publisher.settings import load_settings


def create_app(config: Mapping[str, Any] | None = None, *,
               services: Services | None = None) -> APIFlask:
    """Build the app; ``config`` overrides settings by name (e.g. ``{"database_url": …}``)."""
    if services is None:
        services = Services(load_settings(overrides=config))
    app = APIFlask(__name__, title="Shanwei transport open-data publisher: status API",
                   version=__version__, spec_path="/api/v1/openapi.json", docs_path=None,
                   json_errors=False)
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["publisher"] = services

    from publisher import metrics
    from publisher.portal import api as portal_api
    from publisher.web import api, errors, feeds, pages, security

    security.init_app(app)
    errors.init_app(app)
    metrics.init_app(app)
    api.init_app(app)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(portal_api.bp)
    return app


def services_of(app: Flask) -> Services:
    services: Services = app.extensions["publisher"]
    return services
