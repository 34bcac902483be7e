"""``publisher token create``: shown once, stored hashed, authorises writes."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from publisher.portal.models import PortalToken
from publisher.services import Services

pytestmark = pytest.mark.db


def test_token_create_prints_a_token_stored_only_hashed(
        runner: Any, services: Services, client: FlaskClient) -> None:
    result = runner(["token", "create", "publisher-bot", "--scope", "publisher"])
    assert result.exit_code == 0
    token = result.output.strip()
    assert len(token) >= 40
    with services.db.session() as session:
        rows = session.scalars(select(PortalToken)).all()
        assert [(r.name, r.token_sha256) for r in rows] == [
            ("publisher-bot", hashlib.sha256(token.encode()).hexdigest())]
        assert all(token not in str(value) for r in rows for value in vars(r).values())

    body = {"name": "bureau", "title": "交通运输局"}
    refused = client.post("/api/3/action/organization_create", json=body,
                          headers={"Authorization": token[:-1] + "x"})
    assert refused.status_code == 403
    assert refused.get_json()["error"]["__type"] == "Authorization Error"
    made = client.post("/api/3/action/organization_create", json=body,
                       headers={"Authorization": token})
    assert made.status_code == 200 and made.get_json()["result"]["name"] == "bureau"


def test_token_create_needs_a_name(runner: Any) -> None:
    result = runner(["token", "create", " "])
    assert result.exit_code == 2
