"""A publish run: every stage for each dataset, one recorded outcome each, never fail-fast.

This thin module is the only one that chains stages and writes the state database (through
``publisher.state``). Outcomes: published, unchanged, withdrawn, planned (dry run), held (a hold
is in force), not-public (withheld or on request, nothing to take off), blocked (with a code),
failed (with the error type, or the portal's own message; never an exception message of a
stage, which could quote a cell).

It fails closed: a held dataset, a refused descriptor, a non-proactive one and a dataset whose
folder was removed are taken off the portal first, whatever else is wrong with them.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from publisher import outcomes  # noqa: F401  (declares the outcome codes)
from publisher.check import warnings
from publisher.codes import CodedError, define
from publisher.dataset import Dataset
from publisher.fingerprint import inputs_fingerprint
from publisher.logs import run_context
from publisher.models import PublishRun, Release, utcnow
from publisher.release import ReleaseInfo, ReleaseWriter
from publisher.retry import PortalRejected, PortalUnavailable
from publisher.review import approval_of, latest_release, rejection_of
from publisher.runlock import RunLock, acquire, note_run, recover
from publisher.services import Services
from publisher.state import (
    active_hold,
    audit,
    record_check,
    record_outcome,
    record_release,
    release_built_from,
    views,
)
from publisher.sync import RowProgress, sync, withdraw

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
#: Events of a run as it goes, for a terminal or a test: ("dataset", name, done, total) when a
#: dataset starts, ("rows", resource, loaded, total) as a DataStore load goes on.
Events = Callable[[str, str, int, int], None]


define(
    "run-key-missing", stage="run",
    title=("未设置假名化密钥", "Pseudonym key missing"),
    description="PUBLISHER_PSEUDONYM_KEY is not set; de-identification needs it.",
    message=("未设置 PUBLISHER_PSEUDONYM_KEY：去标识化需要一个用于带密钥假名的秘密密钥"
             "（见 docs/configuration.md）",
             "PUBLISHER_PSEUDONYM_KEY is not set: de-identification needs a secret key for "
             "keyed pseudonyms (see docs/configuration.md)"),
)
define(
    "run-dataset-unknown", stage="run",
    title=("未知数据集", "Unknown dataset"),
    description="A run was asked for datasets that are not declared.",
    message=("未知数据集：{names}", "unknown dataset(s): {names}"),
)


class RunConfigError(CodedError, RuntimeError):
    """The run cannot start (no pseudonym key, unknown dataset): nothing was done."""


@dataclass
class Outcome:
    dataset: str
    outcome: str
    code: str = ""
    detail: dict[str, Any] = field(default_factory=dict)
    release_version: int | None = None
    portal_url: str = ""


@contextmanager
def timed(dataset: str, stage: str) -> Iterator[None]:
    """Log how long a stage of a dataset took (``stage`` and ``seconds`` on the record)."""
    started = time.monotonic()
    try:
        yield
    finally:
        seconds = time.monotonic() - started
        log.info("dataset %s: %s took %.2f s", dataset, stage, seconds,
                 extra={"stage": stage, "seconds": round(seconds, 3)})


def pseudonym_key(services: Services) -> bytes:
    key = services.settings.pseudonym_key
    if not key:
        raise RunConfigError("run-key-missing")
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
        raise RunConfigError("run-dataset-unknown", names=", ".join(unknown))
    pseudonym_key(services)
    with services.db.session(write=True) as session:
        run = PublishRun(dry_run=dry_run, trigger=trigger,
                         portal_url=services.settings.portal_url or "embedded",
                         progress={"done": 0, "current": "",
                                   "total": len(names) if names else
                                   len(known) + len(removed(services))})
        session.add(run)
        session.flush()
        return run.id


def _validate(services: Services, dataset: Dataset, dry_run: bool) -> Outcome | None:
    # A real run records what it validated (as `publisher validate` does): the status API and
    # the pages read the same reports. A dry run writes nothing.
    if dry_run:
        from publisher.validate import validate

        result = validate(dataset, executor=services.compute)
    else:
        from publisher.state.validation import validate_dataset

        result = validate_dataset(services, dataset)
    if result.valid:
        return None
    return Outcome(dataset.name, "blocked", "validation-failed",
                   {"detail": "; ".join(f"{c}: {n}" for c, n in sorted(result.counts().items())),
                    "counts": result.counts()})


def _release(services: Services, dataset: Dataset, dry_run: bool) -> ReleaseInfo | Outcome:
    """De-identify the dataset chunk by chunk into a release (or find the one built from the
    same inputs); memory is a chunk plus the dataset-wide facts, whatever the table's size."""
    from publisher.deid.stage import CHUNK_ROWS, deidentify_stream
    from publisher.readers import iter_frames

    key = pseudonym_key(services)
    inputs = inputs_fingerprint(dataset, key)
    if not dry_run:
        # Unchanged inputs: the newest release is this run's release; nothing is read again.
        with services.db.session() as session:
            same = release_built_from(session, dataset.name, inputs)
            if same is not None:
                return ReleaseInfo(dataset.name, same.version, same.checksum, Path(same.path),
                                   same.manifest, new=False)
    if dry_run:
        releases_dir, previous = Path(tempfile.mkdtemp(prefix="publisher-dry-run-")), None
    else:
        releases_dir = services.settings.instance_path / "releases"
        with services.db.session() as session:
            latest = latest_release(session, dataset.name)
            previous = (latest.version, latest.checksum) if latest else None
    resources = {r.name: r for r in dataset.resources}
    executor = services.compute
    # On an executor (publish --engine dask) a chunk is one of its partitions.
    rows = executor.partition_rows if executor is not None else (
        services.settings.chunk_rows or CHUNK_ROWS)
    writer = ReleaseWriter(dataset, releases_dir, previous)
    try:
        result = deidentify_stream(dataset, list(resources),
                                   lambda name: iter_frames(resources[name], rows), key,
                                   writer.write, executor)
    except BaseException:
        writer.discard()
        raise
    if not result.ok:
        writer.discard()
        counts: dict[str, int] = {}
        for f in result.findings:
            counts[f.code] = counts.get(f.code, 0) + 1
        return Outcome(dataset.name, "blocked", "deidentification-failed",
                       {"detail": "; ".join(f"{c}: {n}" for c, n in sorted(counts.items())),
                        "counts": counts})
    reports = {"deidentification": {**result.report.to_dict(), "inputs": inputs}}
    info = writer.finish(reports)
    if info.new and not dry_run:
        with services.db.session(write=True) as session:
            record_release(session, dataset.name, version=info.version, checksum=info.checksum,
                           path=str(info.path), manifest=info.manifest,
                           deid_report=reports["deidentification"])
    return info


def _review(services: Services, dataset: Dataset, info: ReleaseInfo) -> str:
    """approved, rejected or unapproved: the review of exactly this release."""
    with services.db.session(write=True) as session:
        row = session.scalar(select(Release).where(Release.dataset == dataset.name,
                                                   Release.version == info.version))
        if row is None:
            return "unapproved"
        if rejection_of(session, row) is not None:
            return "rejected"
        return "approved" if _approved(services, dataset, session, row) else "unapproved"


def _approved(services: Services, dataset: Dataset, session: Any, row: Release) -> bool:
    if approval_of(session, row) is not None:
        return True
    if dataset.review == "automatic":
        from publisher.review import approve

        approve(session, dataset.name, "automatic", row.version)
        return True
    return False


def _take_off(services: Services, client: Any, name: str, dry_run: bool, why: str,
              **detail: Any) -> bool:
    """Withdraw a package from public view (audited); False when it was not public."""
    mode = services.settings.withdraw_mode
    changed = withdraw(client, name, mode, dry_run=dry_run)
    if changed and not dry_run:
        with services.db.session(write=True) as session:
            audit(session, "publisher", "withdraw", name, mode=mode, why=why, **detail)
    return changed


def _held(services: Services, name: str, client: Any, dry_run: bool) -> Outcome | None:
    with services.db.session() as session:
        hold = active_hold(session, name)
        if hold is None:
            return None
        who = {"by": hold.held_by, "reason": hold.reason, "at": hold.created_at.isoformat()}
    # Taken off again should anyone have made it public since (the portal knows no holds).
    _take_off(services, client, name, dry_run, "dataset-held")
    return Outcome(name, "held", "dataset-held",
                   {"detail": f"{who['by']}: {who['reason']}", **who})


def process(services: Services, name: str, client: Any, portal_url: str,
            dry_run: bool, rows: RowProgress | None = None) -> Outcome:
    """Every stage for one dataset; returns its outcome and never raises for a dataset fault."""
    with timed(name, "check"):
        loaded, findings = services.check(name)
        if not dry_run:
            with services.db.session(write=True) as session:
                warned = (warnings(loaded.dataset, services.vocabulary)
                          if loaded.dataset is not None and not findings else [])
                record_check(session, name, loaded.dataset, findings, warned)
    held = _held(services, name, client, dry_run)
    if held is not None:
        return held
    if findings or loaded.dataset is None:
        # Fail closed: a refused descriptor (an on_request switch without its reason, say)
        # takes the dataset off the portal before anything else is said about it.
        codes = ", ".join(sorted({f.code for f in findings}))
        if _take_off(services, client, name, dry_run, "descriptor-refused", findings=codes):
            return Outcome(name, "planned" if dry_run else "withdrawn", "descriptor-refused",
                           {"detail": codes})
        return Outcome(name, "blocked", "descriptor-refused", {"detail": codes})
    dataset = loaded.dataset
    bureau = services.vocabulary.bureau
    if dataset.disclosure.attribute != "proactive":
        attribute = dataset.disclosure.attribute
        if _take_off(services, client, name, dry_run, "disclosure-not-proactive",
                     attribute=attribute):
            return Outcome(name, "planned" if dry_run else "withdrawn",
                           "disclosure-not-proactive",
                           {"detail": dataset.disclosure.reason,
                            "mode": services.settings.withdraw_mode})
        return Outcome(name, "not-public", "disclosure-not-proactive",
                       {"detail": f"{attribute}: {dataset.disclosure.reason}",
                        "basis": dataset.disclosure.basis})
    with timed(name, "validate"):
        blocked = _validate(services, dataset, dry_run)
    if blocked is not None:
        return blocked
    with timed(name, "release"):
        built = _release(services, dataset, dry_run)
    if isinstance(built, Outcome):
        return built
    review = "approved" if dry_run else _review(services, dataset, built)
    if review == "rejected":
        detail = {"detail": f"release {built.version} ({built.checksum[:12]}) was rejected; "
                            "change the data or descriptor for a new release",
                  "checksum": built.checksum}
        # A rejected release that is live already (rejected after it went out) comes off.
        if built.version in _live_versions(services, name) and _take_off(
                services, client, name, dry_run, "release-rejected", version=built.version):
            return Outcome(name, "withdrawn", "release-rejected", detail,
                           release_version=built.version)
        return Outcome(name, "blocked", "release-rejected", detail,
                       release_version=built.version)
    if review != "approved":
        return Outcome(name, "blocked", "release-unapproved",
                       {"detail": f"release {built.version} ({built.checksum[:12]}); "
                                  f"publisher approve {name} --by REVIEWER",
                        "checksum": built.checksum},
                       release_version=built.version)
    with timed(name, "sync"):
        result = sync(client, built, bureau, dataset.license, dry_run=dry_run, progress=rows,
                      batch=services.settings.portal_batch_rows)
    return Outcome(name, result.outcome, "", {"steps": result.steps},
                   release_version=None if dry_run else built.version,
                   portal_url=f"{portal_url}/dataset/{name}")


def _live_versions(services: Services, name: str) -> frozenset[int]:
    with services.db.session() as session:
        [entry] = views(services, session, [name])
        return entry.live_versions


def removed(services: Services) -> list[str]:
    """Datasets the portal still shows from an earlier run whose folder is gone."""
    declared = set(services.dataset_names())
    with services.db.session() as session:
        return [s.name for s in views(services, session)
                if s.name not in declared and s.published]


def process_removed(services: Services, name: str, client: Any, dry_run: bool) -> Outcome:
    """Fail closed for a dataset deleted from the datasets folder: take it off the portal."""
    if _take_off(services, client, name, dry_run, "dataset-removed"):
        return Outcome(name, "planned" if dry_run else "withdrawn", "dataset-removed",
                       {"detail": "the dataset's folder is gone from the datasets directory",
                        "was_public": True})
    return Outcome(name, "withdrawn", "dataset-removed",
                   {"detail": "the dataset's folder is gone; it was not on the portal",
                    "was_public": False})


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
    gone = set(removed(services)) if not names else set()
    targets = [*targets, *sorted(gone - set(targets))]
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
            result = (process_removed(services, name, client, dry_run) if name in gone
                      else process(services, name, client, portal_url, dry_run, rows))
        except PortalRejected as exc:
            # The portal's own message (about package metadata or released, de-identified
            # rows): what a steward needs to fix it.
            result = Outcome(name, "failed", "portal-rejected",
                             {"detail": f"{exc.action}: {exc.kind}",
                              "message": str(exc.detail)[:500]})
        except PortalUnavailable as exc:
            result = Outcome(name, "failed", "portal-write-failed",
                             {"detail": str(exc), "reason_code": getattr(exc, "code", None),
                              "reason_params": getattr(exc, "params", None)})
        except Exception as exc:  # the per-dataset boundary: one bad dataset never stops a run
            log.error("dataset %s failed: %s", name, type(exc).__name__)
            result = Outcome(name, "failed", "", {"error": type(exc).__name__})
        results.append(result)
        log.info("dataset %s: %s %s", name, result.outcome, result.code)
        with services.db.session(write=True) as session:
            record_outcome(session, run_id, name, result.outcome, code=result.code,
                           detail=result.detail, release_version=result.release_version,
                           portal_url=result.portal_url)
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
AS_PLANNED = {"published", "unchanged", "withdrawn", "planned", "held", "not-public"}


def as_planned(outcome: Outcome) -> bool:
    return outcome.outcome in AS_PLANNED or outcome.code == "disclosure-not-proactive"
