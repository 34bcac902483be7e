"""The statutory clock on the official calendar: make-up days, 补正, extension, consultation."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from publisher import deadlines as dl
from publisher.requests import clock as ck


def due(received: date, *steps: tuple[str, date], today: date = date(2018, 12, 31)) -> date:
    state = ck.clock("R", received, [ck.Step(k, d) for k, d in steps], today)
    assert state.deadline is not None
    return state.deadline.due


def test_spring_festival_2018_counts_the_make_up_days_and_skips_the_holiday() -> None:
    # Received Fri 9 Feb: Sun 11 Feb and Sat 24 Feb are working days, 15–21 Feb are not.
    # Counted by hand: 11,12,13,14 | 22,23,24 | 26,27,28, 1,2 | 5–9 | 12,13,14 March.
    assert due(date(2018, 2, 9)) == date(2018, 3, 14)


def test_national_day_2018_counts_the_weekend_make_up_days() -> None:
    # Received Fri 28 Sep: Sat 29 and Sun 30 Sep are working days; 1–7 Oct are holidays.
    assert due(date(2018, 9, 28)) == date(2018, 10, 31)


def test_a_correction_restarts_the_clock_from_the_corrected_request() -> None:
    received = date(2018, 2, 9)
    waiting = ck.clock("R", received, [ck.Step(ck.CORRECTION_NOTICE, date(2018, 2, 12))],
                       date(2018, 3, 20))
    assert waiting.state == "awaiting-correction" and waiting.deadline is None
    assert not waiting.overdue(date(2018, 3, 20))  # the applicant's turn, not the bureau's
    assert due(received, (ck.CORRECTION_NOTICE, date(2018, 2, 12)),
               (ck.CORRECTION_ANSWER, date(2018, 3, 1))) == date(2018, 3, 29)


def test_the_one_extension_adds_twenty_working_days() -> None:
    assert due(date(2018, 9, 28), (ck.EXTENSION, date(2018, 10, 25))) == date(2018, 11, 28)


def test_third_party_consultation_is_not_counted() -> None:
    # Letter out Mon 8 Oct, answer Fri 12 Oct: 9–12 Oct (4 working days) do not count.
    state = ck.clock("R", date(2018, 9, 28),
                     [ck.Step(ck.CONSULTATION_START, date(2018, 10, 8)),
                      ck.Step(ck.CONSULTATION_END, date(2018, 10, 12))], date(2018, 10, 15))
    assert state.paused == 4
    assert state.deadline is not None and state.deadline.due == date(2018, 11, 6)
    assert "not counted" in state.deadline.rule


def test_an_open_consultation_keeps_pushing_the_due_date() -> None:
    steps = [ck.Step(ck.CONSULTATION_START, date(2018, 10, 8))]
    early = ck.clock("R", date(2018, 9, 28), steps, date(2018, 10, 9))
    later = ck.clock("R", date(2018, 9, 28), steps, date(2018, 10, 12))
    assert early.state == later.state == "consulting"
    assert (early.paused, later.paused) == (1, 4)
    assert early.deadline and later.deadline and later.deadline.due > early.deadline.due


def test_overdue_and_replied_late() -> None:
    open_late = ck.clock("R", date(2018, 9, 28), [], date(2018, 11, 1))
    assert open_late.overdue(date(2018, 11, 1)) and open_late.days_left(date(2018, 11, 1)) == -1
    on_time = ck.clock("R", date(2018, 9, 28), [ck.Step(ck.REPLY, date(2018, 10, 31))],
                       date(2019, 1, 1))
    late = ck.clock("R", date(2018, 9, 28), [ck.Step(ck.REPLY, date(2018, 11, 1))],
                    date(2019, 1, 1))
    assert (on_time.state, on_time.overdue(date(2019, 1, 1))) == ("replied", False)
    assert late.overdue(date(2019, 1, 1))


@settings(deadline=None)  # calendar look-ups on a shared machine; no timing in tests
@given(received=st.dates(date(2016, 1, 1), date(2024, 12, 1)), gap=st.integers(1, 10),
       paused=st.integers(1, 15), extended=st.booleans())
def test_due_date_counts_exactly_the_allowed_working_days(received: date, gap: int,
                                                          paused: int, extended: bool) -> None:
    letter = dl.add_working_days(received, gap)[0]
    answer = dl.add_working_days(letter, paused)[0]
    steps = [(ck.CONSULTATION_START, letter), (ck.CONSULTATION_END, answer)]
    if extended:
        steps.append((ck.EXTENSION, answer))
    got = due(received, *steps, today=answer + timedelta(days=1))
    allowed = 20 + (20 if extended else 0)
    # The working days from receipt to the due date, less those of the consultation, are
    # exactly the statutory limit; the due date itself is a working day.
    assert dl.working_days_between(received, got) - paused == allowed
    assert dl.is_working_day(got)[0]
