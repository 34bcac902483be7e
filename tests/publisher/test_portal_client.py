"""The publisher reaches the embedded portal through ckanapi and a WSGI transport, as any CKAN:
no second app, no port, a run token that ends with the run."""

from __future__ import annotations

import io
from contextlib import contextmanager
from pathlib import Path

import ckanapi
import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from publisher import __version__
from publisher.portal.app import create_portal_app
from publisher.portal.auth import live_tokens
from publisher.portal.config import PortalConfig
from publisher.portal.models import Base as PortalBase
from publisher.portal_client import (
    EMBEDDED_BASE,
    open_portal,
    portal_config,
    run_token_name,
    wsgi_session,
)
from publisher.wsgi_transport import WSGIAdapter

pytestmark = pytest.mark.db


def test_embedded_portal_is_reached_through_a_wsgi_transport(services):
    with open_portal(services) as (client, url):
        assert url == services.settings.site_url.rstrip("/")
        assert client.address == EMBEDDED_BASE
        assert isinstance(client.session.get_adapter(EMBEDDED_BASE + "/api/3/action/x"),
                          WSGIAdapter)
        status = client.action.status_show()
        assert status["publisher_version"] == __version__
        assert status["site_url"] == url


def test_writes_uploads_and_downloads_go_through_the_transport(services):
    content = "站点,线路\n汕尾站,1\n".encode()
    with open_portal(services) as (client, _url):
        client.action.organization_create(name="bureau", title="交通运输局")
        client.action.package_create(name="stops", title="公交站点", owner_org="bureau")
        res = client.call_action("resource_create", {"package_id": "stops", "name": "stops"},
                                 files={"upload": ("stops.csv", io.BytesIO(content))})
        assert res["url"].endswith("/download/stops.csv")
        download = client.session.get(res["url"])
        assert download.status_code == 200
        assert download.content == content
        shown = client.action.package_show(id="stops")
        assert [r["id"] for r in shown["resources"]] == [res["id"]]


def test_the_run_token_is_revoked_when_the_portal_is_closed(services):
    token_name = run_token_name(7)
    with open_portal(services, run_id=7) as (client, _url):
        with services.db.session() as session:
            assert token_name in {name for _, name in live_tokens(session)}
        client.action.organization_create(name="bureau", title="交通运输局")
    with services.db.session() as session:
        assert token_name not in {name for _, name in live_tokens(session)}
    anonymous = ckanapi.RemoteCKAN(EMBEDDED_BASE, session=wsgi_session(
        create_portal_app(portal_config(services))))
    with pytest.raises(ckanapi.NotAuthorized):
        anonymous.action.organization_create(name="other", title="其他")


def test_the_portal_runs_alone_over_its_own_tables(tmp_path: Path):
    """The portal needs only its configuration: a session factory, uploads, URL and version."""
    engine = create_engine(f"sqlite:///{tmp_path / 'portal.db'}")
    PortalBase.metadata.create_all(engine)
    factory = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def session(*, write=False):
        with factory() as s, s.begin():
            yield s

    config = PortalConfig(session=session, uploads_dir=tmp_path / "uploads",
                          site_url="http://portal.test", version="9.9")
    client = ckanapi.RemoteCKAN("http://portal.test",
                                session=wsgi_session(create_portal_app(config),
                                                     "http://portal.test"))
    status = client.action.status_show()
    assert status["publisher_version"] == "9.9"
    assert client.action.package_search()["count"] == 0
    engine.dispose()
