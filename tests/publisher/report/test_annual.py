"""The 2018 annual report from the repository's data, checked against independent counts.

The expected numbers are recomputed here from the committed CSVs with the standard library
only (csv, dates as text): none of the report's code is used to compute them.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
DATASETS = ROOT / "datasets"
YEAR = "2018"
TYPES = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
pytestmark = pytest.mark.db


def rows(dataset: str, file: str, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    raw = (DATASETS / dataset / "data" / file).read_bytes()
    for enc in (encoding, "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    return list(csv.DictReader(text.splitlines()))


def seven(cases: list[dict[str, str]]) -> dict[str, int]:
    counted = Counter(c["requester_type"] for c in cases)
    return {**{t: counted[t] for t in TYPES}, "总计": len(cases)}


@pytest.fixture
def built(runner, tmp_path) -> dict:
    assert runner(["requests", "fixtures"]).exit_code == 0
    result = runner(["report", "annual", "2018", "--out", str(tmp_path / "out"),
                     "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "consistency 一 + 二 = 三 + 四: holds" in result.output
    return {"dir": tmp_path / "out",
            "tables": json.loads((tmp_path / "out" / "tables.json").read_text("utf-8"))}


def test_the_request_table_equals_an_independent_count_of_the_published_csv(built):
    cases = rows("disclosure-requests", "requests.csv")
    start, end = f"{YEAR}-01-01", f"{YEAR}-12-31"
    expected = {
        "new": seven([c for c in cases if c["received_date"].startswith(YEAR)]),
        "carried-in": seven([c for c in cases if c["received_date"] < start
                             and (not c["answered_date"] or c["answered_date"] >= start)]),
        "results-total": seven([c for c in cases if start <= c["answered_date"] <= end]),
        "carried-out": seven([c for c in cases if c["received_date"] <= end
                              and (not c["answered_date"] or c["answered_date"] > end)]),
    }
    table = {r["label"]: r["values"] for r in built["tables"]["requests"]["rows"]}
    by_code = {r["code"]: r["values"] for r in built["tables"]["requests"]["rows"]}
    for code, numbers in expected.items():
        assert by_code[code] == numbers, code
    # Each outcome row by its printed label: group + detail as the CSV names them.
    done = [c for c in cases if start <= c["answered_date"] <= end]
    for label, values in table.items():
        if values is None or label[0] in "一二四" or label == "（七）总计":
            continue
        if label.startswith("（"):  # single rows: （一）予以公开, （二）部分公开
            mine = [c for c in done if c["outcome"] == label[3:]]
        else:
            mine = [c for c in done if c["outcome_detail"] == label[2:]
                    or (label[2:] == "其他" and c["outcome"] == "其他处理"
                        and c["outcome_detail"] == "其他")]
        assert values == seven(mine), label
        assert values["总计"] > 0, f"{label}: the fixtures must exercise every row"
    assert sum(v["总计"] for k, v in by_code.items() if v and k not in
               ("new", "carried-in", "results-total", "carried-out")) == len(done)


def test_the_consistency_rule_holds_for_every_column(built):
    by_code = {r["code"]: r["values"] for r in built["tables"]["requests"]["rows"]}
    for column in [*TYPES, "总计"]:
        assert (by_code["new"][column] + by_code["carried-in"][column]
                == by_code["results-total"][column] + by_code["carried-out"][column])
    assert by_code["carried-in"]["总计"] > 0 and by_code["carried-out"]["总计"] > 0
    assert built["tables"]["requests"]["consistency"]["holds"] is True


def test_the_proactive_table_equals_an_independent_count(built):
    docs = rows("normative-documents", "documents.csv")
    end = f"{YEAR}-12-31"
    licences = rows("licence-results", "licences.csv")
    penalties = rows("penalty-decisions", "decisions.csv")
    got = {r["code"]: r for r in built["tables"]["proactive"]}
    assert (got["normative-documents"]["issued"], got["normative-documents"]["repealed"],
            got["normative-documents"]["in_force"]) == (
        sum(d["issue_date"][:4] == YEAR for d in docs),
        sum(d["validity"] in ("废止", "失效") and d["valid_until"][:4] == YEAR for d in docs),
        sum(d["issue_date"] <= end and (not d["valid_until"] or d["valid_until"] > end)
            for d in docs))
    assert got["licences"]["decisions"] == sum(r["decision_date"][:4] == YEAR for r in licences)
    assert got["penalties"]["decisions"] == sum(r["decision_date"][:4] == YEAR
                                                for r in penalties)
    assert got["rules"]["issued"] == got["compulsory-measures"]["decisions"] == 0
    assert got["licences"]["decisions"] > 0 and got["penalties"]["decisions"] > 0


def test_the_review_table_and_fees_come_from_the_stewards_file(built):
    import yaml

    story = yaml.safe_load((DATASETS / "annual-report" / "narrative" / "2018.yaml")
                           .read_text("utf-8"))
    review = built["tables"]["review"]["rows"]
    for group, numbers in story["review"].items():
        assert {k: review[group][k] for k in numbers} == numbers
        assert review[group]["total"] == sum(numbers.values())
    fees = next(r for r in built["tables"]["proactive"] if r["code"] == "fees")
    assert fees["amount_wan_yuan"] == story["fees_wan_yuan"]


def test_the_docx_opens_and_carries_the_same_numbers(built):
    from docx import Document

    doc = Document(str(built["dir"] / "report.docx"))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert doc.paragraphs[0].text == "汕尾市交通运输局2018年政府信息公开工作年度报告"
    assert headings == [
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项"]
    request_table = doc.tables[3]
    cells = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in request_table.rows}
    new = next(r["values"] for r in built["tables"]["requests"]["rows"] if r["code"] == "new")
    assert cells["一、本年新收政府信息公开申请数量"] == [str(new[c]) for c in [*TYPES, "总计"]]


def test_the_committed_tables_dataset_is_this_report(built):
    committed = (DATASETS / "annual-report" / "data" / "tables.csv").read_bytes()
    assert (built["dir"] / "tables.csv").read_bytes() == committed


def test_the_committed_register_csv_is_an_export_of_the_fixtures(runner, tmp_path):
    assert runner(["requests", "fixtures"]).exit_code == 0
    out = tmp_path / "requests.csv"
    assert runner(["requests", "export", "--out", str(out), "--today", "2019-12-31"]
                  ).exit_code == 0
    assert out.read_bytes() == (DATASETS / "disclosure-requests" / "data" /
                                "requests.csv").read_bytes()


def test_a_broken_narrative_is_one_clear_line(runner, tmp_path):
    bad = tmp_path / "2018.yaml"
    bad.write_text("year: 2018\noverview: x\nproblems: y\nother: z\n"
                   "review: {reconsideration: {upheld: -1}}\n", encoding="utf-8")
    result = runner(["report", "annual", "2018", "--narrative", str(bad),
                     "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "review.reconsideration.upheld" in result.output and "Traceback" not in result.output
