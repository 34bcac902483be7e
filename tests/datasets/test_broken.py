"""The broken copies under tests/data/broken fail, each in the one way its README says."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import frictionless
import pytest
from click.testing import CliRunner

from publisher.cli import main
from publisher.identifiers import is_resident_id, is_uscc
from publisher.load import load
from publisher.services import Services
from publisher.settings import load_settings

from .conftest import DATASETS, ROOT, SCHEMAS, package_descriptor

BROKEN = ROOT / "tests" / "data" / "broken"


@pytest.fixture(scope="module")
def lint() -> dict[str, list[str]]:
    """``publisher check --format json`` over the broken folders, once: name -> codes."""
    with tempfile.TemporaryDirectory() as tmp:
        svc = Services(load_settings(env={}, overrides={
            "instance_dir": tmp, "datasets_dir": str(BROKEN), "schemas_dir": str(SCHEMAS),
            "vocabulary_file": str(DATASETS / "bureau.yaml")}))
        try:
            result = CliRunner().invoke(main, ["check", "--format", "json"], obj=svc,
                                        catch_exceptions=False)
        finally:
            svc.close()
    assert result.exit_code == 1
    return {d["name"]: [f["code"] for f in d["findings"]]
            for d in json.loads(result.output)["datasets"]}


def _errors(name: str) -> list[tuple[str, str]]:
    loaded = load(BROKEN, name, SCHEMAS)
    assert loaded.dataset is not None
    package = frictionless.Package(package_descriptor(loaded.dataset),
                                   basepath=str(loaded.dataset.folder))
    report = package.validate()
    return [(task.name, error.type) for task in report.tasks for error in task.errors]


@pytest.mark.parametrize(("name", "code"), [
    ("penalty-missing-attribute", "disclosure-attribute-missing"),
    ("spot-check-header-mismatch", "header-mismatch"),
])
def test_check_refuses_the_broken_descriptors(lint: dict[str, list[str]], name: str,
                                              code: str) -> None:
    assert lint[name] == [code]


@pytest.mark.parametrize("name", ["penalty-fullwidth-digits", "penalty-blank-rows",
                                  "penalty-bad-id-check", "penalty-bad-credit-code",
                                  "bus-network-broken-keys"])
def test_data_breakages_pass_the_descriptor_lint(lint: dict[str, list[str]], name: str) -> None:
    assert lint[name] == []


def test_fullwidth_digits_are_there_for_the_publishers_own_validation() -> None:
    # Frictionless reads them as numbers (Python's int() accepts full-width digits): only the
    # publisher's validation, which refuses non-ASCII digits unless the schema opts in to
    # normalisation, can catch this one.
    values = _column("penalty-fullwidth-digits", "decisions.csv", "fine_amount")
    assert [v for v in values if not v.isascii()] == ["５０００"]


def test_blank_rows_are_reported() -> None:
    errors = _errors("penalty-blank-rows")
    assert errors.count(("decisions", "blank-row")) >= 2
    # the row of bare commas has no case number either
    assert {e for _, e in errors} <= {"blank-row", "primary-key"}


def test_broken_foreign_keys_are_reported() -> None:
    errors = _errors("bus-network-broken-keys")
    assert ("stop_times", "foreign-key") in errors
    assert ("stop_times", "constraint-error") in errors  # the stop id without its leading zero


def _column(name: str, file: str, column: str) -> list[str]:
    text = (BROKEN / name / "data" / file).read_text(encoding="utf-8")
    table = list(csv.reader(io.StringIO(text)))
    i = table[0].index(column)
    return [row[i] for row in table[1:] if row[i]]


@pytest.mark.parametrize(("name", "column", "valid"), [
    ("penalty-bad-id-check", "id_number", is_resident_id),
    ("penalty-bad-credit-code", "credit_code", is_uscc),
])
def test_exactly_one_bad_check_character(name: str, column: str, valid: Any) -> None:
    values = _column(name, "decisions.csv", column)
    assert len(values) > 3
    assert sum(not valid(v) for v in values) == 1
    assert _errors(name) == []  # only the check-digit rule can see it


def test_readme_names_every_broken_folder() -> None:
    readme = (BROKEN / "README.md").read_text(encoding="utf-8")
    folders = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
    assert folders and all(f"`{f}`" in readme for f in folders)


def test_broken_fixtures_live_under_tests_data() -> None:
    assert Path(BROKEN).is_dir()
