"""The embedded portal's resource ids of a dataset, for the API examples (read-only).

Asked of the portal through its own Action API (``package_show``, anonymous, over the WSGI
transport to the portal mounted on this app), never from its tables. When the publisher syncs
to another portal, the embedded one knows nothing of the dataset and the pages show a
``package_show`` example instead of an id.
"""

from __future__ import annotations

from typing import Any

import ckanapi
from flask import current_app

from publisher.portal.app import create_portal_app
from publisher.portal.config import config_of
from publisher.portal_client import EMBEDDED_BASE, USER_AGENT, wsgi_session

_READER = "publisher.portal_reader"


def _reader() -> Any:
    """An anonymous ckanapi client of the embedded portal, built once per app."""
    client = current_app.extensions.get(_READER)
    if client is None:
        portal = create_portal_app(config_of(current_app))
        client = ckanapi.RemoteCKAN(EMBEDDED_BASE, user_agent=USER_AGENT,
                                    session=wsgi_session(portal))
        current_app.extensions[_READER] = client
    return client


def resource_ids(dataset: str) -> dict[str, str]:
    """Resource name → portal resource id for the dataset's public package ({} when unknown)."""
    try:
        package = _reader().action.package_show(id=dataset)
    except (ckanapi.NotFound, ckanapi.NotAuthorized, ckanapi.ValidationError):
        return {}
    return {str(r["name"]): str(r["id"]) for r in package.get("resources") or []
            if isinstance(r, dict) and r.get("name") and r.get("id")}
