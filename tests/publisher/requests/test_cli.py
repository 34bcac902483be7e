"""``publisher requests``: the register from the command line, never printing an identity."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.db
NAME, PHONE = "测试申请人乙", "13800001111"
REF = "汕交依申〔2018〕901号"


def _add(runner, ref: str = REF, received: str = "2018-09-28"):
    return runner(["requests", "add", "--reference", ref, "--received", received,
                   "--channel", "网络", "--type", "自然人", "--content", "申请公开公交线路调整依据",
                   "--name", NAME, "--phone", PHONE, "--by", "steward-a", "--lang", "en"])


def test_add_step_show_list_and_due(runner):
    added = _add(runner)
    assert added.exit_code == 0 and "due 2018-10-31" in added.output
    step = runner(["requests", "step", REF, "extension", "--on", "2018-10-25",
                   "--approver", "办公室主任", "--lang", "en"])
    assert step.exit_code == 0 and "due 2018-11-28" in step.output
    shown = runner(["requests", "show", REF, "--today", "2018-11-01", "--lang", "en"])
    assert shown.exit_code == 0
    assert "extended: True" in shown.output and "identity on file: name, phone" in shown.output
    listed = runner(["requests", "list", "--today", "2018-12-01", "--lang", "en"])
    assert REF in listed.output and "OVERDUE" in listed.output
    # Monday of the due week
    due = runner(["requests", "due", "--today", "2018-11-26", "--lang", "en"])
    assert "overdue: 0" in due.output and "due this week: 1" in due.output and REF in due.output
    replied = runner(["requests", "step", REF, "reply", "--on", "2018-11-27",
                      "--outcome", "withheld-third-party", "--lang", "en"])
    assert replied.exit_code == 0 and "state replied" in replied.output
    everything = added.output + step.output + shown.output + listed.output + due.output
    assert NAME not in everything and PHONE not in everything


def test_a_refused_step_is_one_line_with_its_code(runner):
    _add(runner)
    refused = runner(["requests", "step", REF, "correction-answer", "--on", "2018-10-02"])
    assert refused.exit_code == 1
    assert "[request-step-refused]" in refused.output and "Traceback" not in refused.output
    unknown = runner(["requests", "show", "nope"])
    assert unknown.exit_code == 1 and "[request-unknown]" in unknown.output


def test_export_writes_the_public_register_without_identity(runner, tmp_path):
    _add(runner)
    out = tmp_path / "requests.csv"
    result = runner(["requests", "export", "--out", str(out), "--today", "2018-10-10",
                     "--lang", "en"])
    assert result.exit_code == 0 and "wrote 1 requests" in result.output
    text = out.read_text(encoding="utf-8")
    assert REF in text and NAME not in text and PHONE not in text and "公交线路" not in text


def test_fixtures_only_into_an_empty_register(runner):
    first = runner(["requests", "fixtures", "--lang", "en"])
    assert first.exit_code == 0 and "registered 167" in first.output
    again = runner(["requests", "fixtures", "--lang", "en"])
    assert again.exit_code == 2 and "not empty" in again.output
