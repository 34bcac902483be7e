"""``GET /api/v1/harvest``: each dataset fed from a source — its sources, the last outcome of
each, and when the scheduler harvests it next. Operators' information: a steward token is
needed."""

# apiflask's route decorators carry no type hints; the views themselves are typed.
# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

from typing import Any

from flask import current_app

from publisher.models import utcnow
from publisher.web import api_examples as ex
from publisher.web.blueprint import bp
from publisher.web.runs_api import STEWARD, require_steward
from publisher.web.schemas import HarvestList
from publisher.web.services import services_of


@bp.get("/harvest")
@bp.output(HarvestList, example=ex.HARVEST)
@bp.doc(summary="Harvested datasets: last outcome per source and next scheduled run",
        security=STEWARD, responses={401: "A steward token is needed"})
def list_harvest() -> dict[str, Any]:
    """Every dataset with a declared ``source:``, its last harvest and its next run."""
    require_steward()
    from publisher.scheduler import overview

    now = utcnow()
    return {"now": now, "items": overview(services_of(current_app), now)}
