import pytest
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import DBAPIError

import publisher.db
from publisher.db import Database, current_revision, head_revision, upgrade
from publisher.models import AuditEntry, AuditLogIsAppendOnly, Release
from publisher.state import audit

pytestmark = pytest.mark.db

TABLES = {"datasets", "validation_reports", "releases", "deid_reports", "approvals",
          "publish_runs", "publish_items", "audit_log"}


def test_migrates_on_first_use_and_upgrade_is_idempotent(database_url):
    db = Database(database_url)
    assert current_revision(db.engine) is None
    with db.session() as session:  # first use migrates
        session.add(Release(dataset="d", version=1, checksum="c" * 64, path="p"))
    assert current_revision(db.engine) == head_revision()
    assert TABLES <= set(inspect(db.engine).get_table_names())
    assert upgrade(db.engine) == (head_revision(), head_revision())
    db.dispose()


def test_session_rolls_back_on_error(database_url):
    db = Database(database_url)
    with pytest.raises(RuntimeError), db.session() as session:
        session.add(Release(dataset="d", version=1, checksum="c" * 64, path="p"))
        raise RuntimeError("boom")
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Release)) == 0
    db.dispose()


def test_audit_log_is_append_only_in_orm_and_in_sql(database_url):
    db = Database(database_url)
    with db.session() as session:
        audit(session, "审查员甲", "approve", "penalty-decisions", version=1)
    with pytest.raises(AuditLogIsAppendOnly), db.session() as session:
        entry = session.scalar(select(AuditEntry))
        entry.action = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly), db.session() as session:
        session.delete(session.scalar(select(AuditEntry)))
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))
    with db.session() as session:
        assert [e.action for e in session.scalars(select(AuditEntry))] == ["approve"]
    db.dispose()


def test_db_upgrade_command(runner):
    first = runner(["db", "upgrade", "--lang", "en"])
    assert first.exit_code == 0 and "migrated from empty" in first.output
    again = runner(["db", "upgrade", "--lang", "en"])
    assert again.exit_code == 0 and "up to date" in again.output


def test_the_declared_head_is_alembics() -> None:
    """The quick check that spares a current database Alembic reads the same head."""
    from publisher.db import _declared_head

    assert _declared_head() == head_revision()


def test_a_pooled_connection_closed_while_idle_is_replaced(database_url, monkeypatch):
    """PostgreSQL: no ping on every checkout, but one after an idle spell, and a connection
    the server closed meanwhile is replaced before a session uses it."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: SQLite has no server to close a connection")
    db = Database(database_url)
    try:
        with db.session() as session:
            pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with db.session() as session:  # just returned: the same connection, no ping needed
            assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() == pid
        other = Database(database_url, migrate=False)
        with other.engine.begin() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        other.dispose()
        monkeypatch.setattr(publisher.db, "PING_AFTER_IDLE", 0.0)
        with db.session() as session:
            assert session.execute(text("SELECT pg_backend_pid()")).scalar_one() != pid
    finally:
        db.dispose()
