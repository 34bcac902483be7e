"""The status API over a real app and a real state database."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.web.catalogue import HIDDEN, PUBLIC, UNPUBLISHED

pytestmark = pytest.mark.db


def test_health_reports_version_database_and_embedded_portal(client):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["portal"] == "embedded"
    assert body["version"]


def test_anonymous_list_shows_published_proactive_only(client, seeded):
    body = client.get("/api/v1/datasets").get_json()
    assert [d["name"] for d in body["items"]] == [PUBLIC]
    assert body["total"] == 1
    item = body["items"][0]
    assert item["disclosure_attribute"] == "proactive"
    assert item["department"] == "综运科"
    assert item["catalogue_column"] == "公共服务"
    assert item["validation"]["state"] == "invalid"
    assert item["validation"]["counts"] == {"type-error": 2, "missing-cell": 1}
    # anonymous readers see the published release, not the newer unpublished one
    assert item["current_release"]["version"] == 1
    assert item["current_release"]["published"] is True
    assert item["last_publish"]["portal_url"].endswith("/dataset/bus-stops")
    # published 2025-01-01, monthly: due 2025-02-01, long overdue
    assert item["freshness"] == {"state": "overdue", "last_published": "2025-01-01",
                                 "next_due": "2025-02-01", "overdue": True}
    assert [d["kind"] for d in item["deadlines"]] == ["update"]
    assert item["deadlines"][0]["status"] == "missed"


def test_steward_list_shows_every_dataset_and_unpublished_releases(client, seeded, steward):
    body = client.get("/api/v1/datasets", headers=steward).get_json()
    names = {d["name"] for d in body["items"]}
    assert names == {PUBLIC, UNPUBLISHED, *HIDDEN}
    public = next(d for d in body["items"] if d["name"] == PUBLIC)
    assert public["current_release"] == {**public["current_release"], "version": 2,
                                         "published": False}
    draft = next(d for d in body["items"] if d["name"] == UNPUBLISHED)
    assert draft["published"] is False
    assert draft["freshness"]["state"] == "never-published"
    # a normative document issued 2024-09-27 and never published: the gazette deadline is missed
    gazette = next(d for d in draft["deadlines"] if d["kind"] == "gazette")
    assert gazette["due"] == "2024-10-02"
    assert gazette["status"] == "missed"


def test_detail_reports_need_a_steward(client, seeded, steward):
    anonymous = client.get(f"/api/v1/datasets/{PUBLIC}").get_json()
    assert anonymous["validation_report"] is None
    assert anonymous["deidentification_report"] is None
    detail = client.get(f"/api/v1/datasets/{PUBLIC}", headers=steward).get_json()
    assert detail["validation_report"][0]["counts"] == {"type-error": 2, "missing-cell": 1}
    assert detail["deidentification_report"]["cells"] == 7


def test_error_shape_is_pinned(client, seeded):
    missing = client.get("/api/v1/datasets/no-such-dataset")
    assert missing.status_code == 404
    assert set(missing.get_json()) == {"error"}
    assert set(missing.get_json()["error"]) == {"code", "message", "status"}
    assert missing.get_json()["error"]["code"] == "not-found"
    assert missing.get_json()["error"]["status"] == 404
    unknown_path = client.get("/api/v1/no/such/path").get_json()
    assert unknown_path["error"]["code"] == "not-found"
    no_token = client.post("/api/v1/runs", json={})
    assert no_token.status_code == 401
    assert no_token.get_json()["error"] == {
        "code": "unauthorized", "status": 401,
        "message": no_token.get_json()["error"]["message"]}
    bad_token = client.get("/api/v1/runs", headers={"Authorization": "Bearer nope"})
    assert bad_token.get_json()["error"]["code"] == "unauthorized"
    invalid = client.get("/api/v1/datasets?per_page=1000").get_json()
    assert invalid["error"]["code"] == "invalid-request"
    assert invalid["error"]["status"] == 422
    assert "per_page" in invalid["error"]["detail"]["query"]
    wrong_method = client.delete("/api/v1/datasets")
    assert wrong_method.status_code == 405
    assert wrong_method.get_json()["error"]["code"] == "method-not-allowed"


def test_hidden_and_unknown_datasets_answer_the_same_404(client, seeded):
    hidden = client.get(f"/api/v1/datasets/{HIDDEN[0]}")
    unknown = client.get("/api/v1/datasets/zz-unknown")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.get_json()["error"]["code"] == unknown.get_json()["error"]["code"]


def test_etag_and_if_none_match(client, seeded, steward, services):
    first = client.get("/api/v1/datasets", headers=steward)
    etag = first.headers["ETag"]
    assert etag
    again = client.get("/api/v1/datasets", headers={**steward, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    # anonymous readers see another list, so another validator
    assert client.get("/api/v1/datasets").headers["ETag"] != etag
    from publisher.models import ValidationReport

    with services.db.session() as session:
        session.add(ValidationReport(dataset=PUBLIC, resource="stops", source_sha256="b" * 64,
                                     valid=True, error_count=0, counts={}))
    changed = client.get("/api/v1/datasets", headers={**steward, "If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_pagination_total_and_links(client, seeded, steward):
    seen = []
    url = "/api/v1/datasets?per_page=1"
    while url:
        body = client.get(url, headers=steward).get_json()
        assert body["total"] == 4
        assert body["per_page"] == 1
        seen += [d["name"] for d in body["items"]]
        url = body["links"]["next"]
    assert sorted(seen) == sorted({PUBLIC, UNPUBLISHED, *HIDDEN})
    last = client.get("/api/v1/datasets?per_page=1&page=4", headers=steward)
    assert last.get_json()["links"]["prev"].endswith("page=3&per_page=1")
    assert 'rel="prev"' in last.headers["Link"]
    beyond = client.get("/api/v1/datasets?per_page=1&page=9", headers=steward).get_json()
    assert beyond["items"] == []


def test_deadlines_near_or_missed(client, seeded, steward, services):
    register = services.settings.instance_path / "deadlines.yaml"
    register.parent.mkdir(parents=True, exist_ok=True)
    register.write_text(
        "public_message_working_days: 3\n"
        "disclosure_requests:\n"
        "  - {id: '2024-007', received: 2024-02-01, answered: null}\n"
        "  - {id: '2024-008', received: 2024-02-01, answered: 2024-03-01}\n"
        "public_messages:\n"
        "  - {id: 'M-1', received: 2024-02-08, answered: 2024-02-20}\n", "utf-8")
    body = client.get("/api/v1/deadlines", headers=steward).get_json()
    assert body["today"] == date.today().isoformat()
    by_subject = {d["subject"]: d for d in body["items"]}
    assert by_subject["2024-007"]["due"] == "2024-03-05"
    assert by_subject["2024-007"]["status"] == "missed"
    assert "2024-008" not in by_subject  # answered in time
    assert by_subject["M-1"]["due"] == "2024-02-19"  # answered a day late
    assert by_subject["M-1"]["status"] == "missed"
    assert by_subject[UNPUBLISHED]["kind"] == "gazette"
    assert {d["status"] for d in body["items"]} <= {"near", "missed"}
    everything = client.get("/api/v1/deadlines?all=true", headers=steward).get_json()
    assert any(d["kind"] == "annual-report" for d in everything["items"])
    anonymous = client.get("/api/v1/deadlines").get_json()
    assert {d["subject"] for d in anonymous["items"]} <= {PUBLIC, "2025", "2026"}


def test_docs_page_has_no_external_assets(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/api/v1/openapi.json" in html
    # Examples show URLs as text; nothing the page loads or links to is on another host.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert all(path.startswith("/api/v1/") for path in spec["paths"])


def test_health_degrades_when_the_portal_does_not_answer(settings_overrides):
    from publisher.app import create_app

    # port 9 (discard) on 127.0.0.1: nothing listens, the connection is refused at once
    app = create_app({**settings_overrides, "portal_url": "http://127.0.0.1:9"})
    try:
        response = app.test_client().get("/api/v1/health")
    finally:
        app.extensions["publisher"].close()
    assert response.status_code == 503
    assert response.get_json()["portal"] == "unreachable"
    assert response.get_json()["status"] == "degraded"
