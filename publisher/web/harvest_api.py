"""``GET /api/v1/harvest``: each dataset fed from a source — its sources, the last outcome of
each, and when the scheduler harvests it next. Operators' information: a steward token is
needed."""

# apiflask's route decorators carry no type hints; the views themselves are typed.
# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select

from publisher.models import HarvestItem, utcnow
from publisher.web.blueprint import bp
from publisher.web.runs_api import STEWARD, require_steward
from publisher.web.schemas import HarvestList
from publisher.web.services import services_of


@bp.get("/harvest")
@bp.output(HarvestList)
@bp.doc(summary="Harvested datasets: last outcome per source and next scheduled run",
        security=STEWARD, responses={401: "A steward token is needed"})
def list_harvest() -> dict[str, Any]:
    """Every dataset with a declared ``source:``, its last harvest and its next run."""
    require_steward()
    from publisher.harvest_in import sources_of
    from publisher.scheduler import plans

    services = services_of(current_app)
    now = utcnow()
    by_name = {p.dataset: p for p in plans(services, now)}
    items = []
    with services.db.session() as session:
        for name in services.dataset_names():
            dataset = services.load(name).dataset
            if dataset is None or not sources_of(dataset):
                continue
            sources = []
            for resource, spec in sources_of(dataset):
                last = session.scalar(
                    select(HarvestItem).where(HarvestItem.dataset == name,
                                              HarvestItem.resource == resource.name,
                                              HarvestItem.dry_run.is_(False))
                    .order_by(HarvestItem.id.desc()).limit(1))
                sources.append({
                    "resource": resource.name, "kind": str(spec.get("kind", "")),
                    "last_outcome": last.outcome if last else None,
                    "last_code": last.code if last else None,
                    "last_reason": last.reason if last else None,
                    "last_harvest": last.created_at if last else None,
                    "fingerprint": last.fingerprint if last else None,
                    "provenance": last.provenance if last else {},
                })
            plan = by_name.get(name)
            items.append({"dataset": name, "schedule": plan.rule if plan else None,
                          "next_run": plan.next if plan else None, "sources": sources})
    return {"now": now, "items": items}
