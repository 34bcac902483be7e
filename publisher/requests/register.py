"""Writes and reads of the request register; every write is audited without personal values.

A steward registers a request, then records its steps in order. The rules of the Regulations
that a step can break are checked here (one 补正 notice, one extension with its approver, a
reply in the national categories, nothing after the reply); the clock itself is
:mod:`publisher.requests.clock`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from publisher import deadlines as dl
from publisher.requests import categories as cat
from publisher.requests import clock as ck
from publisher.requests.errors import RequestError, rule
from publisher.requests.models import DisclosureRequest, RequestStep
from publisher.state import audit

#: The keys of the applicant's identity a steward may record (all personal data).
APPLICANT_KEYS = ("name", "id_number", "phone", "address", "email")


def add_request(session: Session, *, reference: str, received: date, channel: str,
                applicant_type: str, content: str, actor: str, department: str = "",
                applicant: dict[str, str] | None = None) -> DisclosureRequest:
    """Register a request as received (Art. 31 decides the day of receipt)."""
    reference = reference.strip()
    if not reference or "/" in reference:
        # A reference names the request's page (/status/requests/<reference>).
        raise RequestError("request-field-invalid", reference=reference or "-",
                           field="reference", **rule("rule-reference"))
    for field, value, allowed in (("channel", channel, cat.CHANNELS),
                                  ("applicant_type", applicant_type, cat.APPLICANT_TYPES)):
        if value not in allowed:
            raise RequestError("request-field-invalid", reference=reference, field=field,
                               **rule("rule-one-of", allowed=", ".join(allowed)))
    identity = {k: v.strip() for k, v in (applicant or {}).items() if v and v.strip()}
    unknown = sorted(set(identity) - set(APPLICANT_KEYS))
    if unknown:
        raise RequestError("request-field-invalid", reference=reference, field="applicant",
                           **rule("rule-unknown-keys", keys=", ".join(unknown)))
    if session.scalar(select(DisclosureRequest.id).where(
            DisclosureRequest.reference == reference)) is not None:
        raise RequestError("request-duplicate", reference=reference)
    row = DisclosureRequest(reference=reference, received=received, channel=channel,
                            applicant_type=applicant_type, content=content.strip(),
                            department=department, applicant=identity)
    session.add(row)
    session.flush()
    # The audit names the request and its category; never who asked or what they wrote.
    audit(session, actor, "request-add", reference=reference, received=received.isoformat(),
          channel=channel, applicant_type=applicant_type)
    return row


def get_request(session: Session, reference: str) -> DisclosureRequest:
    """The request ``reference`` with its steps; RequestError when unknown."""
    row = session.scalar(select(DisclosureRequest).options(selectinload(DisclosureRequest.steps))
                         .where(DisclosureRequest.reference == reference))
    if row is None:
        raise RequestError("request-unknown", reference=reference)
    return row


def all_requests(session: Session) -> list[DisclosureRequest]:
    """Every request with its steps, oldest first."""
    query = (select(DisclosureRequest).options(selectinload(DisclosureRequest.steps))
             .order_by(DisclosureRequest.received, DisclosureRequest.reference))
    return list(session.scalars(query))


def _refuse(reference: str, kind: str, code: str) -> RequestError:
    return RequestError("request-step-refused", reference=reference, kind=kind, **rule(code))


def _check_step(row: DisclosureRequest, kind: str, day: date, outcome: str,
                approver: str, fee: int) -> None:
    ref = row.reference
    if kind not in ck.STEP_KINDS:
        raise RequestError("request-field-invalid", reference=ref, field="kind",
                           **rule("rule-one-of", allowed=", ".join(ck.STEP_KINDS)))
    kinds = [s.kind for s in row.steps]
    if day < row.received or (row.steps and day < row.steps[-1].day):
        raise _refuse(ref, kind, "rule-steps-in-order")
    if ck.REPLY in kinds:
        raise _refuse(ref, kind, "rule-replied")
    awaiting = kinds.count(ck.CORRECTION_NOTICE) > kinds.count(ck.CORRECTION_ANSWER)
    consulting = kinds.count(ck.CONSULTATION_START) > kinds.count(ck.CONSULTATION_END)
    if kind == ck.CORRECTION_NOTICE and ck.CORRECTION_NOTICE in kinds:
        raise _refuse(ref, kind, "rule-one-correction")
    if kind == ck.CORRECTION_ANSWER and not awaiting:
        raise _refuse(ref, kind, "rule-no-correction-notice")
    if kind == ck.EXTENSION:
        if ck.EXTENSION in kinds:
            raise _refuse(ref, kind, "rule-one-extension")
        if not approver.strip():
            raise RequestError("request-field-invalid", reference=ref, field="approver",
                               **rule("rule-extension-approver"))
    if kind == ck.CONSULTATION_START and consulting:
        raise _refuse(ref, kind, "rule-consultation-out")
    if kind == ck.CONSULTATION_END and not consulting:
        raise _refuse(ref, kind, "rule-no-consultation")
    if kind == ck.REPLY:
        if outcome not in cat.BY_CODE:
            raise RequestError("request-field-invalid", reference=ref, field="outcome",
                               **rule("rule-outcome-code"))
        if awaiting and outcome != "other-no-correction":
            raise _refuse(ref, kind, "rule-correction-awaited")
        if outcome == "unavailable-still-unclear" and ck.CORRECTION_ANSWER not in kinds:
            raise _refuse(ref, kind, "rule-still-unclear")
        if fee < 0:
            raise RequestError("request-field-invalid", reference=ref, field="fee",
                               **rule("rule-not-negative"))


def add_step(session: Session, reference: str, *, kind: str, day: date, actor: str,
             outcome: str = "", approver: str = "", fee: int = 0,
             note: str = "") -> RequestStep:
    """Record one step of ``reference``; refused with a RequestError when it does not fit."""
    row = get_request(session, reference)
    _check_step(row, kind, day, outcome, approver, fee)
    step = RequestStep(kind=kind, day=day, outcome=outcome if kind == ck.REPLY else "",
                       approver=approver.strip(), fee=fee if kind == ck.REPLY else 0,
                       note=note.strip(), actor=actor)
    row.steps.append(step)
    session.flush()
    detail: dict[str, Any] = {"reference": reference, "kind": kind, "day": day.isoformat()}
    if kind == ck.REPLY:
        detail.update(outcome=outcome, fee=fee)
    if kind == ck.EXTENSION:
        detail["approver"] = step.approver
    audit(session, actor, "request-step", **detail)
    return step


def clock_of(row: DisclosureRequest, today: date) -> ck.Clock:
    return ck.clock(row.reference, row.received,
                    [ck.Step(s.kind, s.day) for s in row.steps], today)


def reply_of(row: DisclosureRequest) -> RequestStep | None:
    return next((s for s in row.steps if s.kind == ck.REPLY), None)


def summary(row: DisclosureRequest, today: date) -> dict[str, Any]:
    """What stewards and the status API see of a request: no identity, no content."""
    state = clock_of(row, today)
    reply = reply_of(row)
    deadline = state.deadline
    return {
        "reference": row.reference, "received": row.received, "channel": row.channel,
        "applicant_type": row.applicant_type, "department": row.department,
        "state": state.state, "start": state.start, "extended": state.extended,
        "paused_working_days": state.paused,
        "due": deadline.due if deadline else None,
        "days_left": state.days_left(today) if reply is None else None,
        "overdue": state.overdue(today),
        "replied": reply.day if reply else None,
        "outcome": reply.outcome if reply else None,
        "fee": reply.fee if reply else 0,
        "rule": deadline.rule if deadline else "",
        "calendar": deadline.calendar if deadline else "",
    }


def open_deadlines(session: Session, today: date) -> list[dl.Deadline]:
    """The due dates of requests not yet replied to (none while a correction is awaited)."""
    found = []
    for row in all_requests(session):
        deadline = clock_of(row, today).deadline
        if deadline is not None and deadline.done is None:
            found.append(deadline)
    return found


def end_of_week(today: date) -> date:
    """The Sunday of ``today``'s week (Monday to Sunday, as the office plans its work)."""
    return today + timedelta(days=6 - today.weekday())


def due(session: Session, today: date) -> dict[str, list[dict[str, Any]]]:
    """Open requests overdue, and those due by the end of this week, soonest first."""
    overdue: list[dict[str, Any]] = []
    this_week: list[dict[str, Any]] = []
    week_end = end_of_week(today)
    for row in all_requests(session):
        item = summary(row, today)
        if item["replied"] is not None or item["due"] is None:
            continue
        if item["overdue"]:
            overdue.append(item)
        elif item["due"] <= week_end:
            this_week.append(item)
    def soonest(item: dict[str, Any]) -> tuple[date, str]:
        return item["due"], item["reference"]

    return {"overdue": sorted(overdue, key=soonest),
            "due_this_week": sorted(this_week, key=soonest)}
