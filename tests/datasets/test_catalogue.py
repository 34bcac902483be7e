"""Every dataset of the catalogue is accepted, valid, and as the bureau's plan declares it."""

from __future__ import annotations

import json
from typing import Any

import frictionless
import pytest

from .conftest import NAMES, SCHEMAS, dataset, package_descriptor


def test_the_catalogue_is_not_empty() -> None:
    assert {"penalty-decisions", "spot-check-results", "bus-network"} <= set(NAMES)


@pytest.mark.db
def test_every_dataset_passes_publisher_check(runner: Any) -> None:
    result = runner(["check", "--format", "json"])
    report = json.loads(result.output)
    refused = {d["name"]: [f["code"] for f in d["findings"]]
               for d in report["datasets"] if not d["accepted"]}
    assert refused == {}
    assert result.exit_code == 0


@pytest.mark.parametrize("schema", sorted(p.name for p in SCHEMAS.glob("*.json")))
def test_schemas_are_valid_table_schemas(schema: str) -> None:
    descriptor = json.loads((SCHEMAS / schema).read_text(encoding="utf-8"))
    report = frictionless.Schema.validate_descriptor(descriptor)
    assert report.valid, [e.message for e in report.errors]


@pytest.mark.parametrize("name", NAMES)
def test_proactive_datasets_validate_with_frictionless(name: str) -> None:
    ds = dataset(name)
    if ds.disclosure.attribute != "proactive":
        pytest.skip("not published: withheld or on request")
    package = frictionless.Package(package_descriptor(ds), basepath=str(ds.folder))
    report = package.validate()
    errors = [(task.name, error.type, error.note) for task in report.tasks
              for error in task.errors]
    assert errors == []
    assert all(task.stats["rows"] > 0 for task in report.tasks)


@pytest.mark.parametrize("schema", sorted(p.name for p in SCHEMAS.glob("*.json")))
def test_every_field_has_a_chinese_title(schema: str) -> None:
    descriptor = json.loads((SCHEMAS / schema).read_text(encoding="utf-8"))
    for field in descriptor["fields"]:
        title = field.get("title", "")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in title), field["name"]
