"""A throwaway datasets folder: write a dataset with one CSV/XLSX resource and its schema."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from publisher.services import Services
from publisher.settings import load_settings

PENALTY_SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "decision_no", "type": "string", "constraints": {"required": True}},
        {"name": "party", "type": "string", "privacy": {"category": "person_name",
                                                        "action": "keep"}},
        {"name": "party_id", "type": "string", "checkDigit": "gb11643",
         "privacy": {"category": "id_number", "action": "drop"}},
        {"name": "fine", "type": "number", "constraints": {"minimum": 0}},
        {"name": "decided", "type": "date"},
    ],
    "primaryKey": ["decision_no"],
}


@pytest.fixture
def make_dataset(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str = "fines", data: bytes | None = None, schema: dict[str, Any] | None = None,
             suffix: str = "csv", **resource: Any) -> Path:
        folder = tmp_path / "datasets" / name
        (folder / "data").mkdir(parents=True, exist_ok=True)
        (tmp_path / "schemas").mkdir(exist_ok=True)
        (tmp_path / "schemas" / f"{name}.json").write_text(
            json.dumps(schema or PENALTY_SCHEMA), encoding="utf-8")
        path = folder / "data" / f"table.{suffix}"
        if data is not None:
            path.write_bytes(data)
        descriptor = {"name": name, "title": "罚款", "resources": [
            {"name": "table", "path": f"data/table.{suffix}", "schema": f"{name}.json",
             **resource}]}
        (folder / "datapackage.yaml").write_text(yaml.safe_dump(descriptor, allow_unicode=True),
                                                 encoding="utf-8")
        return path
    return make


@pytest.fixture
def cli(tmp_path: Path, database_url: str) -> Iterator[Callable[[list[str]], Any]]:
    services = Services(load_settings(env={}, overrides={
        "instance_dir": str(tmp_path / "var"), "datasets_dir": str(tmp_path / "datasets"),
        "schemas_dir": str(tmp_path / "schemas"), "database_url": database_url,
        "vocabulary_file": str(tmp_path / "bureau.yaml")}))
    from publisher.cli import main

    def invoke(args: list[str]) -> Any:
        return CliRunner().invoke(main, args, obj=services, catch_exceptions=False)

    yield invoke
    services.close()
