"""Steward tokens: one hashed store in the state database, verified in one function."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from publisher.web import tokens

pytestmark = pytest.mark.db


def test_tokens_are_stored_hashed_and_verified(services):
    token = tokens.create_token(services, "管理员甲")
    with services.db.session() as session:
        stored = session.execute(text("SELECT token_sha256 FROM access_tokens")).scalars().all()
    assert stored == [tokens.digest(token)] and token not in stored
    assert tokens.verify_steward(services, token) == "管理员甲"
    assert tokens.verify_steward(services, f"Bearer {token}") == "管理员甲"
    assert tokens.verify_steward(services, f"bearer   {token} ") == "管理员甲"
    for wrong in (None, "", "Bearer ", token[:-1], token + "x", tokens.digest(token)):
        assert tokens.verify_steward(services, wrong) is None


def test_revoked_tokens_fail(runner, services):
    token = tokens.create_token(services, "管理员乙")
    revoked = runner(["token", "revoke", "管理员乙", "--lang", "en"])
    assert revoked.output.startswith("revoked 1 token(s)")
    assert tokens.verify_steward(services, token) is None
    assert runner(["token", "revoke", "管理员乙"]).exit_code == 1


def test_token_created_on_the_command_line_opens_the_status_api(runner, client):
    result = runner(["token", "create", "管理员丙"])
    token = result.output.strip()
    assert client.get("/api/v1/runs").status_code == 401
    assert client.get("/api/v1/runs", headers={"Authorization": f"Bearer {token}"}
                      ).status_code == 200
