"""Steward tokens: hashed at rest, verified in one function, any configured store."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from publisher.web import tokens

pytestmark = pytest.mark.db


def test_tokens_are_stored_hashed_and_verified(services):
    token = tokens.create_token(services, "管理员甲")
    with services.db.session() as session:
        stored = session.execute(text("SELECT token_sha256 FROM steward_tokens")).scalars().all()
    assert stored == [tokens.digest(token)] and token not in stored
    assert tokens.verify_steward(services, token) == "管理员甲"
    assert tokens.verify_steward(services, f"Bearer {token}") == "管理员甲"
    assert tokens.verify_steward(services, f"bearer   {token} ") == "管理员甲"
    for wrong in (None, "", "Bearer ", token[:-1], token + "x", tokens.digest(token)):
        assert tokens.verify_steward(services, wrong) is None


def test_revoked_tokens_fail(services):
    token = tokens.create_token(services, "管理员乙")
    with services.db.session() as session:
        session.execute(text("UPDATE steward_tokens SET revoked = :yes"), {"yes": True})
    assert tokens.verify_steward(services, token) is None


def test_an_api_tokens_table_is_read_when_it_exists(services):
    services.db.ensure_migrated()
    with services.db.engine.begin() as conn:
        conn.execute(text("CREATE TABLE api_tokens (id INTEGER PRIMARY KEY, name VARCHAR(200), "
                          "token_sha256 VARCHAR(64))"))
        conn.execute(text("INSERT INTO api_tokens (id, name, token_sha256) VALUES (1, :n, :d)"),
                     {"n": "portal-user", "d": tokens.digest("portal-token")})
    assert tokens.verify_steward(services, "portal-token") == "portal-user"
