"""Files as stewards have them: title rows, merged headers, Chinese titles as headers, TSV and
semicolon exports, XLS and ODS workbooks, UTF-16 "Unicode text", GB18030 whose first Chinese
character comes late. Each case asserts the same (row, field, code) set as frictionless given
the same options, or says why the two differ."""

from __future__ import annotations

import codecs
from dataclasses import replace
from pathlib import Path
from typing import Any

import frictionless
import pytest
from frictionless import formats

from publisher.validate import validate
from tests.publisher.validate.helpers import FRICTIONLESS_CODES, Triple, dataset_of

WORKBOOKS = Path(__file__).resolve().parents[2] / "data" / "workbooks"

ROUTES = {"fields": [{"name": "线路", "type": "string", "constraints": {"required": True}},
                     {"name": "日期", "type": "date"},
                     {"name": "客流量", "type": "integer", "constraints": {"minimum": 0}}]}
ROWS = [["1路", "2024-01-05", "100"], ["2路", "2024-02-30", "abc"], ["", "2024-03-01", "-5"],
        ["4路", "2024-03-02", "7"]]
EXPECTED = {(3, "日期", "type-error"), (3, "客流量", "type-error"),
            (4, "线路", "constraint-error"), (4, "客流量", "constraint-error")}


def ours(folder: Path, path: Path, schema: dict[str, Any], fmt: str | None = None,
         **descriptor: Any) -> tuple[set[Triple], dict[str, Any]]:
    dataset = dataset_of(folder, [("t", path, schema)])
    resource = replace(dataset.resources[0], descriptor=descriptor,
                       format=fmt or dataset.resources[0].format,
                       encoding=descriptor.get("encoding"), sheet=descriptor.get("sheet"))
    result = validate(replace(dataset, resources=(resource,)))
    assert not result.findings, [f.to_dict("en") for f in result.findings]
    report = result.resources[0]
    return ({(f.row, f.field, f.code) for f in report.findings if f.code in FRICTIONLESS_CODES},
            report.reading)


def theirs(path: Path, schema: dict[str, Any], *, header_rows: list[int] | None = None,
           delimiter: str | None = None, encoding: str | None = None, fmt: str | None = None,
           sheet: str | int | None = None, comment_char: str | None = None,
           quote_char: str | None = None) -> set[Triple]:
    controls: list[Any] = []
    if delimiter or quote_char:
        csv_options: dict[str, Any] = {"delimiter": delimiter} if delimiter else {}
        if quote_char:
            csv_options["quote_char"] = quote_char
        controls.append(formats.CsvControl(**csv_options))
    if (fmt or path.suffix.lstrip(".")) == "xlsx":
        controls.append(formats.ExcelControl(sheet=sheet or 1, fill_merged_cells=True))
    resource = frictionless.Resource(
        path=path.name, basepath=str(path.parent), format=fmt,
        schema=frictionless.Schema.from_descriptor(schema), encoding=encoding,
        dialect=frictionless.Dialect(header_rows=header_rows or [1], comment_char=comment_char,
                                     controls=controls))
    report = resource.validate(limit_errors=10**9)
    out: set[Triple] = set()
    for task in report.tasks:
        for err in task.errors:
            d = err.to_descriptor()
            out.add((d.get("rowNumber"), d.get("fieldName") or None, d["type"]))
    return out


def _csv(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8",
         prefix: bytes = b"") -> Path:
    text = "".join(delimiter.join(r) + "\r\n" for r in rows)
    path.write_bytes(prefix + text.encode(encoding))
    return path


def test_title_row_above_the_header(tmp_path: Path) -> None:
    path = _csv(tmp_path / "t.csv", [["2024年汕尾市公交客流统计表", "", ""],
                                     [f["name"] for f in ROUTES["fields"]], *ROWS])
    found, _ = ours(tmp_path, path, ROUTES, dialect={"headerRows": [2]})
    shifted = {(r + 1, f, c) for r, f, c in EXPECTED}
    assert found == shifted == theirs(path, ROUTES, header_rows=[2])


def test_title_row_undeclared_is_a_flood_of_label_errors_frictionless_agrees(tmp_path: Path
                                                                             ) -> None:
    path = _csv(tmp_path / "t.csv", [["2024年汕尾市公交客流统计表", "", ""],
                                     [f["name"] for f in ROUTES["fields"]], *ROWS])
    found, _ = ours(tmp_path, path, ROUTES, dialect={"delimiter": ","})
    assert found == theirs(path, ROUTES, delimiter=",")
    assert (None, "线路", "incorrect-label") in found


def test_comment_rows_and_comment_char(tmp_path: Path) -> None:
    path = _csv(tmp_path / "t.csv", [[f["name"] for f in ROUTES["fields"]], ROWS[0],
                                     ["# 备注：二月数据待核", "", ""], *ROWS[1:]])
    found, _ = ours(tmp_path, path, ROUTES, dialect={"commentChar": "#"})
    assert found == theirs(path, ROUTES, comment_char="#")
    assert found == {(r + 1, f, c) for r, f, c in EXPECTED}


def test_quote_char_and_skip_initial_space(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("线路, 日期, 客流量\n'1路,东', 2024-01-05, 100\n'2路', 2024-02-30, abc\n",
                    encoding="utf-8")
    found, _ = ours(tmp_path, path, ROUTES,
                    dialect={"quoteChar": "'", "skipInitialSpace": True})
    assert found == {(3, "日期", "type-error"), (3, "客流量", "type-error")}
    # frictionless has no skipInitialSpace option of its own: it takes the sniffed one.
    assert found == theirs(path, ROUTES, quote_char="'")


def _merged_schema() -> dict[str, Any]:
    return {"fields": [{"name": "线路", "type": "string"}, {"name": "日期", "type": "date"},
                       {"name": "客流量 上行", "type": "integer", "constraints": {"minimum": 0}},
                       {"name": "客流量 下行", "type": "integer", "constraints": {"minimum": 0}}]}


MERGED_2024 = {(5, "日期", "type-error"), (5, "客流量 上行", "type-error"),
               (6, "客流量 上行", "constraint-error"), (7, None, "blank-row"),
               (8, "客流量 下行", "type-error")}


def test_excel_title_row_and_merged_header(tmp_path: Path) -> None:
    path = WORKBOOKS / "passengers.xlsx"
    found, _ = ours(tmp_path, path, _merged_schema(), dialect={"headerRows": [2, 3]},
                    sheet="2024")
    assert found == MERGED_2024
    assert found == theirs(path, _merged_schema(), header_rows=[2, 3], sheet="2024")


@pytest.mark.parametrize("suffix", ["xls", "ods"])
def test_xls_and_ods_read_as_the_xlsx_they_were_converted_from(tmp_path: Path,
                                                               suffix: str) -> None:
    """frictionless reads XLS with xlrd and ODS with ezodf, which the project does not install:
    the comparison is with frictionless on the XLSX that LibreOffice converted (same cells)."""
    path = WORKBOOKS / f"passengers.{suffix}"
    found, _ = ours(tmp_path, path, _merged_schema(), dialect={"headerRows": [2, 3],
                                                               "sheetName": "2024"})
    assert found == MERGED_2024 == theirs(WORKBOOKS / "passengers.xlsx", _merged_schema(),
                                          header_rows=[2, 3], sheet="2024")
    by_number, _ = ours(tmp_path, path, _merged_schema(), dialect={"headerRows": [2, 3],
                                                                   "sheetNumber": 2})
    assert by_number == {(5, "日期", "type-error")}  # 2023/1/6 is not an ISO date


def test_merged_header_exported_to_csv_leaves_blank_parts_out(tmp_path: Path) -> None:
    """A merged header saved as CSV leaves the covered cells blank. frictionless joins the blank
    parts too (labels "线路 " and " 下行"); we leave them out, so the labels are what the steward
    sees. The data rows' findings are the same as frictionless's."""
    schema = {"fields": [{"name": "线路", "type": "string"},
                         {"name": "客流量 上行", "type": "integer"},
                         {"name": "下行", "type": "integer"}]}
    path = _csv(tmp_path / "t.csv", [["线路", "客流量", ""], ["", "上行", "下行"],
                                     ["1路", "1", "x"]])
    found, _ = ours(tmp_path, path, schema, dialect={"headerRows": [1, 2]})
    assert found == {(3, "下行", "type-error")}
    fl = theirs(path, schema, header_rows=[1, 2])
    assert {t for t in fl if t[2] != "incorrect-label"} == found
    assert {t for t in fl if t[2] == "incorrect-label"} == {(None, "线路", "incorrect-label"),
                                                             (None, "下行", "incorrect-label")}


def test_chinese_headers_equal_to_the_fields_titles_are_accepted(tmp_path: Path) -> None:
    """frictionless matches labels to names only, so it reports every title as an incorrect
    label; we accept a label equal to the field's title. Every other finding is the same."""
    schema = {"fields": [{"name": "route", "title": "线路", "type": "string",
                          "constraints": {"required": True}},
                         {"name": "day", "title": "日期", "type": "date"},
                         {"name": "count", "title": "客流量", "type": "integer",
                          "constraints": {"minimum": 0}}]}
    path = _csv(tmp_path / "t.csv", [["线路", "日期", "客流量"], *ROWS])
    found, _ = ours(tmp_path, path, schema)
    names = {"线路": "route", "日期": "day", "客流量": "count"}
    assert found == {(r, names[f], c) for r, f, c in EXPECTED}
    fl = theirs(path, schema)
    assert fl - found == {(None, n, "incorrect-label") for n in names.values()}
    assert found <= fl


@pytest.mark.parametrize("delimiter", ["\t", ";"])
@pytest.mark.parametrize("declared", [True, False])
def test_tsv_and_semicolon_with_and_without_declaration(tmp_path: Path, delimiter: str,
                                                        declared: bool) -> None:
    path = _csv(tmp_path / "t.csv", [[f["name"] for f in ROUTES["fields"]], *ROWS], delimiter)
    found, reading = ours(tmp_path, path, ROUTES,
                          **({"dialect": {"delimiter": delimiter}} if declared else {}))
    assert found == EXPECTED
    assert found == theirs(path, ROUTES, delimiter=delimiter if declared else None)
    assert reading["delimiter"] == delimiter
    assert ("declared" if declared else "sniffed") in reading["delimiterDecidedBy"]


def test_tsv_format_needs_no_delimiter(tmp_path: Path) -> None:
    path = _csv(tmp_path / "t.tsv", [[f["name"] for f in ROUTES["fields"]], *ROWS], "\t")
    found, _ = ours(tmp_path, path, ROUTES, fmt="tsv")
    assert found == EXPECTED == theirs(path, ROUTES, fmt="tsv")


@pytest.mark.parametrize(("codec", "bom", "declared"), [
    ("utf-16-le", codecs.BOM_UTF16_LE, None), ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
    ("utf-16-be", codecs.BOM_UTF16_BE, None), ("utf-16-le", b"", None),
])
def test_utf16_unicode_text(tmp_path: Path, codec: str, bom: bytes, declared: str | None
                            ) -> None:
    """Excel's "Unicode text": tab-delimited UTF-16 with a byte-order mark."""
    path = _csv(tmp_path / "t.txt", [[f["name"] for f in ROUTES["fields"]], *ROWS], "\t",
                codec, bom)
    descriptor = {"encoding": declared} if declared else {}
    found, reading = ours(tmp_path, path, ROUTES, fmt="csv", **descriptor)
    assert found == EXPECTED
    assert found == theirs(path, ROUTES, fmt="csv", encoding="utf-16" if bom else codec)
    assert reading["encoding"].startswith("utf-16")


def test_gb18030_whose_first_chinese_character_comes_after_one_megabyte(tmp_path: Path
                                                                        ) -> None:
    schema = {"fields": [{"name": "route", "type": "string"}, {"name": "day", "type": "date"},
                         {"name": "count", "type": "integer"}]}
    row = b"9r,2024-01-01,1\r\n"
    body = bytearray(b"route,day,count\r\n")
    while len(body) < (1 << 20) + 5000:
        body += row
    body += "汕尾1路,2024-02-30,一百\r\n".encode("gb18030")
    path = tmp_path / "t.csv"
    path.write_bytes(bytes(body))
    found, reading = ours(tmp_path, path, schema)
    last = body.count(b"\n")
    assert found == {(last, "day", "type-error"), (last, "count", "type-error")}
    assert found == theirs(path, schema, encoding="gb18030")
    assert reading["encoding"] == "gb18030"
    assert "samples" in reading["encodingDecidedBy"]


def test_a_decode_error_after_the_samples_decides_again_on_the_whole_file(tmp_path: Path
                                                                          ) -> None:
    """One Chinese row between two sampled blocks: the samples say UTF-8, pyarrow meets the
    GB18030 bytes, and the whole file decides again instead of failing."""
    from publisher.resources import encoding

    schema = {"fields": [{"name": "a", "type": "string"}, {"name": "b", "type": "integer"}]}
    row = b"x" * 90 + b",1\r\n"
    size = 5 << 20
    step = (size - encoding.HEAD_BYTES) // encoding.SAMPLE_BLOCKS
    gap = encoding.HEAD_BYTES + encoding.BLOCK_BYTES + (step - encoding.BLOCK_BYTES) // 2
    body = bytearray(b"a,b\r\n")
    while len(body) < gap:
        body += row
    chinese_row = body.count(b"\n") + 1
    body += "汕尾,二\r\n".encode("gb18030")
    while len(body) < size:
        body += row
    path = tmp_path / "t.csv"
    path.write_bytes(bytes(body))
    found, reading = ours(tmp_path, path, schema)
    assert found == {(chinese_row, "b", "type-error")}
    assert reading["encoding"] == "gb18030"
    assert "decode error" in reading["encodingDecidedBy"]


def _all_codes(folder: Path, path: Path, schema: dict[str, Any]) -> set[Triple]:
    dataset = dataset_of(folder, [("t", path, schema)])
    report = validate(dataset).resources[0]
    return {(f.row, f.field, f.code) for f in report.findings}


ID_SCHEMA = {"fields": [{"name": "编号", "type": "integer"},
                        {"name": "证件号码", "type": "string"}]}


def test_an_id_typed_as_a_number_in_excel_is_reported_as_rounded(tmp_path: Path) -> None:
    """Excel keeps 15 significant digits: an 18-digit ID stored as a number has lost its last
    digits. frictionless calls any number in a string field a type-error; we name the cause."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["编号", "证件号码"])
    sheet.append([1, "44152119600930150X"])   # typed as text: kept
    sheet.append([2, 441521196009301507])     # typed as a number: rounded by the format
    sheet.append([3, 516600])                 # a short number in a text field: exact, kept
    path = tmp_path / "ids.xlsx"
    book.save(path)
    found = _all_codes(tmp_path, path, ID_SCHEMA)
    assert (3, "证件号码", "number-lost-digits") in found
    assert {f for f in found if f[0] in (2, 4)} == set()


@pytest.mark.parametrize("cell,rounded", [("4.41521E+17", True), ("4.41521196009302e+17", True),
                                          ("1E+15", True), ("4415211960", False),
                                          ("E+17", False), ("3.5e", False)])
def test_scientific_notation_in_a_text_field_of_a_csv(tmp_path: Path, cell: str,
                                                      rounded: bool) -> None:
    path = _csv(tmp_path / "ids.csv", [["编号", "证件号码"], ["1", cell]])
    found = _all_codes(tmp_path, path, ID_SCHEMA)
    assert ((2, "证件号码", "number-lost-digits") in found) is rounded
