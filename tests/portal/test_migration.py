"""Migration 0002 creates the portal's tables and takes them away again."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect

from publisher.db import Database, alembic_config, current_revision, head_revision

pytestmark = pytest.mark.db
TABLES = {"portal_organizations", "portal_packages", "portal_resources", "portal_tokens",
          "portal_terms", "portal_search", "portal_datastore"}


def test_upgrade_and_downgrade(database_url: str) -> None:
    db = Database(database_url)
    try:
        db.ensure_migrated()
        assert current_revision(db.engine) == head_revision()
        assert TABLES <= set(inspect(db.engine).get_table_names())
        assert {"access_tokens", "web_sessions"} <= set(inspect(db.engine).get_table_names())
        command.downgrade(alembic_config(db.engine), "0002")
        assert not {"access_tokens", "web_sessions"} & set(inspect(db.engine).get_table_names())
        command.downgrade(alembic_config(db.engine), "0001")
        assert current_revision(db.engine) == "0001"
        assert not TABLES & set(inspect(db.engine).get_table_names())
    finally:
        db.dispose()
