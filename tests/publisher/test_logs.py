"""The JSON-lines log file carries the run id; the audit log exports as JSON lines."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from publisher.cli import main
from publisher.models import PublishRun
from publisher.services import Services
from publisher.settings import load_settings

pytestmark = [pytest.mark.db, pytest.mark.slow]


def test_log_file_and_audit_export(settings_overrides):
    services = Services(load_settings(env={}, overrides={**settings_overrides,
                                                         "log_file": "logs/publisher.jsonl"}))
    try:
        done = CliRunner().invoke(main, ["publish", "budget-accounts"], obj=services,
                                  catch_exceptions=False)
        assert done.exit_code == 0, done.output
        with services.db.session() as session:
            run_id = session.scalar(select(PublishRun.id))
        path = services.settings.instance_path / "logs" / "publisher.jsonl"
        records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        progress = [r for r in records if " progress: " in r["message"]]
        assert progress and all(r["run_id"] == run_id for r in progress)
        assert {"time", "level", "logger", "message", "run_id"} <= set(records[0])
        exported = CliRunner().invoke(main, ["db", "audit-export"], obj=services,
                                      catch_exceptions=False)
        entries = [json.loads(line) for line in exported.output.splitlines()]
        assert {"release", "approve"} <= {e["action"] for e in entries}
        assert all(e["dataset"] == "budget-accounts" for e in entries
                   if e["action"] == "release")
        later = CliRunner().invoke(main, ["db", "audit-export", "--since", "2999-01-01"],
                                   obj=services, catch_exceptions=False)
        assert later.output == ""
    finally:
        services.close()
