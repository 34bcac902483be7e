"""Deadline rules against the official 2024 calendar (Spring Festival, National Day)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher import deadlines
from publisher.deadlines import (
    FALLBACK,
    OFFICIAL,
    CalendarRangeError,
    add_working_days,
    is_working_day,
)


def test_spring_festival_2024_holidays_and_make_up_days():
    assert is_working_day(date(2024, 2, 4)) == (True, True)  # Sunday, make-up working day
    assert is_working_day(date(2024, 2, 18)) == (True, True)  # Sunday, make-up working day
    assert is_working_day(date(2024, 2, 12)) == (False, True)  # Monday, holiday


def test_disclosure_request_across_spring_festival_2024():
    deadline = deadlines.disclosure_request("2024-007", date(2024, 2, 1))
    # Monday to Friday would give 29 February; the official calendar adds the week of
    # holidays and counts the make-up Sundays 4 and 18 February.
    assert deadline.due == date(2024, 3, 5)
    assert deadline.calendar == OFFICIAL


def test_disclosure_request_extension_adds_twenty_working_days():
    plain = deadlines.disclosure_request("r", date(2024, 9, 27))
    extended = deadlines.disclosure_request("r", date(2024, 9, 27), extended=True)
    assert plain.due == date(2024, 10, 30)  # 29 Sep and 12 Oct are make-up working days
    assert extended.due == add_working_days(plain.due, 20)[0]
    assert extended.due > plain.due


def test_gazette_calendar_days_or_working_days():
    issued = date(2024, 9, 27)
    assert deadlines.gazette("d", issued).due == date(2024, 10, 2)
    assert deadlines.gazette("d", issued).calendar == deadlines.CALENDAR_DAYS
    # working days: Sun 29 Sep, Mon 30 Sep, then 8, 9, 10 October after National Day
    assert deadlines.gazette("d", issued, working_days=True).due == date(2024, 10, 10)


def test_public_message_uses_configured_working_days():
    deadline = deadlines.public_message("m-1", date(2024, 2, 8), working_days=3)
    assert deadline.due == date(2024, 2, 19)  # 9 Feb, 18 Feb (make-up Sunday), 19 Feb


def test_annual_report_fixed_date_and_upcoming():
    assert deadlines.annual_report(2025).due == date(2026, 1, 31)
    assert deadlines.upcoming_annual_report(date(2026, 1, 31)).subject == "2025"
    assert deadlines.upcoming_annual_report(date(2026, 2, 1)).due == date(2027, 1, 31)


def test_outside_the_official_calendar_falls_back_and_says_so():
    due, calendar = add_working_days(date(2040, 3, 1), 5)
    assert calendar == FALLBACK
    assert due == date(2040, 3, 8)  # Thursday 1 March 2040 + 5 weekdays
    with pytest.raises(CalendarRangeError):
        add_working_days(date(2040, 3, 1), 5, strict=True)


def test_status_met_missed_near_open():
    deadline = deadlines.annual_report(2024)  # due 2025-01-31
    assert deadline.status(date(2025, 1, 10)) == "open"
    assert deadline.status(date(2025, 1, 28)) == "near"
    assert deadline.status(date(2025, 2, 1)) == "missed"
    met = deadlines.annual_report(2024, published=date(2025, 1, 20))
    assert met.status(date(2025, 3, 1)) == "met"
    late = deadlines.annual_report(2024, published=date(2025, 2, 3))
    assert late.status(date(2025, 3, 1)) == "missed"
    shown = deadlines.near_or_missed([deadline, met], date(2025, 2, 1))
    assert shown == [deadline]


@given(st.dates(min_value=date(2005, 1, 1), max_value=date(2025, 6, 30)),
       st.integers(min_value=0, max_value=60))
def test_working_day_count_matches_the_calendar(start, count):
    due, calendar = add_working_days(start, count)
    assert calendar == OFFICIAL
    days = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
    assert sum(is_working_day(d)[0] for d in days) == count
    if count:
        assert is_working_day(due)[0]
