"""The pages' release downloads serve a file only while it has the checksum its release
recorded (issue 15: a replaced release file was served)."""

from __future__ import annotations

import base64
import dataclasses
import re
import zlib

import pytest

from publisher.services import Services
from publisher.web import tokens
from tests.browser import published_state as ps

pytestmark = pytest.mark.db


@pytest.fixture
def settings_overrides(tmp_path, database_url):
    return ps.overrides(tmp_path, database_url)


def test_a_replaced_release_file_is_never_served(client, services):
    ps.build(services)
    url = "/datasets/bus-stops/releases/1/bus.csv"
    with client.get(url) as ok:
        assert ok.status_code == 200
    [path] = (services.settings.instance_path / "releases").glob("bus-stops/1/data/bus.csv")
    path.chmod(0o644)
    path.write_text("stop_id,stop_name,district\nS0001,替换,x\n", "utf-8")
    with client.get(url) as refused:
        assert refused.status_code == 404
    page = client.get("/datasets/bus-stops").get_data(as_text=True)
    assert "替换" not in page  # nor previewed


def test_examples_use_site_url_not_the_host_header(client, services):
    ps.build(services)
    page = client.get("/datasets/bus-stops", headers={"Host": "evil.example"})
    assert page.status_code == 200
    assert "evil.example" not in page.get_data(as_text=True)


@pytest.mark.parametrize("prefix", ["/api/v1/datasets/", "/datasets/"])
def test_unknown_and_withheld_names_do_the_same_work(client, services, monkeypatch, prefix):
    ps.build(services)
    loads: list[str] = []
    real = services.load

    def counting(name):
        loads.append(name)
        return real(name)

    monkeypatch.setattr(services, "load", counting)
    work = {}
    for name in ("personnel-files", "no-such-dataset"):
        loads.clear()
        assert client.get(prefix + name).status_code == 404
        work[name] = len(loads)
    assert work["personnel-files"] == work["no-such-dataset"] >= 1


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def cookie_value(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def sign_in(client, token: str):
    csrf = csrf_of(client.get("/status").get_data(as_text=True))
    return client.post("/status/login", data={"token": token, "csrf_token": csrf})


def test_sign_in_without_the_csrf_token_is_refused(client, services):
    state = ps.build(services)
    refused = client.post("/status/login", data={"token": state.token},
                          headers={"Origin": "http://evil.example"})
    assert refused.status_code == 400
    assert client.get("/status").status_code == 401
    assert sign_in(client, state.token).status_code == 303


def test_the_cookie_holds_a_session_id_not_the_token(client, services):
    state = ps.build(services)
    assert sign_in(client, state.token).status_code == 303
    raw = cookie_value(client)
    payload = raw.split(".")[0].lstrip(".")
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    try:
        decoded = zlib.decompress(decoded)
    except zlib.error:
        pass
    assert state.token not in raw and state.token.encode() not in decoded
    assert "steward_token" not in decoded.decode("utf-8", "replace")


def test_a_cookie_copied_before_sign_out_is_dead_after_it(app, services):
    state = ps.build(services)
    client = app.test_client()
    assert sign_in(client, state.token).status_code == 303
    copied = cookie_value(client)
    html = client.get("/status").get_data(as_text=True)
    assert client.post("/status/logout", data={"csrf_token": csrf_of(html)}).status_code == 303
    thief = app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/status").status_code == 401


def test_revoking_the_token_ends_its_sessions(app, services, runner):
    state = ps.build(services)
    client = app.test_client()
    assert sign_in(client, state.token).status_code == 303
    assert client.get("/status").status_code == 200
    assert runner(["token", "revoke", "测试管理员"]).exit_code == 0
    assert client.get("/status").status_code == 401


def test_session_cookie_flags(app, services):
    state = ps.build(services)
    client = app.test_client()
    reply = sign_in(client, state.token)
    header = reply.headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header
    assert "Secure" not in header  # the test site URL is http
    https = dataclasses.replace(services.settings, site_url="https://data.example.gov.cn")
    from publisher.app import create_app

    secure = create_app(services=Services(https)).test_client()
    reply = sign_in(secure, state.token)
    assert reply.status_code == 303 and "Secure" in reply.headers["Set-Cookie"]


def test_steward_tokens_cannot_write_to_the_portal(client, services):
    state = ps.build(services)
    body = {"name": "bureau-x", "title": "x"}
    refused = client.post("/api/3/action/organization_create", json=body,
                          headers={"Authorization": state.token})
    assert refused.status_code == 403
    assert client.get("/api/v1/runs",
                      headers={"Authorization": f"Bearer {state.token}"}).status_code == 200
    writer = tokens.create_token(services, "run-bot", "publisher")
    assert client.get("/api/v1/runs",
                      headers={"Authorization": f"Bearer {writer}"}).status_code == 401
    made = client.post("/api/3/action/organization_create", json=body,
                       headers={"Authorization": writer})
    assert made.status_code == 200
