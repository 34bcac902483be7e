"""The register in the state database (SQLite, and PostgreSQL in CI): steps, refusals, audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from publisher.db import Database
from publisher.models import AuditEntry
from publisher.requests import clock as ck
from publisher.requests import fixtures
from publisher.requests import register as reg
from publisher.requests.errors import RequestError

pytestmark = pytest.mark.db
NAME, ID_NUMBER = "测试申请人甲", "441502199001011234"


def _add(session, reference: str = "汕交依申〔2018〕900号", received: date = date(2018, 9, 28)):
    return reg.add_request(session, reference=reference, received=received, channel="网络",
                           applicant_type="自然人", content="申请公开某道路工程批复", actor="st",
                           applicant={"name": NAME, "id_number": ID_NUMBER})


def test_steps_move_the_clock_and_every_write_is_audited_without_identity(database_url):
    db = Database(database_url)
    ref = "汕交依申〔2018〕900号"
    with db.session() as session:
        _add(session)
        reg.add_step(session, ref, kind=ck.CONSULTATION_START, day=date(2018, 10, 8), actor="st")
        reg.add_step(session, ref, kind=ck.CONSULTATION_END, day=date(2018, 10, 12), actor="st")
        reg.add_step(session, ref, kind=ck.EXTENSION, day=date(2018, 10, 30), actor="st",
                     approver="办公室主任")
    with db.session() as session:
        item = reg.summary(reg.get_request(session, ref), date(2018, 11, 1))
        assert (item["state"], item["extended"], item["paused_working_days"]) == (
            "open", True, 4)
        assert item["due"] == date(2018, 12, 4)  # 44 working days after 28 Sep
        reg.add_step(session, ref, kind=ck.REPLY, day=date(2018, 11, 20), actor="st",
                     outcome="partly-disclosed", fee=100)
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [e.action for e in entries] == ["request-add"] + ["request-step"] * 4
    assert entries[-1].detail == {"reference": ref, "kind": "reply", "day": "2018-11-20",
                                  "outcome": "partly-disclosed", "fee": 100}
    text = repr([(e.actor, e.action, e.detail) for e in entries])
    assert NAME not in text and ID_NUMBER not in text
    db.dispose()


@pytest.mark.parametrize(("steps", "kind", "extra", "code"), [
    ([], ck.CORRECTION_ANSWER, {}, "request-step-refused"),
    ([(ck.EXTENSION, {"approver": "主任"})], ck.EXTENSION, {"approver": "主任"},
     "request-step-refused"),
    ([], ck.EXTENSION, {}, "request-field-invalid"),
    ([(ck.CORRECTION_NOTICE, {})], ck.CORRECTION_NOTICE, {}, "request-step-refused"),
    ([(ck.CORRECTION_NOTICE, {})], ck.REPLY, {"outcome": "disclosed"}, "request-step-refused"),
    ([], ck.REPLY, {"outcome": "no-such-row"}, "request-field-invalid"),
    ([], ck.REPLY, {"outcome": "unavailable-still-unclear"}, "request-step-refused"),
    ([(ck.REPLY, {"outcome": "disclosed"})], ck.EXTENSION, {"approver": "主任"},
     "request-step-refused"),
    ([], ck.CONSULTATION_END, {}, "request-step-refused"),
    ([], "no-such-step", {}, "request-field-invalid"),
])
def test_steps_that_break_the_rules_are_refused_with_a_code(database_url, steps, kind, extra,
                                                            code):
    db = Database(database_url)
    ref = "汕交依申〔2018〕900号"
    with db.session() as session:
        _add(session)
        for earlier, params in steps:
            reg.add_step(session, ref, kind=earlier, day=date(2018, 10, 8), actor="st", **params)
    with pytest.raises(RequestError) as refused, db.session() as session:
        reg.add_step(session, ref, kind=kind, day=date(2018, 10, 9), actor="st", **extra)
    assert refused.value.code == code
    assert NAME not in str(refused.value) and NAME not in refused.value.message("zh")
    db.dispose()


def test_steps_out_of_order_unknown_and_duplicate_requests_are_refused(database_url):
    db = Database(database_url)
    with db.session() as session:
        _add(session)
    for action, code in (
        (lambda s: reg.add_step(s, "汕交依申〔2018〕900号", kind=ck.EXTENSION,
                                day=date(2018, 9, 1), actor="st", approver="主任"),
         "request-step-refused"),
        (lambda s: reg.get_request(s, "no-such"), "request-unknown"),
        (lambda s: _add(s), "request-duplicate"),
        (lambda s: reg.add_request(s, reference="x", received=date(2018, 1, 2), channel="飞鸽",
                                   applicant_type="自然人", content="", actor="st"),
         "request-field-invalid"),
    ):
        with pytest.raises(RequestError) as refused, db.session() as session:
            action(session)
        assert refused.value.code == code
    db.dispose()


def test_due_lists_overdue_and_this_weeks_requests(database_url):
    db = Database(database_url)
    with db.session() as session:
        _add(session, "A", date(2018, 9, 28))  # due 31 Oct
        _add(session, "B", date(2018, 10, 8))  # due 5 Nov
        _add(session, "C", date(2018, 10, 25))  # due later
        reg.add_request(session, reference="D", received=date(2018, 9, 3), channel="当面",
                        applicant_type="其他", content="", actor="st")
        reg.add_step(session, "D", kind=ck.REPLY, day=date(2018, 9, 20), actor="st",
                     outcome="disclosed")
    with db.session() as session:
        found = reg.due(session, date(2018, 11, 1))  # a Thursday; the week ends Sun 4 Nov
    assert [i["reference"] for i in found["overdue"]] == ["A"]
    assert found["due_this_week"] == []
    with db.session() as session:
        found = reg.due(session, date(2018, 11, 5))
    assert [i["reference"] for i in found["overdue"]] == ["A"]
    assert [i["reference"] for i in found["due_this_week"]] == ["B"]
    db.dispose()


def test_the_fixtures_go_through_the_register(database_url):
    db = Database(database_url)
    with db.session() as session:
        count = fixtures.load(session)
    with db.session() as session:
        rows = reg.all_requests(session)
        outcomes = {s.outcome for r in rows for s in r.steps if s.kind == ck.REPLY}
        kinds = {s.kind for r in rows for s in r.steps}
        audited = session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()))
    assert count == len(rows) == 167
    assert set(ck.STEP_KINDS) == kinds
    from publisher.requests.categories import BY_CODE
    assert outcomes == set(BY_CODE)
    assert audited is not None and audited >= count
    assert all(r.applicant.get("name") for r in rows)
    db.dispose()


STEPS = st.lists(st.tuples(st.sampled_from(ck.STEP_KINDS), st.integers(0, 15),
                           st.sampled_from(["disclosed", "other-no-correction",
                                            "unavailable-still-unclear"]),
                           st.sampled_from(["", "办公室主任"])), max_size=8)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_any_sequence_of_steps_keeps_the_rules(steps):
    db = Database("sqlite://")
    try:
        with db.session() as session:
            _add(session, "P-1", date(2018, 9, 28))
        day = date(2018, 9, 28)
        for kind, gap, outcome, approver in steps:
            day = day + timedelta(days=gap)
            try:
                with db.session() as session:
                    reg.add_step(session, "P-1", kind=kind, day=day, actor="st",
                                 outcome=outcome, approver=approver)
            except RequestError as refused:
                assert refused.code in ("request-step-refused", "request-field-invalid")
        with db.session() as session:
            row = reg.get_request(session, "P-1")
            kinds = [s.kind for s in row.steps]
            summary = reg.summary(row, date(2019, 1, 1))
    finally:
        db.dispose()
    assert kinds.count(ck.EXTENSION) <= 1 and kinds.count(ck.CORRECTION_NOTICE) <= 1
    assert ck.REPLY not in kinds or kinds[-1] == ck.REPLY
    assert [s for s in kinds if s == ck.REPLY] in ([], [ck.REPLY])
    assert summary["state"] in ("open", "consulting", "awaiting-correction", "replied")
