"""``publisher validate``: exit codes, JSON shape, reuse of stored results, no personal values."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.db

GOOD = ("decision_no,party,party_id,fine,decided\n"
        "汕交罚〔2018〕1号,张三,44150219000101001X,200,2018-03-01\n").encode()
BAD = ("decision_no,party,party_id,fine,decided\n"
       "汕交罚〔2018〕1号,张三,441502190001010011,-5,2018-02-30\n").encode()


def test_valid_dataset_exits_0_and_is_not_validated_twice(make_dataset, cli):
    make_dataset(data=GOOD)
    first = cli(["validate", "--lang", "en"])
    assert first.exit_code == 0, first.output
    assert "valid" in first.output and "reused" not in first.output
    second = cli(["validate", "--lang", "en"])
    assert second.exit_code == 0
    assert "unchanged" in second.output


def test_invalid_dataset_exits_1_with_json_report_without_personal_values(make_dataset, cli):
    make_dataset(data=BAD)
    result = cli(["validate", "fines", "--format", "json", "--lang", "zh"])
    assert result.exit_code == 1
    body = json.loads(result.output)
    errors = body["datasets"][0]["tasks"][0]["errors"]
    triples = {(e.get("rowNumber"), e.get("fieldName"), e["type"]) for e in errors}
    assert triples == {(2, "party_id", "check-digit"), (2, "fine", "constraint-error"),
                       (2, "decided", "type-error")}
    assert "441502190001010011" not in result.output and "张三" not in result.output
    assert "-5" in result.output  # values of non-personal fields may appear


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02binary", b"PK\x03\x04zip"])
def test_unreadable_input_exits_2_with_one_clear_line(make_dataset, cli, data):
    make_dataset(data=data)
    result = cli(["validate", "--lang", "en"])
    assert result.exit_code == 2
    assert "error:" in result.output and "Traceback" not in result.output


def test_unknown_dataset_is_a_usage_error(make_dataset, cli):
    make_dataset(data=GOOD)
    assert cli(["validate", "nope"]).exit_code == 2


def test_text_summary_groups_by_rule_in_both_languages(make_dataset, cli):
    make_dataset(data=BAD)
    zh = cli(["validate", "--lang", "zh"]).output
    en = cli(["validate", "--lang", "en"]).output
    assert "校验码错误 [check-digit]：1 处" in zh
    assert "Check digit error [check-digit]: 1" in en
    assert "2:party_id" in en


def test_a_schema_frictionless_cannot_build_is_a_finding_not_a_traceback(make_dataset, cli):
    make_dataset(data=b"a\n1\n", schema={"fields": [{"name": "a", "type": "nonsense"}]})
    result = cli(["validate", "--lang", "en"])
    assert result.exit_code == 1
    assert "resource-schema-unusable" in result.output
