"""States people understand: not public by decision is not blocked; a failure shows its message."""

from __future__ import annotations

import re

import pytest

from publisher.models import PublishItem, PublishRun
from publisher.web.tokens import create_token
from tests.web.catalogue import UNPUBLISHED

pytestmark = pytest.mark.db
WITHHELD = "staff-roster"  # declared withheld (tests/web/catalogue.py)
FAILING = UNPUBLISHED
MESSAGE = "Validation Error: {'records': ['duplicate key value violates unique constraint']}"


def record(services, **items: tuple[str, str, dict]) -> None:
    with services.db.session() as session:
        run = PublishRun(status="failed")
        session.add(run)
        session.flush()
        for name, (outcome, code, detail) in items.items():
            session.add(PublishItem(run_id=run.id, dataset=name, outcome=outcome, code=code,
                                    detail=detail))


def section(html: str, anchor: str) -> str:
    found = re.search(rf'<section aria-labelledby="{anchor}">(.*?)</section>', html, re.S)
    assert found is not None, anchor
    return found.group(1)


def test_withheld_is_not_public_by_decision_and_a_failure_shows_the_portals_message(
        services, client):
    record(services, **{
        WITHHELD: ("not-public", "disclosure-not-proactive", {"detail": "withheld: 内部事务"}),
        FAILING: ("failed", "portal-rejected", {"detail": "datastore_upsert: Validation Error",
                                                "message": MESSAGE})})
    steward = {"Authorization": f"Bearer {create_token(services, 'steward')}"}
    rows = {r["name"]: r for r in client.get("/api/v1/datasets?per_page=100",
                                             headers=steward).get_json()["items"]}
    assert rows[WITHHELD]["state"] == "not-public" and rows[WITHHELD]["problem"] is None
    assert rows[FAILING]["state"] == "failed"
    assert rows[FAILING]["problem"]["code"] == "portal-rejected"
    assert rows[FAILING]["problem"]["message"] == MESSAGE
    anonymous = client.get("/api/v1/datasets?per_page=100").get_json()["items"]
    assert not anonymous  # nothing is public; no problem is shown to anyone else

    html = client.get("/status", headers=steward).get_data(as_text=True)
    assert WITHHELD in section(html, "h-not-public")
    assert WITHHELD not in section(html, "h-blocked")
    blocked = section(html, "h-blocked")
    assert FAILING in blocked and "duplicate key value violates unique constraint" in blocked
