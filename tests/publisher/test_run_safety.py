"""Runs that survive being killed and running twice: one writer, recovery, exact final state.

`publisher publish` runs as a real process here; kill points are chosen by its progress lines
(dataset started, rows loaded), never by sleeping.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from publisher.models import PublishRun
from publisher.runlock import acquire
from tests.publisher.run_support import assert_exact_state, env_of, run_until, start

pytestmark = [pytest.mark.db, pytest.mark.slow]


def test_sigkill_at_ten_points_then_a_rerun_leaves_the_exact_state(services,
                                                                   settings_overrides):
    env = env_of(settings_overrides)
    kills = 0
    for attempt in range(25):
        if kills == 10:
            break
        # Kill points walk the run: the 1st, 4th, 7th, 3rd … progress line of each process.
        killed, log = run_until(env, 1 + (attempt * 3) % 7)
        assert "Traceback" not in log
        kills += killed
    assert kills == 10
    proc = start(env)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert_exact_state(services)
    with services.db.session() as session:
        runs = list(session.scalars(select(PublishRun).order_by(PublishRun.id)))
    assert [r.status for r in runs].count("interrupted") == 10
    assert runs[-1].status == "finished"


def test_two_runs_at_once_one_after_the_other(services, settings_overrides):
    env = env_of(settings_overrides)
    first, second = start(env, "--wait", "600"), start(env, "--wait", "600")
    results = [p.communicate() for p in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), results
    assert all("Traceback" not in err for _, err in results)
    assert_exact_state(services)
    with services.db.session() as session:
        runs = list(session.scalars(select(PublishRun).order_by(PublishRun.started_at)))
    assert [r.status for r in runs] == ["finished", "finished"]
    assert runs[0].finished_at is not None
    assert runs[0].finished_at <= runs[1].started_at  # never both at once


def test_a_second_run_refuses_cleanly_while_one_holds_the_lock(services, settings_overrides):
    env = env_of(settings_overrides)
    with acquire(services):
        proc = start(env)
        out, err = proc.communicate()
    assert proc.returncode == 3
    assert "[run-busy]" in err
    assert "Traceback" not in err
    with services.db.session() as session:
        assert list(session.scalars(select(PublishRun))) == []

