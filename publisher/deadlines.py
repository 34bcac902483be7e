"""Legal deadlines: working days by the official Chinese calendar, calendar days, fixed dates.

Rules (2019 Regulations on the Disclosure of Government Information, and the bureau's own):

* a disclosure request is answered within 20 working days of receipt (Art. 33), plus one
  extension of 20 working days when the head of the disclosure office approves it;
* a public message (政民互动) is answered within a configurable number of working days;
* a normative document reaches the gazette within 5 days of issue: calendar days unless the
  bureau sets ``gazette_days_are_working_days``;
* a department publishes its annual report for year Y by 31 January of Y + 1 (Art. 49);
* a dataset is updated by the date its ``update_frequency`` gives after its last publication.

Working days follow the State Council's holiday schedule with its make-up working days (调休),
from the ``chinesecalendar`` package. The schedule is published one year at a time: for a date
the package does not cover, counting falls back to Monday to Friday and the deadline says so
(``calendar == "weekday-fallback"``), unless the caller asks for ``strict`` counting.
The day of receipt or issue is not counted (the period starts the next day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import chinese_calendar

from publisher import codes
from publisher.frequency import parse_frequency

DISCLOSURE_WORKING_DAYS = 20
DISCLOSURE_EXTENSION_WORKING_DAYS = 20
GAZETTE_DAYS = 5
DEFAULT_MESSAGE_WORKING_DAYS = 5
#: A deadline this many calendar days away or closer is "near".
NEAR_DAYS = 5

OFFICIAL = "official"
FALLBACK = "weekday-fallback"
CALENDAR_DAYS = "calendar-days"
FIXED_DATE = "fixed-date"


class CalendarRangeError(ValueError):
    """A working-day count reached a date the official calendar does not cover (strict mode)."""


def is_working_day(day: date, *, strict: bool = False) -> tuple[bool, bool]:
    """(is it a working day, did the official calendar decide it)."""
    try:
        return bool(chinese_calendar.is_workday(day)), True
    except NotImplementedError:
        if strict:
            raise CalendarRangeError(
                f"the official holiday schedule for {day.year} is not known to the installed "
                "chinesecalendar package; update it"
            ) from None
        return day.weekday() < 5, False


def add_working_days(start: date, count: int, *, strict: bool = False) -> tuple[date, str]:
    """The ``count``-th working day after ``start``, and which calendar decided it."""
    if count < 0:
        raise ValueError("count must not be negative")
    day, seen, official = start, 0, True
    while seen < count:
        day += timedelta(days=1)
        working, decided = is_working_day(day, strict=strict)
        official = official and decided
        seen += working
    return day, OFFICIAL if official else FALLBACK


def working_days_between(start: date, end: date, *, strict: bool = False) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    day, seen = start, 0
    while day < end:
        day += timedelta(days=1)
        seen += is_working_day(day, strict=strict)[0]
    return seen


codes.define(
    "deadline-request", stage="deadlines", title=("依申请公开时限", "Request deadline"),
    description="Art. 33: working days from receipt.",
    message=("自收到申请之日起 {days} 个工作日（第三十三条）",
             "{days} working days from receipt (Art. 33)"),
)
codes.define(
    "deadline-request-extended", stage="deadlines",
    title=("依申请公开时限（已延期）", "Request deadline, extended"),
    description="Art. 33 with the one permitted extension.",
    message=("自收到申请之日起 {days} 个工作日（第三十三条，已延期）",
             "{days} working days from receipt (Art. 33, extended)"),
)
codes.define(
    "deadline-request-paused", stage="deadlines",
    title=("依申请公开时限（征求意见）", "Request deadline, consultation"),
    description="Art. 33; third-party consultation not counted (Art. 32).",
    message=("自收到申请之日起 {days} 个工作日（第三十三条），征求第三方意见的 {paused} 个工作日不"
             "计算在内（第三十二条）",
             "{days} working days from receipt (Art. 33), {paused} working days of third-party "
             "consultation not counted (Art. 32)"),
)
codes.define(
    "deadline-request-extended-paused", stage="deadlines",
    title=("依申请公开时限（已延期，征求意见）", "Request deadline, extended, consultation"),
    description="Art. 33 extended; consultation not counted (Art. 32).",
    message=("自收到申请之日起 {days} 个工作日（第三十三条，已延期），征求第三方意见的 {paused} 个"
             "工作日不计算在内（第三十二条）",
             "{days} working days from receipt (Art. 33, extended), {paused} working days of "
             "third-party consultation not counted (Art. 32)"),
)
codes.define(
    "deadline-message", stage="deadlines", title=("留言答复时限", "Message deadline"),
    description="A reply to a public message within the bureau's working days.",
    message=("自收到之日起 {days} 个工作日",
             "{days} working days from receipt"),
)
codes.define(
    "deadline-gazette-working", stage="deadlines", title=("公报时限", "Gazette deadline"),
    description="A normative document in the gazette within working days of issue.",
    message=("自印发之日起 {days} 个工作日",
             "{days} working days from issue"),
)
codes.define(
    "deadline-gazette-calendar", stage="deadlines", title=("公报时限", "Gazette deadline"),
    description="A normative document in the gazette within calendar days of issue.",
    message=("自印发之日起 {days} 日",
             "{days} calendar days from issue"),
)
codes.define(
    "deadline-annual-report", stage="deadlines", title=("年度报告时限", "Annual report deadline"),
    description="Art. 49: by 31 January of the following year.",
    message=("次年 1 月 31 日前（第四十九条）",
             "by 31 January of the following year (Art. 49)"),
)
codes.define(
    "deadline-annual-report-own", stage="deadlines",
    title=("年度报告时限（本局日期）", "Annual report deadline (own date)"),
    description="Art. 49 with the bureau's own earlier date.",
    message=("次年 {due} 前（本局规定日期；第四十九条）",
             "by {due} of the following year (the bureau's date; Art. 49)"),
)


def _rule(code: str, **params: object) -> dict[str, Any]:
    """A deadline's rule: the English text, and its code and params for other languages."""
    return {"rule": codes.text("en", code, **params), "rule_code": code,
            "rule_params": tuple(params.items())}


@dataclass(frozen=True)
class Deadline:
    """One obligation with its due date; ``done`` is when it was met (None while open)."""

    kind: str  # disclosure-request | public-message | gazette | annual-report | update
    subject: str  # request reference, dataset name or report year; never a personal value
    due: date
    rule: str
    calendar: str
    start: date | None = None
    done: date | None = None
    dataset: str = ""
    rule_code: str = ""  # the rule in any language (publisher.codes); ``rule`` is English
    rule_params: tuple[tuple[str, object], ...] = ()

    def rule_in(self, lang: str) -> str:
        """The rule in ``lang``."""
        if self.rule_code:
            return codes.text(lang, self.rule_code, **dict(self.rule_params))
        return self.rule

    def status(self, today: date, near_days: int = NEAR_DAYS) -> str:
        """met, missed (late or overdue), near (due within ``near_days``) or open."""
        if self.done is not None:
            return "met" if self.done <= self.due else "missed"
        if today > self.due:
            return "missed"
        return "near" if (self.due - today).days <= near_days else "open"

    def to_dict(self, today: date, near_days: int = NEAR_DAYS) -> dict[str, Any]:
        """The deadline with its status on ``today`` (dates stay ``date`` objects)."""
        return {
            "kind": self.kind, "subject": self.subject, "dataset": self.dataset or None,
            "start": self.start, "due": self.due, "done": self.done,
            "status": self.status(today, near_days), "days_left": (self.due - today).days,
            "rule": self.rule, "calendar": self.calendar,
        }


def disclosure_request(reference: str, received: date, *, extended: bool = False,
                       answered: date | None = None, strict: bool = False,
                       paused: int = 0) -> Deadline:
    """20 working days from receipt (Art. 33), 40 with the one permitted extension.

    ``received`` is the day the clock starts: receipt, or the day a corrected request (补正)
    arrived (Art. 30). ``paused`` working days of third-party consultation are not counted
    (Art. 32, 33), so they push the due date back.
    """
    if paused < 0:
        raise ValueError("paused must not be negative")
    days = DISCLOSURE_WORKING_DAYS + (DISCLOSURE_EXTENSION_WORKING_DAYS if extended else 0)
    due, calendar = add_working_days(received, days + paused, strict=strict)
    code = "deadline-request" + ("-extended" if extended else "") + ("-paused" if paused else "")
    rule = _rule(code, days=days, paused=paused) if paused else _rule(code, days=days)
    return Deadline("disclosure-request", reference, due, calendar=calendar, start=received,
                    done=answered, **rule)


def public_message(reference: str, received: date, *, working_days: int,
                   answered: date | None = None, strict: bool = False) -> Deadline:
    """A reply to a public message within the bureau's configured working days."""
    due, calendar = add_working_days(received, working_days, strict=strict)
    return Deadline("public-message", reference, due, calendar=calendar, start=received,
                    done=answered, **_rule("deadline-message", days=working_days))


def gazette(dataset: str, issued: date, *, working_days: bool = False,
            published: date | None = None, strict: bool = False) -> Deadline:
    """A normative document in the gazette within 5 days of issue (calendar or working)."""
    if working_days:
        due, calendar = add_working_days(issued, GAZETTE_DAYS, strict=strict)
        rule = _rule("deadline-gazette-working", days=GAZETTE_DAYS)
    else:
        due, calendar = issued + timedelta(days=GAZETTE_DAYS), CALENDAR_DAYS
        rule = _rule("deadline-gazette-calendar", days=GAZETTE_DAYS)
    return Deadline("gazette", dataset, due, calendar=calendar, start=issued, done=published,
                    dataset=dataset, **rule)


ANNUAL_REPORT_DUE = "01-31"


def parse_month_day(value: str) -> tuple[int, int]:
    """``MM-DD`` as (month, day); ValueError when it is not a day every year has."""
    try:
        month, day = (int(part) for part in value.split("-"))
        date(2001, month, day)  # not a leap year: 02-29 is refused
    except ValueError:
        raise ValueError(f"{value!r} is not a day of the year written MM-DD") from None
    return month, day


def annual_report(year: int, *, published: date | None = None,
                  due: str = ANNUAL_REPORT_DUE) -> Deadline:
    """The report on ``year`` is published by 31 January of the next year (Art. 49).

    ``due`` (``MM-DD``) is the bureau's own date when its government sets an earlier one.
    """
    month, day = parse_month_day(due)
    rule = (_rule("deadline-annual-report") if due == ANNUAL_REPORT_DUE
            else _rule("deadline-annual-report-own", due=due))
    return Deadline("annual-report", str(year), date(year + 1, month, day), calendar=FIXED_DATE,
                    start=date(year, 12, 31), done=published, **rule)


def upcoming_annual_report(today: date, *, due: str = ANNUAL_REPORT_DUE) -> Deadline:
    """The annual report whose deadline comes next (or is today)."""
    month, day = parse_month_day(due)
    year = today.year - 1 if today <= date(today.year, month, day) else today.year
    return annual_report(year, due=due)


def update_due(dataset: str, update_frequency: str, last: date) -> Deadline | None:
    """The next update of a dataset after its last publication; None when not periodic."""
    frequency = parse_frequency(update_frequency) if update_frequency else None
    due = frequency.next_due(last) if frequency else None
    if due is None:
        return None
    return Deadline("update", dataset, due, f"update_frequency {update_frequency}", CALENDAR_DAYS,
                    last, None, dataset)


def near_or_missed(deadlines: list[Deadline], today: date,
                   near_days: int = NEAR_DAYS) -> list[Deadline]:
    """The deadlines a steward must look at, soonest first."""
    keep = [d for d in deadlines if d.status(today, near_days) in ("near", "missed")]
    return sorted(keep, key=lambda d: (d.due, d.kind, d.subject))


class RegisterError(ValueError):
    """The deadline register file is not what :func:`from_register` expects."""


def _date(entry: dict[str, Any], key: str, where: str, required: bool = True) -> date | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, date):
        raise RegisterError(f"{where}: {key} must be a date (YYYY-MM-DD)")
    return value


def from_register(data: Any, *, strict: bool = False) -> list[Deadline]:
    """Deadlines of the bureau's register (``<instance>/deadlines.yaml``), parsed YAML.

    The register holds references and dates only, never an applicant's name::

        public_message_working_days: 5
        disclosure_requests: [{id: "2026-014", received: 2026-11-02, extended: false,
                               answered: null}]
        public_messages: [{id: "M-88", received: 2026-11-20, answered: null}]
        annual_reports: [{year: 2025, published: 2026-01-20}]
    """
    if data is None:
        return []
    if not isinstance(data, dict):
        raise RegisterError("the register must be a mapping")
    message_days = data.get("public_message_working_days", DEFAULT_MESSAGE_WORKING_DAYS)
    if not isinstance(message_days, int) or message_days < 1:
        raise RegisterError("public_message_working_days must be a positive whole number")
    found: list[Deadline] = []
    for kind in ("disclosure_requests", "public_messages", "annual_reports"):
        entries = data.get(kind) or []
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise RegisterError(f"{kind} must be a list of mappings")
        for n, entry in enumerate(entries, start=1):
            where = f"{kind}[{n}]"
            if kind == "annual_reports":
                year = entry.get("year")
                if not isinstance(year, int):
                    raise RegisterError(f"{where}: year must be a whole number")
                found.append(annual_report(year, published=_date(entry, "published", where,
                                                                  False)))
                continue
            reference = str(entry.get("id") or n)
            received = _date(entry, "received", where)
            answered = _date(entry, "answered", where, False)
            assert received is not None
            if kind == "disclosure_requests":
                found.append(disclosure_request(reference, received,
                                                extended=bool(entry.get("extended")),
                                                answered=answered, strict=strict))
            else:
                found.append(public_message(reference, received, working_days=message_days,
                                            answered=answered, strict=strict))
    return found
