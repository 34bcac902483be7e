"""``GET /api/v1/requests/due``: disclosure requests overdue and due this week, for stewards,
with the next annual report's deadline (setting ``annual_report_due``).

References, dates and categories only: the applicant's identity never leaves the register.
"""

# apiflask's route decorators carry no type hints; the views themselves are typed.
# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Date, Integer, List, Nested, String
from flask import current_app

from publisher import deadlines as dl
from publisher.requests import register as reg
from publisher.web import api_examples as ex
from publisher.web.blueprint import bp
from publisher.web.datasets_api import today
from publisher.web.runs_api import STEWARD, require_steward
from publisher.web.services import services_of


class DueQuery(Schema):
    today = Date(load_default=None, metadata={
        "description": "Count as of this day (YYYY-MM-DD); default: today."})


class RequestDueOut(Schema):
    reference = String(required=True)
    received = Date(required=True)
    channel = String(required=True)
    applicant_type = String(required=True)
    department = String(required=True)
    state = String(required=True, metadata={"description": "open or consulting"})
    start = Date(required=True, metadata={"description": "Receipt or corrected request."})
    extended = Boolean(required=True)
    paused_working_days = Integer(required=True)
    due = Date(required=True)
    days_left = Integer(required=True)
    overdue = Boolean(required=True)
    rule = String(required=True)
    calendar = String(required=True)


class AnnualReportDueOut(Schema):
    year = Integer(required=True)
    due = Date(required=True)
    days_left = Integer(required=True)
    rule = String(required=True)


class RequestsDueOut(Schema):
    today = Date(required=True)
    week_ends = Date(required=True)
    overdue = List(Nested(RequestDueOut), required=True)
    due_this_week = List(Nested(RequestDueOut), required=True)
    annual_report = Nested(AnnualReportDueOut, required=True)


@bp.get("/requests/due")
@bp.input(DueQuery, location="query", arg_name="query")
@bp.output(RequestsDueOut, example=ex.REQUESTS_DUE)
@bp.doc(summary="Disclosure requests overdue and due this week", security=STEWARD)
def requests_due(query: dict[str, Any]) -> dict[str, Any]:
    """What ``publisher requests due`` prints: overdue requests, those due by Sunday, and the
    annual report's deadline."""
    require_steward()
    services = services_of(current_app)
    now = query["today"] or today()
    with services.db.session() as session:
        found = reg.due(session, now)
    report = dl.upcoming_annual_report(now, due=services.settings.annual_report_due)
    return {"today": now, "week_ends": reg.end_of_week(now), **found,
            "annual_report": {"year": int(report.subject), "due": report.due,
                              "days_left": (report.due - now).days, "rule": report.rule}}
