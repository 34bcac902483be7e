"""publisher backup / restore: back up, wipe the instance, restore, and find everything again."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from sqlalchemy import func, inspect, select, text

from publisher.cli import main
from publisher.models import AuditEntry, PublishItem, Release
from publisher.portal.models import PortalResource
from publisher.run import begin_run, execute_run
from publisher.services import Services
from publisher.settings import load_settings

pytestmark = [pytest.mark.db, pytest.mark.slow]
NAMES = ["budget-accounts"]


def counts(services: Services) -> dict[str, int]:
    with services.db.session() as session:
        return {model.__name__: int(session.scalar(select(func.count()).select_from(model)) or 0)
                for model in (AuditEntry, PublishItem, Release, PortalResource)}


def cli(overrides, *args: str) -> tuple[int, str]:
    fresh = Services(load_settings(env={}, overrides=overrides))
    try:
        done = CliRunner().invoke(main, list(args), obj=fresh, catch_exceptions=False)
    finally:
        fresh.close()
    return done.exit_code, done.output


def test_backup_wipe_restore(services, settings_overrides, tmp_path):
    run_id, lock = begin_run(services, NAMES, False, "test")
    with lock:
        assert execute_run(services, run_id, NAMES, False)[0].outcome == "published"
    before = counts(services)
    instance = services.settings.instance_path
    uploads = sorted(p.relative_to(instance) for p in (instance / "uploads").rglob("*"))
    assert uploads and before["PortalResource"] == 2
    archive = tmp_path / "backups" / "instance.tar.gz"
    code, output = cli(settings_overrides, "backup", str(archive))
    assert code == 0, output
    services.close()

    # Wipe: the database (file, or every table of the schema) and the instance's folders.
    wiped = Services(load_settings(env={}, overrides=settings_overrides))
    from publisher.models import Base
    from publisher.portal import models as _portal  # noqa: F401  (the portal's tables)

    with wiped.db.engine.begin() as conn:
        # Full-text tables first: dropping one drops its shadow tables (…_fts_data, …).
        tables = sorted((t for t in inspect(conn).get_table_names() if t.startswith("ds_")),
                        key=lambda t: not t.endswith("_fts"))
        for table in tables:
            conn.execute(text(f'DROP TABLE IF EXISTS "{table}"'))
        Base.metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    wiped.close()
    shutil.rmtree(instance / "uploads")
    shutil.rmtree(instance / "releases")

    code, output = cli(settings_overrides, "restore", str(tmp_path / "missing.tar.gz"))
    assert code == 2 and "[backup-missing]" in output
    code, output = cli(settings_overrides, "restore", str(archive))
    assert code == 0, output
    code, output = cli(settings_overrides, "restore", str(archive))
    assert code == 2 and "--force" in output

    restored = Services(load_settings(env={}, overrides=settings_overrides))
    try:
        assert counts(restored) == before
        assert sorted(p.relative_to(instance) for p in (instance / "uploads").rglob("*")) \
            == uploads
        # The portal serves the restored DataStore and a rerun finds nothing to do.
        run_id, lock = begin_run(restored, NAMES, False, "test")
        with lock:
            assert execute_run(restored, run_id, NAMES, False)[0].outcome == "unchanged"
    finally:
        restored.close()
