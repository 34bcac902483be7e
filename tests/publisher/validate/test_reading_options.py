"""Reading options are one fact: ``check`` reads a file as ``validate`` does, and the result
cache keys on every option, so changing one (sheet, delimiter …) validates again."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from publisher.check import headers
from publisher.readers import open_resource
from tests.publisher.validate.helpers import dataset_of

WORKBOOKS = Path(__file__).resolve().parents[2] / "data" / "workbooks"
SCHEMA = {"fields": [{"name": "route", "title": "线路", "type": "string"},
                     {"name": "count", "title": "客流量", "type": "integer"}]}


def _dataset(tmp_path: Path, text: str, descriptor: dict[str, Any]) -> Any:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    dataset = dataset_of(tmp_path, [("t", path, SCHEMA)])
    return replace(dataset, resources=(replace(dataset.resources[0], descriptor=descriptor),))


@pytest.mark.parametrize("descriptor", [{"dialect": {"delimiter": ";"}}, {}])
def test_check_accepts_the_semicolon_dialect_validate_accepts(tmp_path: Path,
                                                              descriptor: dict[str, Any]
                                                              ) -> None:
    dataset = _dataset(tmp_path, "route;count\n1路;5\n2路;7\n", descriptor)
    assert list(headers.check(dataset, None)) == []  # type: ignore[arg-type]
    assert open_resource(dataset.resources[0]).labels == ["route", "count"]


def test_check_accepts_titles_and_refuses_other_labels(tmp_path: Path) -> None:
    assert list(headers.check(_dataset(tmp_path, "线路,客流量\n1路,5\n", {}),
                              None)) == []  # type: ignore[arg-type]
    found = list(headers.check(_dataset(tmp_path, "线路,人数\n1路,5\n", {}),
                               None))  # type: ignore[arg-type]
    assert [f.code for f in found] == ["header-mismatch"]
    assert found[0].params["missing"] == "count"


def test_check_follows_header_rows(tmp_path: Path) -> None:
    text = "2024年汕尾市公交客流统计表,\nroute,count\n1路,5\n"
    assert list(headers.check(_dataset(tmp_path, text, {"dialect": {"headerRows": [2]}}),
                              None)) == []  # type: ignore[arg-type]
    assert [f.code for f in headers.check(_dataset(tmp_path, text, {}),
                                          None)] == ["header-mismatch"]  # type: ignore[arg-type]


MERGED = {"fields": [{"name": "线路", "type": "string"}, {"name": "日期", "type": "date"},
                     {"name": "客流量 上行", "type": "integer", "constraints": {"minimum": 0}},
                     {"name": "客流量 下行", "type": "integer", "constraints": {"minimum": 0}}]}


def _set(folder: Path, **resource: Any) -> None:
    path = folder / "datapackage.yaml"
    descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
    descriptor["resources"][0].update(resource)
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")


def _triples(output: str) -> tuple[set[tuple[Any, ...]], bool]:
    task = json.loads(output)["datasets"][0]["tasks"][0]
    return {(e.get("rowNumber"), e.get("fieldName"), e["type"]) for e in task["errors"]}, \
        task["reused"]


@pytest.mark.db
def test_changing_the_sheet_validates_again_and_force_does_too(make_dataset, cli) -> None:
    path = make_dataset(schema=MERGED, suffix="xlsx", sheet="2024",
                        dialect={"headerRows": [2, 3]})
    shutil.copy(WORKBOOKS / "passengers.xlsx", path)
    first, reused = _triples(cli(["validate", "--format", "json"]).output)
    assert not reused and (5, "日期", "type-error") in first and len(first) == 5
    _set(path.parent.parent, sheet="2023")
    second, reused = _triples(cli(["validate", "--format", "json"]).output)
    assert not reused and second == {(5, "日期", "type-error")}
    again, reused = _triples(cli(["validate", "--format", "json"]).output)
    assert reused and again == second
    forced, reused = _triples(cli(["validate", "--force", "--format", "json"]).output)
    assert not reused and forced == second
    _set(path.parent.parent, dialect={"headerRows": [2, 3], "sheetNumber": 1})
    third, reused = _triples(cli(["validate", "--format", "json"]).output)
    assert not reused and third == first


@pytest.mark.db
def test_changing_the_delimiter_validates_again(make_dataset, cli) -> None:
    path = make_dataset(schema=SCHEMA, data="route;count\n1路;x\n".encode(),
                        dialect={"delimiter": ","})
    first, _ = _triples(cli(["validate", "--format", "json"]).output)
    assert (None, "route", "incorrect-label") in first
    _set(path.parent.parent, dialect={"delimiter": ";"})
    second, reused = _triples(cli(["validate", "--format", "json"]).output)
    assert not reused and second == {(2, "count", "type-error")}


@pytest.mark.db
def test_the_report_states_the_encoding_and_how_it_was_decided(make_dataset, cli) -> None:
    make_dataset(schema=SCHEMA, data="route,count\n汕尾1路,5\n".encode("gb18030"))
    result = cli(["validate", "--lang", "en"])
    assert "encoding gb18030 (the bytes of the whole file decode both as GB18030 and as Big5 " \
        "and read as Simplified Chinese" in result.output
    task = json.loads(cli(["validate", "--format", "json"]).output)["datasets"][0]["tasks"][0]
    assert task["reading"]["encoding"] == "gb18030" and task["reused"]


@pytest.mark.parametrize(("dialect", "key"), [
    ({"headerRows": "2"}, "headerRows"), ({"delimiter": ";;"}, "delimiter"),
    ({"sheetNumber": 0}, "sheetNumber"), ({"skipInitialSpace": "yes"}, "skipInitialSpace"),
])
def test_an_unusable_dialect_is_a_finding_naming_the_property(tmp_path: Path,
                                                              dialect: dict[str, Any],
                                                              key: str) -> None:
    from publisher.validate import validate

    dataset = _dataset(tmp_path, "route,count\n1路,5\n", {"dialect": dialect})
    found = list(headers.check(dataset, None))  # type: ignore[arg-type]
    assert [f.code for f in found] == ["resource-unreadable"]
    assert key in found[0].params["reason"]
    result = validate(dataset)
    assert [f.code for f in result.findings] == ["source-error"]
    assert key in result.findings[0].params["reason"]
