"""Migration 0008 creates the request register's tables and takes them away again."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect

from publisher.db import Database, alembic_config, current_revision

pytestmark = pytest.mark.db
TABLES = {"disclosure_requests", "disclosure_request_steps"}


def test_upgrade_and_downgrade(database_url: str) -> None:
    db = Database(database_url)
    try:
        command.upgrade(alembic_config(db.engine), "0008")
        assert current_revision(db.engine) == "0008"
        assert TABLES <= set(inspect(db.engine).get_table_names())
        command.downgrade(alembic_config(db.engine), "0002")
        assert current_revision(db.engine) == "0002"
        assert not TABLES & set(inspect(db.engine).get_table_names())
        assert "portal_packages" in inspect(db.engine).get_table_names()
    finally:
        db.dispose()
