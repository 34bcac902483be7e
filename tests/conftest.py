"""Shared fixtures: a fresh instance (database, folders) per test, the app, its client, the CLI
runner, and the app served over real HTTP on 127.0.0.1 for clients such as ckanapi.

Set PUBLISHER_TEST_DATABASE_URL to run the database tests on PostgreSQL: each test then gets a
schema of its own, dropped afterwards.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from publisher.app import create_app
from publisher.services import Services
from publisher.settings import load_settings

# No per-example deadline anywhere: on a machine loaded by other work an example of a fast path
# can take seconds, and a deadline would then fail a correct test (it did, at 279 ms of 200).
hypothesis_settings.register_profile("publisher", deadline=None)
hypothesis_settings.load_profile("publisher")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """SQLite in the test's folder, or a throwaway schema on PUBLISHER_TEST_DATABASE_URL."""
    base = os.environ.get("PUBLISHER_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'var' / 'publisher.db'}"
        return
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def settings_overrides(tmp_path: Path, database_url: str) -> dict[str, Any]:
    """Settings of a fresh instance over the repository's datasets and schemas."""
    return {
        "instance_dir": str(tmp_path / "var"),
        "datasets_dir": str(ROOT / "datasets"),
        "schemas_dir": str(ROOT / "schemas"),
        "database_url": database_url,
        "pseudonym_key": "test-key-not-secret",
    }


@pytest.fixture
def services(settings_overrides: dict[str, Any]) -> Iterator[Services]:
    svc = Services(load_settings(env={}, overrides=settings_overrides))
    yield svc
    svc.close()


@pytest.fixture
def app(services: Services) -> Flask:
    flask_app = create_app(services=services)
    flask_app.config["TESTING"] = True
    return flask_app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(services: Services) -> Any:
    """Invoke the CLI with this test's services: ``runner(["check", "--format", "json"])``."""
    from publisher.cli import main

    cli = CliRunner()

    def invoke(args: list[str], **kwargs: Any) -> Any:
        return cli.invoke(main, args, obj=services, catch_exceptions=False, **kwargs)

    return invoke


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app served over HTTP on 127.0.0.1 (a free port); yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    # Links are built from site_url (never the Host header): make it this server's address.
    services: Services = app.extensions["publisher"]
    services.settings = dataclasses.replace(services.settings, site_url=url)
    app.extensions["portal"] = dataclasses.replace(app.extensions["portal"], site_url=url)
    try:
        yield url
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def shared_standards() -> Path:
    """../shared/standards, or a skip with a message where it is absent (a user's clone)."""
    path = SHARED / "standards"
    if not path.is_dir():
        pytest.skip("../shared/standards is absent: standards-based checks are not run")
    return path


@pytest.fixture
def portal(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A portal to publish to: ``embedded`` (this app over HTTP) or ``ckan`` (a real CKAN)."""
    import ckanapi

    from tests.support.portals import Portal, real_ckan

    if request.param == "ckan":
        url, token = real_ckan()
    else:
        url = request.getfixturevalue("live_server")
        from publisher.web.tokens import create_token

        token = create_token(request.getfixturevalue("services"), "test-sysadmin", "publisher")
    client = ckanapi.RemoteCKAN(url, apikey=token)
    yield Portal(request.param, url, token, client)
    client.close()


@pytest.fixture
def portal_client(services: Services, live_server: str) -> Iterator[Any]:
    """A sysadmin ckanapi client of the embedded portal served by ``live_server``."""
    import ckanapi

    from publisher.web.tokens import create_token

    client = ckanapi.RemoteCKAN(live_server, apikey=create_token(services, "test-sysadmin",
                                                                     "publisher"))
    yield client
    client.close()
