"""A run started over the status API works in a thread of the web process with the same
services, and reaches the embedded portal through the WSGI transport: it never builds a second
copy of the app nor listens on a port."""

from __future__ import annotations

import pytest
import werkzeug.serving

import publisher.app
from tests.web.catalogue import PUBLIC, wait_for_run

pytestmark = [pytest.mark.db, pytest.mark.slow]


def test_api_run_publishes_without_a_second_app_or_a_port(client, seeded, steward, app,
                                                          monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a run must not build another app or serve one on a port")

    monkeypatch.setattr(werkzeug.serving, "make_server", refuse)
    monkeypatch.setattr(publisher.app, "create_app", refuse)
    response = client.post("/api/v1/runs", json={"datasets": [PUBLIC], "dry_run": False},
                           headers=steward)
    assert response.status_code == 202
    wait_for_run(client, response.headers["Location"], steward)
    for thread in app.extensions["publisher.run_threads"]:
        thread.join(timeout=120)
    final = client.get(response.headers["Location"], headers=steward).get_json()
    assert final["status"] == "finished"
    assert [(i["dataset"], i["outcome"]) for i in final["items"]] == [(PUBLIC, "published")]
    shown = client.get(f"/api/3/action/package_show?id={PUBLIC}").get_json()
    assert shown["success"] is True
    assert shown["result"]["private"] is False
    assert [r["name"] for r in shown["result"]["resources"]] == ["stops"]


def test_post_runs_documents_and_answers_its_400(client, seeded, steward):
    spec = client.get("/api/v1/openapi.json").get_json()
    answers = spec["paths"]["/api/v1/runs"]["post"]["responses"]
    assert "400" in answers
    assert answers["400"]["content"]["application/json"]["schema"]["required"] == ["error"]
    response = client.post("/api/v1/runs", data="{not json",
                           headers={**steward, "Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad-request"
