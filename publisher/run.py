"""A publish run: every stage for each dataset, one recorded outcome each, never fail-fast.

This thin module is the only one that chains stages and writes the state database. Outcomes:
published, unchanged, withdrawn, planned (dry run), blocked (with a code), failed (with the error
type; never an exception message, which could quote a cell).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from publisher import outcomes  # noqa: F401  (declares the outcome codes)
from publisher.check import warnings
from publisher.dataset import Dataset
from publisher.logs import run_context
from publisher.models import DeidReport, PublishItem, PublishRun, Release, utcnow
from publisher.release import ReleaseInfo, build_release
from publisher.retry import PortalRejected, PortalUnavailable
from publisher.review import approval_of, latest_release
from publisher.runlock import RunLock, acquire, note_run, recover
from publisher.services import Services
from publisher.state import audit, record_check
from publisher.sync import RowProgress, sync, withdraw

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
#: Events of a run as it goes, for a terminal or a test: ("dataset", name, done, total) when a
#: dataset starts, ("rows", resource, loaded, total) as a DataStore load goes on.
Events = Callable[[str, str, int, int], None]


class RunConfigError(RuntimeError):
    """The run cannot start (no pseudonym key, unknown dataset): nothing was done."""


@dataclass
class Outcome:
    dataset: str
    outcome: str
    code: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    release_version: int | None = None
    portal_url: str = ""


def pseudonym_key(services: Services) -> bytes:
    key = services.settings.pseudonym_key
    if not key:
        raise RunConfigError("PUBLISHER_PSEUDONYM_KEY is not set: de-identification needs a "
                             "secret key for keyed pseudonyms (see docs/configuration.md)")
    return key.encode("utf-8")


def begin_run(services: Services, names: list[str] | None, dry_run: bool, trigger: str, *,
              wait: float = 0.0) -> tuple[int, RunLock]:
    """Take the instance's run lock, recover runs a dead process left, record the new run.

    The caller releases the returned lock when the run has ended. RunBusy when another run
    keeps the lock for longer than ``wait`` seconds.
    """
    lock = acquire(services, wait=wait)
    try:
        interrupted = recover(services)
        if interrupted:
            log.warning("runs %s were left running by a process that died; marked interrupted",
                        ", ".join(map(str, interrupted)))
        run_id = start_run(services, names, dry_run, trigger)
        note_run(lock, run_id)
    except BaseException:
        lock.release()
        raise
    return run_id, lock


def start_run(services: Services, names: list[str] | None, dry_run: bool,
              trigger: str) -> int:
    """Record a new run (status running) and return its id; check the request first."""
    known = services.dataset_names()
    unknown = [n for n in names or [] if n not in known]
    if unknown:
        raise RunConfigError(f"unknown dataset(s): {', '.join(unknown)}")
    pseudonym_key(services)
    with services.db.session() as session:
        run = PublishRun(dry_run=dry_run, trigger=trigger,
                         portal_url=services.settings.portal_url or "embedded",
                         progress={"done": 0, "total": len(names or known), "current": ""})
        session.add(run)
        session.flush()
        return run.id


def _validate(services: Services, dataset: Dataset) -> Outcome | None:
    from publisher.validate import validate

    result = validate(dataset)
    if result.valid:
        return None
    return Outcome(dataset.name, "blocked", "validation-failed",
                   {"detail": "; ".join(f"{c}: {n}" for c, n in sorted(result.counts().items())),
                    "counts": result.counts()})


def _release(services: Services, dataset: Dataset, dry_run: bool) -> ReleaseInfo | Outcome:
    from publisher.deid import deidentify
    from publisher.readers import read_frame

    tables = {r.name: read_frame(r) for r in dataset.resources}
    result = deidentify(dataset, tables, pseudonym_key(services))
    if not result.ok:
        counts: dict[str, int] = {}
        for f in result.findings:
            counts[f.code] = counts.get(f.code, 0) + 1
        return Outcome(dataset.name, "blocked", "deidentification-failed",
                       {"detail": "; ".join(f"{c}: {n}" for c, n in sorted(counts.items())),
                        "counts": counts})
    reports = {"deidentification": result.report.to_dict()}
    if dry_run:
        scratch = Path(tempfile.mkdtemp(prefix="publisher-dry-run-"))
        return build_release(dataset, result.tables, reports, scratch, None)
    with services.db.session() as session:
        latest = latest_release(session, dataset.name)
        previous = (latest.version, latest.checksum) if latest else None
    info = build_release(dataset, result.tables, reports,
                         services.settings.instance_path / "releases", previous)
    if info.new:
        with services.db.session() as session:
            row = Release(dataset=dataset.name, version=info.version, checksum=info.checksum,
                          path=str(info.path), manifest=info.manifest)
            session.add(row)
            session.flush()
            session.add(DeidReport(dataset=dataset.name, release_id=row.id,
                                   report=reports["deidentification"]))
            audit(session, "publisher", "release", dataset.name, version=info.version,
                  checksum=info.checksum)
    return info


def _approved(services: Services, dataset: Dataset, info: ReleaseInfo) -> bool:
    with services.db.session(write=True) as session:
        row = session.scalar(select(Release).where(Release.dataset == dataset.name,
                                                   Release.version == info.version))
        if row is None:
            return False
        if approval_of(session, row) is not None:
            return True
        if dataset.review == "automatic":
            from publisher.review import approve

            approve(session, dataset.name, "automatic", info.version)
            return True
    return False


def process(services: Services, name: str, client: Any, portal_url: str,
            dry_run: bool, rows: RowProgress | None = None) -> Outcome:
    """Every stage for one dataset; returns its outcome and never raises for a dataset fault."""
    loaded, findings = services.check(name)
    if not dry_run:
        with services.db.session(write=True) as session:
            warned = (warnings(loaded.dataset, services.vocabulary)
                      if loaded.dataset is not None and not findings else [])
            record_check(session, name, loaded.dataset, findings, warned)
    if findings or loaded.dataset is None:
        return Outcome(name, "blocked", "descriptor-refused",
                       {"detail": ", ".join(sorted({f.code for f in findings}))})
    dataset = loaded.dataset
    bureau = services.vocabulary.bureau
    if dataset.disclosure.attribute != "proactive":
        mode = services.settings.withdraw_mode
        if withdraw(client, name, mode, dry_run=dry_run):
            if not dry_run:
                with services.db.session() as session:
                    audit(session, "publisher", "withdraw", name, mode=mode,
                          attribute=dataset.disclosure.attribute)
            return Outcome(name, "planned" if dry_run else "withdrawn",
                           "disclosure-not-proactive",
                           {"detail": dataset.disclosure.reason, "mode": mode})
        return Outcome(name, "blocked", "disclosure-not-proactive",
                       {"detail": f"{dataset.disclosure.attribute}: {dataset.disclosure.reason}",
                        "basis": dataset.disclosure.basis})
    blocked = _validate(services, dataset)
    if blocked is not None:
        return blocked
    built = _release(services, dataset, dry_run)
    if isinstance(built, Outcome):
        return built
    if not dry_run and not _approved(services, dataset, built):
        return Outcome(name, "blocked", "release-unapproved",
                       {"detail": f"release {built.version} ({built.checksum[:12]}); "
                                  f"publisher approve {name} --by REVIEWER"},
                       release_version=built.version)
    result = sync(client, built, bureau, dataset.license, dry_run=dry_run, progress=rows,
                  batch=services.settings.portal_batch_rows)
    return Outcome(name, result.outcome, "", {"steps": result.steps},
                   release_version=None if dry_run else built.version,
                   portal_url=f"{portal_url}/dataset/{name}")


def execute_run(services: Services, run_id: int, names: list[str] | None, dry_run: bool, *,
                client: Any = None, portal_url: str = "",
                progress: Progress | None = None, events: Events | None = None
                ) -> list[Outcome]:
    """Process each dataset, recording its outcome as it ends; mark the run finished.

    Progress (the dataset going on, rows loaded of total) is written to the run's row as it
    goes, each in a short transaction of its own: none is held while the portal is called.
    """
    with run_context(run_id):
        return _execute(services, run_id, names, dry_run, client, portal_url, progress, events)


def _execute(services: Services, run_id: int, names: list[str] | None, dry_run: bool,
             client: Any, portal_url: str, progress: Progress | None,
             events: Events | None) -> list[Outcome]:
    targets = names or services.dataset_names()
    results: list[Outcome] = []
    if client is None:
        from publisher.portal_client import open_portal

        with open_portal(services, run_id=run_id) as (opened, url):
            return execute_run(services, run_id, targets, dry_run, client=opened,
                               portal_url=url, progress=progress, events=events)
    state: dict[str, Any] = {}

    def note(**changes: Any) -> None:
        state.update(changes)
        with services.db.session(write=True) as session:
            run = session.get(PublishRun, run_id)
            if run is not None:
                run.progress = dict(state)

    def rows(resource: str, loaded: int, total: int) -> None:
        note(rows={"resource": resource, "loaded": loaded, "total": total})
        log.info("run %s progress: %s rows %d of %d", run_id, resource, loaded, total)
        if events is not None:
            events("rows", resource, loaded, total)

    for index, name in enumerate(targets):
        note(done=index, total=len(targets), current=name, rows=None)
        log.info("run %s progress: dataset %s (%d of %d)", run_id, name, index + 1,
                 len(targets))
        if events is not None:
            events("dataset", name, index, len(targets))
        try:
            result = process(services, name, client, portal_url, dry_run, rows)
        except PortalRejected as exc:
            result = Outcome(name, "failed", "portal-rejected",
                             {"detail": f"{exc.action}: {exc.kind}: {exc.detail}"})
        except PortalUnavailable as exc:
            result = Outcome(name, "failed", "portal-write-failed", {"detail": str(exc)})
        except Exception as exc:  # the per-dataset boundary: one bad dataset never stops a run
            log.error("dataset %s failed: %s", name, type(exc).__name__)
            result = Outcome(name, "failed", "", {"error": type(exc).__name__})
        results.append(result)
        log.info("dataset %s: %s %s", name, result.outcome, result.code)
        with services.db.session() as session:
            session.add(PublishItem(run_id=run_id, dataset=name, outcome=result.outcome,
                                    code=result.code, detail=result.detail,
                                    release_version=result.release_version,
                                    portal_url=result.portal_url))
        if progress is not None:
            progress(index + 1, len(targets), name)
    with services.db.session(write=True) as session:
        run = session.get(PublishRun, run_id)
        if run is not None:
            run.finished_at = utcnow()
            run.status = "finished" if all(r.outcome != "failed" for r in results) else "failed"
            run.progress = {"done": len(targets), "total": len(targets), "current": ""}
    return results


#: Outcomes a run expects; anything else makes `publisher publish` exit 1.
AS_PLANNED = {"published", "unchanged", "withdrawn", "planned"}


def as_planned(outcome: Outcome) -> bool:
    return outcome.outcome in AS_PLANNED or outcome.code == "disclosure-not-proactive"
