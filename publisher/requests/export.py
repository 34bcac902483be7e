"""The published register: one row per request, with no applicant identity and no content.

``datasets/disclosure-requests/data/requests.csv`` is this export. What the applicant wrote may
name them or others, so the request text stays in the register; the row keeps the dates, the
channel, the applicant's category, the clock and the outcome as the annual report counts it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from publisher import deadlines as dl
from publisher.generate import write_csv
from publisher.requests import categories as cat
from publisher.requests import clock as ck
from publisher.requests.models import DisclosureRequest
from publisher.requests.register import clock_of, reply_of

HEADER = ("request_id", "received_date", "channel", "requester_type", "corrected_date",
          "clock_start", "extended", "consultation_working_days", "time_limit", "deadline",
          "answered_date", "outcome", "outcome_detail", "fee")


def public_row(row: DisclosureRequest, today: date) -> list[object]:
    """The request as the public register shows it (see HEADER)."""
    state = clock_of(row, today)
    reply = reply_of(row)
    outcome = cat.BY_CODE[reply.outcome] if reply is not None else None
    corrected = next((s.day for s in reversed(row.steps) if s.kind == ck.CORRECTION_ANSWER),
                     None)
    limit = (dl.DISCLOSURE_WORKING_DAYS
             + (dl.DISCLOSURE_EXTENSION_WORKING_DAYS if state.extended else 0) + state.paused)
    return [
        row.reference, row.received.isoformat(), row.channel, row.applicant_type,
        corrected.isoformat() if corrected else "", state.start.isoformat(),
        "是" if state.extended else "否", state.paused,
        limit if state.deadline else "",
        state.deadline.due.isoformat() if state.deadline else "",
        reply.day.isoformat() if reply else "",
        outcome.group if outcome else "", outcome.label if outcome and outcome.number else "",
        reply.fee if reply else 0,
    ]


def write(path: Path, requests: Iterable[DisclosureRequest], today: date) -> int:
    """Write the published register's CSV; returns the number of rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_csv(path, HEADER, (public_row(r, today) for r in requests))
