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

    from publisher import metrics
    from publisher.portal.app import init_app as init_portal
    from publisher.portal_client import portal_config

    # The pictures, field titles and Excel-friendly downloads register on the pages' blueprint.
    from publisher.web import (
        api,
        errors,
        feeds,
        office,
        pages,
        pages_views,  # noqa: F401
        security,
    )
    from publisher.web.services import init_app as attach_services

    attach_services(app, services)
    security.init_app(app)
    errors.init_app(app)
    metrics.init_app(app)
    api.init_app(app)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(pages.bp)
    init_portal(app, portal_config(services))
    office.init_app(app)
    return app
