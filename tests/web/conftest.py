"""Fixtures of the status API tests: the synthetic catalogue, a seeded database, a steward."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from publisher.services import Services
from publisher.web.tokens import create_token
from tests.web.catalogue import CATALOGUE, ROOT, ROWS, SCHEMA, seed


@pytest.fixture
def settings_overrides(tmp_path: Path, database_url: str) -> dict[str, Any]:
    datasets, schemas = tmp_path / "datasets", tmp_path / "schemas"
    schemas.mkdir()
    (schemas / "stops.json").write_text(json.dumps(SCHEMA, ensure_ascii=False), "utf-8")
    datasets.mkdir()
    shutil.copy(ROOT / "datasets" / "bureau.yaml", datasets / "bureau.yaml")
    for name, raw in CATALOGUE.items():
        folder = datasets / name
        (folder / "data").mkdir(parents=True)
        text = yaml.safe_dump(raw, allow_unicode=True, sort_keys=False)
        # `issued` must load as a date, as a steward would write it (unquoted).
        (folder / "datapackage.yaml").write_text(text.replace("'2024-09-27'", "2024-09-27"),
                                                 "utf-8")
        (folder / "data" / "stops.csv").write_text(ROWS, "utf-8")
    return {
        "instance_dir": str(tmp_path / "var"),
        "datasets_dir": str(datasets),
        "schemas_dir": str(schemas),
        "database_url": database_url,
        "pseudonym_key": "test-key-not-secret",
    }

@pytest.fixture
def seeded(services: Services) -> Services:
    seed(services)
    return services


@pytest.fixture
def token(services: Services) -> str:
    return create_token(services, "steward-test")


@pytest.fixture
def steward(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
