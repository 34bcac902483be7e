"""GBK, GB18030, UTF-8 with BOM and XLSX files validate correctly (same findings as UTF-8)."""

from __future__ import annotations

import pytest

from publisher.validate import validate
from tests.publisher.validate.helpers import dataset_of

SCHEMA = {"fields": [{"name": "编号", "type": "integer"}, {"name": "名称", "type": "string"},
                     {"name": "日期", "type": "date"}]}
ROWS = [["编号", "名称", "日期"], ["1", "汕尾市䶮运输有限公司", "2020-01-01"],
        ["x", "海丰", "2020-02-30"]]
EXPECTED = {(3, "编号", "type-error"), (3, "日期", "type-error")}


def _text(rows):
    return "".join(",".join(r) + "\r\n" for r in rows)


@pytest.mark.parametrize(("encoding", "prefix", "declared"), [
    ("utf-8", b"", None), ("utf-8", b"\xef\xbb\xbf", None), ("gb18030", b"", None),
    ("gbk", b"", None), ("gb18030", b"", "gb18030"),
])
def test_csv_encodings(tmp_path, encoding, prefix, declared):
    rows = ROWS if encoding != "gbk" else [[c.replace("䶮", "李") for c in r] for r in ROWS]
    path = tmp_path / "t.csv"
    path.write_bytes(prefix + _text(rows).encode(encoding))
    dataset = dataset_of(tmp_path, [("t", path, SCHEMA)], encoding=declared)
    result = validate(dataset)
    assert not result.findings
    assert {(f.row, f.field, f.code) for f in result.resources[0].findings} == EXPECTED


def test_xlsx(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(ROWS[0])
    sheet.append([1, ROWS[1][1], ROWS[1][2]])
    sheet.append(ROWS[2])
    path = tmp_path / "t.xlsx"
    book.save(path)
    result = validate(dataset_of(tmp_path, [("t", path, SCHEMA)]))
    assert {(f.row, f.field, f.code) for f in result.resources[0].findings} == EXPECTED


def test_wrong_declared_encoding_is_an_unreadable_finding(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(_text(ROWS).encode("gb18030"))
    result = validate(dataset_of(tmp_path, [("t", path, SCHEMA)], encoding="utf-8"))
    assert [f.code for f in result.findings] == ["encoding-error"]
    assert "utf-8" in result.findings[0].params["reason"]


@pytest.mark.parametrize(("text", "codec", "expected"), [
    ("线路,公司\n1,汕尾市公共交通运输有限公司\n", "gb18030", "gb18030"),
    ("線路,公司\n1,汕尾市公共交通運輸有限公司\n", "big5", "big5"),
    ("线路,公司\n1,汕尾市公交\n", "gbk", "gb18030"),
    ("route,x\n1,ascii only\n", "utf-8", "utf-8-sig"),
])
def test_detection_tells_big5_from_gb18030(tmp_path, text, codec, expected):
    from publisher.readers import decide_encoding

    path = tmp_path / "t.csv"
    path.write_bytes(text.encode(codec))
    decision = decide_encoding(path)
    assert decision.encoding == expected
    assert decision.how  # the report says how


def test_a_declared_encoding_that_does_not_decode_names_the_one_that_does(tmp_path):
    from publisher.readers import ReadError, decide_encoding

    path = tmp_path / "t.csv"
    path.write_bytes("线路\n汕尾\n".encode("gb18030"))
    with pytest.raises(ReadError, match="declared encoding utf-8; it reads as gb18030") as info:
        decide_encoding(path, "utf-8")
    assert info.value.code == "encoding-error"
