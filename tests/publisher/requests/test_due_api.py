"""The status API lists overdue requests and those due this week, for stewards only."""

from __future__ import annotations

from datetime import date

import pytest

from publisher.requests import clock as ck
from publisher.requests import register as reg
from publisher.web.tokens import create_token

pytestmark = pytest.mark.db
NAME = "测试申请人丙"


@pytest.fixture
def headers(services):
    return {"Authorization": f"Bearer {create_token(services, 'steward-test')}"}


def _register(services):
    with services.db.session() as session:
        for ref, received in (("A", date(2018, 9, 28)), ("B", date(2018, 10, 8)),
                              ("C", date(2018, 10, 25))):
            reg.add_request(session, reference=ref, received=received, channel="网络",
                            applicant_type="自然人", content="", actor="st",
                            applicant={"name": NAME})
        reg.add_step(session, "C", kind=ck.REPLY, day=date(2018, 11, 2), actor="st",
                     outcome="disclosed")


def test_an_overdue_request_shows_on_the_status_api(client, services, headers):
    _register(services)
    answer = client.get("/api/v1/requests/due?today=2018-11-05", headers=headers)
    assert answer.status_code == 200
    body = answer.get_json()
    assert [(i["reference"], i["due"], i["days_left"], i["overdue"])
            for i in body["overdue"]] == [("A", "2018-10-31", -5, True)]
    assert [i["reference"] for i in body["due_this_week"]] == ["B"]
    assert body["week_ends"] == "2018-11-11"
    assert body["annual_report"] == {"year": 2018, "due": "2019-01-31", "days_left": 87,
                                     "rule": "by 31 January of the following year (Art. 49)"}
    assert NAME not in answer.get_data(as_text=True)


def test_without_a_day_it_counts_from_today(client, services, headers):
    _register(services)
    body = client.get("/api/v1/requests/due", headers=headers).get_json()
    assert {i["reference"] for i in body["overdue"]} == {"A", "B"}  # years ago
    assert date.fromisoformat(body["today"]) == date.today()


def test_anonymous_readers_get_401(client, services):
    _register(services)
    answer = client.get("/api/v1/requests/due")
    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"] == "unauthorized"


def test_the_annual_report_deadline_is_a_setting(settings_overrides):
    from publisher.app import create_app
    from publisher.services import Services
    from publisher.settings import load_settings

    services = Services(load_settings(env={}, overrides={**settings_overrides,
                                                         "annual_report_due": "01-26"}))
    try:
        token = create_token(services, "steward-test")
        client = create_app(services=services).test_client()
        body = client.get("/api/v1/requests/due?today=2019-01-27",
                          headers={"Authorization": f"Bearer {token}"}).get_json()
        assert body["annual_report"]["year"] == 2019  # 26 January 2019 has passed
        assert body["annual_report"]["due"] == "2020-01-26"
        listed = client.get("/api/v1/deadlines?all=true",
                            headers={"Authorization": f"Bearer {token}"}).get_json()
        reports = [i for i in listed["items"] if i["kind"] == "annual-report"]
        assert len(reports) == 1 and reports[0]["due"].endswith("-01-26")
    finally:
        services.close()


def test_open_requests_are_among_the_stewards_deadlines(client, services, headers):
    _register(services)
    items = client.get("/api/v1/deadlines?all=true", headers=headers).get_json()["items"]
    requests_due = {i["subject"]: i for i in items if i["kind"] == "disclosure-request"}
    assert set(requests_due) == {"A", "B"}  # C is replied
    assert requests_due["A"]["due"] == "2018-10-31" and requests_due["A"]["status"] == "missed"
    anonymous = client.get("/api/v1/deadlines?all=true").get_json()["items"]
    assert not [i for i in anonymous if i["kind"] == "disclosure-request"]
