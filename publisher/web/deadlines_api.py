"""``GET /api/v1/deadlines``: every legal deadline that is near or missed.

Sources: the datasets (update frequency, gazette for normative documents), the next annual
report, the request register's open requests, and the bureau's file
``<instance>/deadlines.yaml`` (disclosure requests and public messages kept outside the
register). Anonymous readers get the deadlines of the datasets they may see and the annual
report; the register's entries need a steward.
"""

# apiflask's route decorators carry no type hints; the views themselves are typed.
# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

from typing import Any

import yaml
from flask import Response, current_app

from publisher import deadlines as dl
from publisher.requests.register import open_deadlines
from publisher.services import Services
from publisher.web import api_examples as ex
from publisher.web import status_data
from publisher.web.auth import current_steward
from publisher.web.blueprint import bp
from publisher.web.datasets_api import today
from publisher.web.errors import api_error
from publisher.web.listing import conditional
from publisher.web.schemas import NOT_MODIFIED, DeadlineList, DeadlineQuery
from publisher.web.services import services_of

REGISTER = "deadlines.yaml"


def register_deadlines(services: Services) -> list[dl.Deadline]:
    path = services.settings.instance_path / REGISTER
    if not path.is_file():
        return []
    try:
        return dl.from_register(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, UnicodeDecodeError, dl.RegisterError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise api_error(500, f"{REGISTER} is not valid: {reason}",
                        code="deadline-register-invalid") from None


@bp.get("/deadlines")
@bp.input(DeadlineQuery, location="query", arg_name="query")
@bp.output(DeadlineList, example=ex.DEADLINE_LIST)
@bp.doc(summary="Deadlines near or missed", responses=NOT_MODIFIED)
def list_deadlines(query: dict[str, Any]) -> Response:
    """Deadlines near (due within 5 days) or missed, soonest first; ``all=true`` lists all."""
    services = services_of(current_app)
    steward = current_steward() is not None
    now = today()
    found: list[dl.Deadline] = [
        dl.upcoming_annual_report(now, due=services.settings.annual_report_due)]
    with services.db.session() as session:
        for fact in status_data.visible(status_data.gather(services, session), steward):
            found += status_data.dataset_deadlines(fact, services)
    if steward:
        found += register_deadlines(services)
        with services.db.session() as session:
            found += open_deadlines(session, now)
    if query["all"]:
        shown = sorted(found, key=lambda d: (d.due, d.kind, d.subject))
    else:
        shown = dl.near_or_missed(found, now)
    body = {"today": now, "near_days": dl.NEAR_DAYS, "items": [d.to_dict(now) for d in shown]}
    return conditional(DeadlineList().dump(body))
