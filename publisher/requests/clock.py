"""The statutory clock of one request, from its steps (Arts. 30–33), on the official calendar.

* The clock starts the day after receipt: 20 working days (``publisher.deadlines``).
* A 补正 notice stops it; the corrected request's arrival restarts it from zero (Art. 30).
* One extension adds 20 working days (Art. 33).
* Working days of a third-party consultation are not counted (Arts. 32, 33): from the day after
  the letter goes out up to the day the answer comes (or today while it is still out).
* A reply stops it for good; the reply's date is when the duty was met.

Pure functions of plain values: the register feeds them, tests call them directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from publisher import deadlines as dl

CORRECTION_NOTICE = "correction-notice"
CORRECTION_ANSWER = "correction-answer"
EXTENSION = "extension"
CONSULTATION_START = "consultation-start"
CONSULTATION_END = "consultation-end"
REPLY = "reply"
STEP_KINDS = (CORRECTION_NOTICE, CORRECTION_ANSWER, EXTENSION, CONSULTATION_START,
              CONSULTATION_END, REPLY)
#: The organ asks for a correction once, within 7 working days of receipt (Art. 30).
CORRECTION_NOTICE_WORKING_DAYS = 7


@dataclass(frozen=True)
class Step:
    """What the clock needs of a step: its kind and its day."""

    kind: str
    day: date


@dataclass(frozen=True)
class Clock:
    """Where a request stands on ``today``.

    ``state``: ``awaiting-correction`` (the clock waits for the applicant), ``consulting``,
    ``open``, ``replied``. ``deadline`` is None only while a correction is awaited.
    """

    state: str
    start: date
    extended: bool
    paused: int
    deadline: dl.Deadline | None

    def days_left(self, today: date) -> int | None:
        """Calendar days to the due date (negative when overdue); None without a due date."""
        return None if self.deadline is None else (self.deadline.due - today).days

    def overdue(self, today: date) -> bool:
        """An open request past its due date, or a reply given after it."""
        if self.deadline is None:
            return False
        return self.deadline.status(today) == "missed"


def clock(reference: str, received: date, steps: Sequence[Step], today: date) -> Clock:
    """The clock of a request received on ``received`` with ``steps`` (any order)."""
    ordered = sorted(steps, key=lambda s: s.day)
    start, extended, paused = received, False, 0
    awaiting = False
    consulting_since: date | None = None
    replied: date | None = None
    for step in ordered:
        if step.kind == CORRECTION_NOTICE:
            awaiting = True
        elif step.kind == CORRECTION_ANSWER:
            # The clock restarts: earlier pauses and days are of the old request.
            awaiting, start, paused = False, step.day, 0
        elif step.kind == EXTENSION:
            extended = True
        elif step.kind == CONSULTATION_START:
            consulting_since = step.day
        elif step.kind == CONSULTATION_END and consulting_since is not None:
            paused += dl.working_days_between(consulting_since, step.day)
            consulting_since = None
        elif step.kind == REPLY:
            replied = step.day
    if awaiting and replied is None:
        return Clock("awaiting-correction", start, extended, paused, None)
    still_out = 0
    if consulting_since is not None and replied is None:
        still_out = dl.working_days_between(consulting_since, today)
    deadline = dl.disclosure_request(reference, start, extended=extended, answered=replied,
                                     paused=paused + still_out)
    if replied is not None:
        state = "replied"
    else:
        state = "consulting" if consulting_since is not None else "open"
    return Clock(state, start, extended, paused + still_out, deadline)


def correction_notice_due(received: date) -> date:
    """The last day to send the one 补正 notice (7 working days from receipt, Art. 30)."""
    return dl.add_working_days(received, CORRECTION_NOTICE_WORKING_DAYS)[0]
