"""``/api/v1/runs``: publish runs with their items; POST starts one in the background.

The run works in a thread of this process with the app's own services and reaches the
embedded portal like any CKAN, through ckanapi over the WSGI transport of
``publisher.portal_client``: no second app is built and nothing listens on a port.

Runs name every dataset they touch, withheld ones included, so all of this needs a steward.
"""

# apiflask's route decorators carry no type hints; the views themselves are typed.
# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

import logging
import threading
from collections import Counter
from typing import Any

from flask import Response, current_app, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from publisher import run as orchestrator
from publisher.models import PublishItem, PublishRun, utcnow
from publisher.runlock import RunBusy, RunLock
from publisher.services import Services
from publisher.web import api_examples as ex
from publisher.web.auth import current_steward
from publisher.web.blueprint import bp
from publisher.web.errors import ERROR_SCHEMA, api_error
from publisher.web.listing import conditional, page_of
from publisher.web.schemas import NOT_MODIFIED, PageQuery, RunDetailOut, RunPage, RunRequest
from publisher.web.services import services_of

log = logging.getLogger(__name__)
STEWARD = "StewardToken"  # the security scheme declared in publisher.web.api
#: A body that is not JSON at all is refused before validation, with a 400 of the one shape.
BAD_BODY: dict[int | str, dict[str, Any]] = {400: {
    "description": "The request body is not JSON",
    "content": {"application/json": {"schema": ERROR_SCHEMA}}}, 409: {
    "description": "Another publish run is in progress (code run-in-progress)",
    "content": {"application/json": {"schema": ERROR_SCHEMA}}}}


def require_steward() -> str:
    steward = current_steward()
    if steward is None:
        raise api_error(401, "a steward token is needed (Authorization: Bearer <token>)",
                        headers={"WWW-Authenticate": "Bearer"})
    return steward


def run_dict(run: PublishRun, outcomes: dict[str, int],
             items: list[PublishItem] | None = None) -> dict[str, Any]:
    progress = dict(run.progress or {})
    out: dict[str, Any] = {
        "id": run.id, "status": run.status, "dry_run": run.dry_run, "trigger": run.trigger,
        "started_at": run.started_at, "finished_at": run.finished_at,
        "portal_url": run.portal_url,
        "progress": {"done": int(progress.get("done", 0)), "total": int(progress.get("total", 0)),
                     "current": progress.get("current"), "rows": progress.get("rows")},
        "outcomes": outcomes,
    }
    if items is not None:
        out["items"] = [{"dataset": i.dataset, "outcome": i.outcome, "code": i.code,
                         "release_version": i.release_version, "portal_url": i.portal_url,
                         "created_at": i.created_at} for i in items]
    return out


def outcome_counts(session: Session, run_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {i: {} for i in run_ids}
    rows = session.execute(
        select(PublishItem.run_id, PublishItem.outcome, func.count())
        .where(PublishItem.run_id.in_(run_ids))
        .group_by(PublishItem.run_id, PublishItem.outcome))
    for run_id, outcome, number in rows:
        counts[run_id][outcome] = number
    return counts


@bp.get("/runs")
@bp.input(PageQuery, location="query", arg_name="query")
@bp.output(RunPage, example=ex.RUN_PAGE)
@bp.doc(summary="List publish runs", responses=NOT_MODIFIED, security=STEWARD)
def list_runs(query: dict[str, Any]) -> Response:
    """Publish runs, newest first, with outcome counts (steward token)."""
    require_steward()
    services = services_of(current_app)
    with services.db.session() as session:
        runs = list(session.scalars(select(PublishRun).order_by(PublishRun.id.desc())))
        body = page_of(runs, query["page"], query["per_page"], "status.list_runs")
        shown: list[PublishRun] = body["items"]
        counts = outcome_counts(session, [r.id for r in shown])
        body["items"] = [run_dict(r, counts[r.id]) for r in shown]
    return conditional(RunPage().dump(body))


@bp.get("/runs/<int(max=9223372036854775807):run_id>")  # a 64-bit key
@bp.output(RunDetailOut, example=ex.RUN_DETAIL)
@bp.doc(summary="One publish run", security=STEWARD)
def get_run(run_id: int) -> Response:
    """One run with its items and progress (steward token)."""
    require_steward()
    services = services_of(current_app)
    with services.db.session() as session:
        run = session.get(PublishRun, run_id)
        if run is None:
            raise api_error(404, f"no run {run_id}")
        items = list(run.items)
        body = run_dict(run, dict(Counter(i.outcome for i in items)), items)
    return conditional(RunDetailOut().dump(body))


def _execute(services: Services, run_id: int, names: list[str] | None, dry_run: bool,
             lock: RunLock) -> None:
    """The background thread's body: a crash marks the run failed instead of leaving it running."""
    try:
        with lock:
            orchestrator.execute_run(services, run_id, names, dry_run)
    except Exception:
        log.exception("publish run %s crashed", run_id)
        with services.db.session(write=True) as session:
            run = session.get(PublishRun, run_id)
            if run is not None and run.status == "running":
                run.status = "failed"
                run.finished_at = utcnow()


@bp.post("/runs")
@bp.input(RunRequest, arg_name="body", example=ex.RUN_REQUEST)
@bp.output(RunDetailOut, status_code=202, example=ex.RUN_STARTED)
@bp.doc(summary="Start a publish run", security=STEWARD, responses=BAD_BODY)
def start_run(body: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Start a publish run in the background (steward token); 202 with its id and Location.

    Poll ``GET /api/v1/runs/{id}`` for progress and items.
    """
    steward = require_steward()
    services = services_of(current_app)
    names: list[str] | None = body.get("datasets")
    if names is not None:
        known = set(services.dataset_names())
        unknown = sorted(set(names) - known)
        if unknown:
            raise api_error(422, f"unknown datasets: {', '.join(unknown[:10])}",
                            code="unknown-dataset")
        names = list(dict.fromkeys(names))
    try:
        run_id, lock = orchestrator.begin_run(services, names, bool(body["dry_run"]), "api")
    except RunBusy as exc:
        raise api_error(409, str(exc), code="run-in-progress") from None
    with services.db.session() as session:
        from publisher.state import audit

        audit(session, steward, "run-started", run_id=run_id, dry_run=bool(body["dry_run"]),
              datasets=names)
    thread = threading.Thread(target=_execute, name=f"publish-run-{run_id}", daemon=True,
                              args=(services, run_id, names, bool(body["dry_run"]), lock))
    # Kept so tests (and a graceful shutdown) can wait for runs; finished ones are dropped.
    threads: list[threading.Thread] = current_app.extensions.setdefault(
        "publisher.run_threads", [])
    threads[:] = [t for t in threads if t.is_alive()]
    threads.append(thread)
    thread.start()
    with services.db.session() as session:
        run = session.get(PublishRun, run_id)
        assert run is not None
        out = run_dict(run, {}, [])
    location = url_for("status.get_run", run_id=run_id)
    return out, 202, {"Location": location}
