"""A report quotes what is wrong, never an identifier, even when the schema does not expect one."""

from __future__ import annotations

import json
from pathlib import Path

from publisher.dataset import Dataset, Disclosure, Resource
from publisher.readers import _arrow_reason
from publisher.validate import validate

ID = "44150219000101001X"  # synthetic, valid GB 11643 check character
PHONE = "13800138000"


def test_a_broken_row_quoted_in_a_report_has_its_identifiers_redacted(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    # Row 3 has an extra cell holding an ID; row 4's unbalanced quote pours a phone into `a`.
    path.write_text(f'a,b\n1,2\n3,4,{ID}\n"5,{PHONE}\n', encoding="utf-8")
    schema = {"fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "string"}]}
    resource = Resource("t", path, "csv", "t.json", schema)
    dataset = Dataset("d", tmp_path, "t", "d", Disclosure("proactive"), "办公室", "工作动态",
                      "结果", "P1M", "required", (resource,))
    result = validate(dataset)
    found = {(f.row, f.field, f.code) for r in result.resources for f in r.findings}
    assert {(3, None, "extra-cell"), (4, "a", "type-error")} <= found
    text = json.dumps([result.to_dict("zh"), result.to_dict("en")], ensure_ascii=False)
    assert ID not in text and PHONE not in text
    assert "【手机号】" in text  # the cell is still shown, with the number's category


def test_a_parse_error_names_the_problem_not_the_row() -> None:
    raw = Exception(f"CSV parse error: Expected 3 columns, got 4: 4,{ID},6,7")
    assert _arrow_reason(raw) == "CSV parse error: Expected 3 columns, got 4"
    quoted = Exception(f'CSV parse error: Expected 2 columns, got 1: "open,{PHONE}')
    assert PHONE not in _arrow_reason(quoted)
