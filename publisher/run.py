"""Publish runs (placeholder until the lead's orchestrator lands; same two entry points).

``start_run`` records the run; ``execute_run`` walks the datasets, records one item per
dataset and keeps ``PublishRun.progress`` current. This stand-in only lints: a dataset with
findings is ``blocked`` with the first finding's code, a dry run plans the rest, a real run
marks them ``failed`` (no pipeline here yet).
"""

from __future__ import annotations

from sqlalchemy import select

from publisher.models import PublishItem, PublishRun, utcnow
from publisher.services import Services


def start_run(services: Services, names: list[str] | None, dry_run: bool, trigger: str) -> int:
    """Create the PublishRun row (status running) and return its id."""
    total = len(names if names is not None else services.dataset_names())
    with services.db.session() as session:
        run = PublishRun(dry_run=dry_run, trigger=trigger[:50],
                         portal_url=services.settings.portal_url,
                         progress={"done": 0, "total": total, "current": None})
        session.add(run)
        session.flush()
        return run.id


def execute_run(services: Services, run_id: int, names: list[str] | None, dry_run: bool) -> None:
    """Do the run: one item per dataset, progress after each; never stops at a bad dataset."""
    todo = names if names is not None else services.dataset_names()
    for done, name in enumerate(todo):
        with services.db.session() as session:
            run = session.get(PublishRun, run_id)
            assert run is not None
            run.progress = {"done": done, "total": len(todo), "current": name}
        _, findings = services.check(name)
        if findings:
            outcome, code = "blocked", findings[0].code
        else:
            outcome, code = ("planned", "") if dry_run else ("failed", "not-implemented")
        with services.db.session() as session:
            session.add(PublishItem(run_id=run_id, dataset=name, outcome=outcome, code=code))
    with services.db.session() as session:
        run = session.scalar(select(PublishRun).where(PublishRun.id == run_id))
        assert run is not None
        run.progress = {"done": len(todo), "total": len(todo), "current": None}
        run.status = "finished"
        run.finished_at = utcnow()
