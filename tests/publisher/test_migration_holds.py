"""Migration 0003 creates the holds and rejections tables and takes them away again."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect

from publisher.db import Database, alembic_config, current_revision

pytestmark = pytest.mark.db
TABLES = {"holds", "rejections"}


def test_upgrade_and_downgrade(database_url: str) -> None:
    db = Database(database_url)
    try:
        db.ensure_migrated()
        assert TABLES <= set(inspect(db.engine).get_table_names())
        command.downgrade(alembic_config(db.engine), "0002")
        assert current_revision(db.engine) == "0002"
        assert not TABLES & set(inspect(db.engine).get_table_names())
        command.upgrade(alembic_config(db.engine), "head")
        assert TABLES <= set(inspect(db.engine).get_table_names())
    finally:
        db.dispose()
