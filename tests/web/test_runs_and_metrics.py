"""Publish runs started over the API in the background, and the Prometheus exposition."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from publisher.app import create_app
from tests.web.catalogue import CATALOGUE, HIDDEN, PUBLIC, UNPUBLISHED, wait_for_run

pytestmark = pytest.mark.db


def test_post_run_needs_a_steward(client, seeded):
    response = client.post("/api/v1/runs", json={"dry_run": True})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_post_run_runs_in_the_background_and_reports_progress(client, seeded, steward, app):
    names = [PUBLIC, UNPUBLISHED]
    response = client.post("/api/v1/runs", json={"datasets": names, "dry_run": True},
                           headers=steward)
    assert response.status_code == 202
    body = response.get_json()
    assert response.headers["Location"] == f"/api/v1/runs/{body['id']}"
    assert body["dry_run"] is True
    assert body["status"] == "running" or body["finished_at"] is not None
    final = wait_for_run(client, response.headers["Location"], steward)
    for thread in app.extensions["publisher.run_threads"]:
        thread.join(timeout=30)
    final = client.get(response.headers["Location"], headers=steward).get_json()
    assert final["status"] != "running"
    assert final["finished_at"] is not None
    assert final["progress"]["total"] == len(names)
    assert final["progress"]["done"] == len(names)
    assert sorted(i["dataset"] for i in final["items"]) == sorted(names)
    assert all(i["outcome"] in {"published", "unchanged", "blocked", "failed", "withdrawn",
                                "planned"} for i in final["items"])
    assert sum(final["outcomes"].values()) == len(names)
    listed = client.get("/api/v1/runs", headers=steward).get_json()
    assert listed["items"][0]["id"] == body["id"]  # newest first
    assert listed["total"] == 2  # the seeded run and this one


def test_post_run_refuses_unknown_datasets(client, seeded, steward):
    response = client.post("/api/v1/runs", json={"datasets": ["no-such"]}, headers=steward)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "unknown-dataset"


def test_run_404_has_the_error_shape(client, steward):
    body = client.get("/api/v1/runs/999999", headers=steward).get_json()
    assert body["error"]["code"] == "not-found"


def _families(text):
    return {f.name: f for f in text_string_to_metric_families(text)}


def test_metrics_exposition(client, seeded):
    client.get("/api/v1/datasets")
    text = client.get("/metrics").get_data(as_text=True)
    families = _families(text)
    assert families["publisher_state_database_up"].samples[0].value == 1
    runs = families["publisher_runs"].samples
    assert any(s.name == "publisher_runs_total" and s.labels["status"] == "finished"
               for s in runs)
    outcomes = {s.labels["outcome"]: s.value for s in families["publisher_run_items"].samples
                if s.name == "publisher_run_items_total"}
    assert outcomes == {"published": len(CATALOGUE) - 1}
    errors = {s.labels["code"]: s.value for s in families["publisher_validation_errors"].samples}
    assert errors == {"type-error": 2, "missing-cell": 1}
    assert families["publisher_deidentified_cells"].samples[0].value == 7 * len(CATALOGUE)
    latency = families["publisher_http_request_duration_seconds"]
    assert any(s.labels.get("endpoint") == "status.list_datasets" for s in latency.samples)
    # no dataset names in a public endpoint
    for name in HIDDEN:
        assert name not in text


def test_each_app_has_its_own_registry(services):
    first, second = create_app(services=services), create_app(services=services)
    first.test_client().get("/api/v1/health")
    text = second.test_client().get("/metrics").get_data(as_text=True)
    assert 'endpoint="status.health"' not in text


def test_post_run_refuses_an_empty_list(client, seeded, steward):
    response = client.post("/api/v1/runs", json={"datasets": []}, headers=steward)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid-request"


def test_post_runs_answers_409_while_a_run_is_going(client, services, steward):
    from publisher.runlock import acquire

    with acquire(services):
        answer = client.post("/api/v1/runs", json={}, headers=steward)
    assert answer.status_code == 409
    assert answer.get_json()["error"]["code"] == "run-in-progress"
