"""The breaks of the security probe (issue 15), each reproduced and shown refused or harmless:
ids that were paths, uploads served as active content, anonymous 500s, writes left committed by
a failed request, unbounded bodies, the Host header in links, versions in ``Server:``."""

from __future__ import annotations

import dataclasses
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from publisher.app import create_app
from publisher.db import Database, driver_url
from publisher.portal.auth import create_token
from publisher.portal.params import is_valid_id
from publisher.portal.uploads import UnsafeId, resource_folder
from publisher.services import Services
from publisher.web.security import SERVER

pytestmark = pytest.mark.db


@pytest.fixture
def token(services: Services) -> str:
    with services.db.session() as session:
        return create_token(session, "test")


def post(client: FlaskClient, action: str, body: Any, token: str | None = None,
         **kwargs: Any) -> Any:
    headers = {"Authorization": token} if token else {}
    if isinstance(body, bytes | str):
        return client.post(f"/api/3/action/{action}", data=body, headers=headers,
                           content_type="application/json", **kwargs)
    return client.post(f"/api/3/action/{action}", json=body, headers=headers, **kwargs)


@pytest.fixture
def package(client: FlaskClient, token: str) -> dict[str, Any]:
    assert post(client, "organization_create", {"name": "bureau"}, token).status_code == 200
    reply = post(client, "package_create", {"name": "stops", "owner_org": "bureau"}, token)
    assert reply.status_code == 200
    result: dict[str, Any] = reply.get_json()["result"]
    return result


def upload(client: FlaskClient, token: str, package_id: str, filename: str,
           content: bytes, **fields: str) -> dict[str, Any]:
    reply = client.post("/api/3/action/resource_create", headers={"Authorization": token},
                        data={"package_id": package_id, "name": filename, **fields,
                              "upload": (io.BytesIO(content), filename)})
    assert reply.status_code == 200, reply.get_json()
    result: dict[str, Any] = reply.get_json()["result"]
    return result


def local(services: Services, url: str) -> str:
    return url.removeprefix(services.settings.site_url.rstrip("/"))


# 1. A caller-chosen resource id is never a path.

@pytest.mark.parametrize("bad", ["../../../victim", "..", "a/b", "/etc", "x" * 101, "A B",
                                 "..\\victim", "%2e%2e"])
def test_a_resource_id_that_is_a_path_is_refused(client: FlaskClient, token: str,
                                                 services: Services, package: dict[str, Any],
                                                 bad: str) -> None:
    victim = services.settings.instance_path / "victim"
    victim.mkdir(parents=True, exist_ok=True)
    (victim / "keep.txt").write_text("kept", "utf-8")
    reply = client.post("/api/3/action/package_update", headers={"Authorization": token},
                        data={"id": package["id"], "name": "stops", "owner_org": "bureau",
                              "resources": json.dumps([{"id": bad, "name": "x"}]),
                              "upload": (io.BytesIO(b"evil"), "evil.csv")})
    assert reply.status_code == 409
    assert reply.get_json()["error"]["__type"] == "Validation Error"
    assert [p.name for p in victim.iterdir()] == ["keep.txt"]
    assert (victim / "keep.txt").read_text("utf-8") == "kept"
    show = post(client, "package_show", {"id": package["id"]}, token).get_json()["result"]
    assert show["resources"] == []


def test_a_resource_id_of_another_package_is_refused(client: FlaskClient, token: str,
                                                     package: dict[str, Any]) -> None:
    other = post(client, "package_create", {"name": "other", "owner_org": "bureau"}, token)
    res = upload(client, token, other.get_json()["result"]["id"], "a.csv", b"a\n1\n")
    reply = post(client, "package_update", {"id": package["id"], "name": "stops",
                                            "owner_org": "bureau",
                                            "resources": [{"id": res["id"], "name": "stolen"}]},
                 token)
    assert reply.status_code == 409


def test_a_package_id_that_is_a_path_is_refused(client: FlaskClient, token: str,
                                                package: dict[str, Any]) -> None:
    reply = post(client, "package_create", {"name": "p2", "id": "../x", "owner_org": "bureau"},
                 token)
    assert reply.status_code == 409 and "id" in reply.get_json()["error"]


def test_upload_folders_stay_inside_the_uploads_folder(tmp_path: Path) -> None:
    assert resource_folder(tmp_path, "0f0cdbd3-064e-4c8f-b34e-56aff4c86483").parent == \
        (tmp_path / "resources").resolve()
    for bad in ("../x", "..", "", "a/b", "/abs", "A"):
        with pytest.raises(UnsafeId):
            resource_folder(tmp_path, bad)
    assert is_valid_id("../0f0cdbd3-064e-4c8f-b34e-56aff4c86483") is False
    assert is_valid_id("bus-stops") and not is_valid_id("a")


def test_a_replaced_upload_is_never_served(client: FlaskClient, token: str, services: Services,
                                           package: dict[str, Any]) -> None:
    res = upload(client, token, package["id"], "stops.csv", b"a,b\n1,2\n")
    url = local(services, res["url"])
    with client.get(url) as ok:
        assert ok.status_code == 200 and ok.data == b"a,b\n1,2\n"
    stored = resource_folder(services.settings.instance_path / "uploads", res["id"])
    (file,) = stored.rglob("stops.csv")  # kept by content: <id>/<sha256>/stops.csv
    file.write_bytes(b"a,b\n6,6\n")
    with client.get(url) as refused:
        assert refused.status_code == 404
    assert "_upload_sha256" not in json.dumps(res)


# 3. Uploads are attachments typed by the allow-list; every answer has security headers.

@pytest.mark.parametrize(("filename", "mimetype", "served"), [
    ("page.html", "", "application/octet-stream"),
    ("image.svg", "", "application/octet-stream"),
    ("data.csv", "text/html", "text/csv"),
    ("notes.txt", "text/html", "text/plain"),
    ("report.pdf", "", "application/pdf"),
])
def test_uploads_are_attachments_of_an_allowed_type(client: FlaskClient, token: str,
                                                    services: Services, package: dict[str, Any],
                                                    filename: str, mimetype: str,
                                                    served: str) -> None:
    fields = {"mimetype": mimetype} if mimetype else {}
    res = upload(client, token, package["id"], filename, b"<script>alert(1)</script>",
                 **fields)
    with client.get(local(services, res["url"])) as reply:
        assert reply.status_code == 200
        assert reply.mimetype == served
        assert reply.headers["Content-Disposition"].startswith("attachment")
        assert reply.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/", "/api/3/action/status_show", "/api/v1/health",
                                 "/api/v1/docs", "/status", "/no-such-page"])
def test_every_answer_has_security_headers(client: FlaskClient, url: str) -> None:
    reply = client.get(url)
    csp = reply.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
    assert "script-src 'self'" in csp
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert reply.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client: FlaskClient) -> None:
    for url in ("/", "/api/v1/docs"):
        html = client.get(url).get_data(as_text=True)
        assert "<style" not in html and " style=" not in html
        assert all("src=" in tag for tag in html.split("<script")[1:])


# 4. Anonymous callers cannot cause 500s; a failed write leaves nothing behind.

BAD_BODIES = [
    ("package_search", '{"q": "\\ud800"}'),
    ("package_search", '{"rows": 9223372036854775808}'),
    ("package_search", '{"start": 99999999999999999999999}'),
    ("package_list", '{"offset": 9223372036854775808}'),
    ("package_list", '{"limit": "9223372036854775808"}'),
    ("current_package_list_with_resources", '{"limit": 1e400}'),
    ("package_search", '{"rows": Infinity}'),
    ("package_search", '{"rows": NaN}'),
    ("package_search", '{"fq_list": {"a": 1}}'),
    ("package_search", '{"facet.field": "[\\"tags\\""}'),
    ("datastore_search", '{"resource_id": "x", "fields": {}}'),
    ("package_show", '{"id": "a\\u0000b"}'),
    ("package_show", '{"id": {"x": 1}}'),
    ("package_search", '{"q": "x\\u0000"}'),
    ("organization_list", '{"organizations": 5}'),
    ("package_show", '{"id": ' + "[" * 1000 + "]" * 1000 + "}"),
    ("package_show", "[" * 100_000 + "]" * 100_000),
    ("tag_list", '{"query": ["x"]}'),
]


@pytest.mark.parametrize(("action", "body"), BAD_BODIES)
def test_anonymous_bad_parameters_get_a_clear_4xx(client: FlaskClient, action: str,
                                                  body: str) -> None:
    reply = post(client, action, body)
    assert 400 <= reply.status_code < 500, reply.get_data(as_text=True)[:300]
    envelope = reply.get_json()
    assert envelope["success"] is False
    assert envelope["error"]["__type"] in ("Validation Error", "Bad request", "Not Found Error")


def test_a_lone_surrogate_is_never_stored(client: FlaskClient, token: str,
                                          package: dict[str, Any]) -> None:
    body = '{"name": "bad", "owner_org": "bureau", "notes": "\\ud800"}'
    reply = post(client, "package_create", body, token)
    assert reply.status_code == 409 and "notes" in reply.get_json()["error"]
    search = post(client, "package_search", {"q": "*:*"})
    assert search.status_code == 200 and search.get_json()["result"]["count"] == 1


def test_a_failed_write_leaves_nothing_committed(client: FlaskClient, token: str,
                                                 package: dict[str, Any]) -> None:
    reply = post(client, "package_create", {
        "name": "half", "owner_org": "bureau",
        "resources": [{"name": "ok", "url": "http://example.invalid/a.csv"},
                      {"id": "../escape", "name": "bad"}]}, token)
    assert reply.status_code == 409
    assert post(client, "package_show", {"id": "half"}, token).status_code == 404
    reply = post(client, "package_update", {
        "id": package["id"], "name": "stops", "owner_org": "bureau", "title": "changed",
        "resources": [{"name": "ok"}, "not a dict"]}, token)
    assert reply.status_code == 409
    shown = post(client, "package_show", {"id": package["id"]}, token).get_json()["result"]
    assert shown["title"] == "stops" and shown["resources"] == []


# 5. Bodies are capped before they are read.

def test_a_body_over_the_limit_is_refused_before_it_is_read(
        settings_overrides: dict[str, Any]) -> None:
    services = Services(dataclasses.replace(_settings(settings_overrides), max_request_mb=1))
    try:
        app = create_app(services=services)
        client = app.test_client()
        big = b'{"q": "' + b"x" * (2 * 1024 * 1024) + b'"}'
        assert post(client, "package_search", big).status_code == 413
        assert post(client, "package_search", b'{"q": "x"}').status_code == 200
    finally:
        services.close()


def _settings(overrides: dict[str, Any]) -> Any:
    from publisher.settings import load_settings

    return load_settings(env={}, overrides=overrides)


# 6. Links follow site_url, never the Host header; Server names no versions; plain
#    postgresql:// URLs work.

def test_links_come_from_site_url_not_the_host_header(client: FlaskClient, token: str,
                                                      services: Services,
                                                      package: dict[str, Any]) -> None:
    res = upload(client, token, package["id"], "a.csv", b"a\n1\n")
    shown = client.post("/api/3/action/resource_show", json={"id": res["id"]},
                        headers={"Host": "evil.example"}).get_json()
    site = services.settings.site_url.rstrip("/")
    assert shown["result"]["url"].startswith(site + "/dataset/")
    assert "evil.example" not in json.dumps(shown)


@pytest.fixture
def served(app: Flask) -> Iterator[str]:
    """The app on waitress with the ident ``publisher serve`` gives it."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=0, ident=SERVER)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        # Closed from inside the server's own loop: closing its sockets from this thread races
        # the loop's select() (EBADF in the loop thread).
        from waitress import wasyncore

        server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        thread.join(timeout=30)


def test_the_server_header_names_no_versions(served: str) -> None:
    reply = requests.get(f"{served}/api/3/action/status_show", timeout=30)
    assert reply.headers["Server"] == SERVER
    assert "/" not in reply.headers["Server"] and "Python" not in reply.headers["Server"]


def test_a_plain_postgresql_url_uses_psycopg3(database_url: str) -> None:
    assert driver_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert driver_url("postgresql+psycopg2://u@h/db") == "postgresql+psycopg2://u@h/db"
    assert driver_url("sqlite:///x.db") == "sqlite:///x.db"
    if not database_url.startswith("postgresql"):
        return
    plain = "postgresql://" + database_url.split("://", 1)[1]
    db = Database(plain)
    try:
        assert db.engine.dialect.driver == "psycopg"
        with db.session() as session:
            from sqlalchemy import text

            assert session.execute(text("SELECT 1")).scalar() == 1
    finally:
        db.dispose()
