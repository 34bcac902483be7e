"""The portal's own configuration, attached to a Flask app by ``publisher.portal.app.init_app``.

The portal knows nothing of the service around it: whoever mounts it hands in a session factory
over the database that holds its tables, the folder for uploaded files, the public site URL and
the version string ``status_show`` reports.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from flask import Flask
from sqlalchemy.orm import Session

from publisher.portal.limits import Limits
from publisher.portal.searchcache import SearchCache

EXTENSION = "portal"


class SessionFactory(Protocol):
    """Opens a session; ``write=True`` asks for the database's write lock up front (SQLite's
    BEGIN IMMEDIATE), so two writers queue instead of failing half-way."""

    def __call__(self, *, write: bool = False) -> AbstractContextManager[Session]: ...


@dataclass(frozen=True)
class PortalConfig:
    """What the portal needs from its host.

    ``session()`` opens a session that commits on success and rolls back on any error.
    ``limits``: CKAN's paging defaults and maximums (CKAN 2.12's values unless set).
    ``search_cache``: package_search answers kept per catalogue generation (this app's).
    """

    session: SessionFactory
    uploads_dir: Path
    site_url: str = ""
    version: str = ""
    site_title: str = "汕尾市交通运输局开放数据"
    limits: Limits = Limits()
    search_cache: SearchCache = field(default_factory=SearchCache)


def config_of(app: Flask) -> PortalConfig:
    config: PortalConfig = app.extensions[EXTENSION]
    return config
