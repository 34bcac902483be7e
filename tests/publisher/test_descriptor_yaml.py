"""Descriptors as stewards write them: YAML's implicit types (unquoted dates, numbers, yes/no)
never end a stage with a bare TypeError; dates are read as the text the steward wrote."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.load import load, plain_yaml

ROOT = Path(__file__).resolve().parents[2]

#: Unquoted scalars YAML 1.1 (PyYAML) reads as something other than text.
IMPLICIT = st.one_of(
    st.dates().map(str),  # 2018-01-01 -> date
    st.datetimes().map(lambda d: d.isoformat(sep=" ")),  # -> datetime
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")),
    st.sampled_from(["yes", "no", "on", "off", "true", "False", "~", "null", "441500",
                     "0o17", "017", "0x1F", "1_000", "1.5e3", ".inf", "-.inf", ".nan",
                     "12:30:00", "2018-1-1", "2018-01-01 08:00"]),
)


def _write(folder: Path, temporal: tuple[str, str], spatial: str, keyword: str, key: str
           ) -> None:
    path = folder / "organisation" / "datapackage.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"temporal:\n(  .*\n)+", f"temporal: {{start: {temporal[0]}, "
                                           f"end: {temporal[1]}}}\n", text)
    text = re.sub(r'spatial: .*\n', f"spatial: {spatial}\n", text)
    text += f"x-note: {{{key}: {keyword}}}\nkeywords: [{keyword}, 公交]\n"
    path.write_text(text, encoding="utf-8")


@settings(max_examples=60, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(start=IMPLICIT, end=IMPLICIT, spatial=IMPLICIT, keyword=IMPLICIT, key=IMPLICIT)
def test_implicit_yaml_types_load_as_json_text(tmp_path_factory: Any, start: str, end: str,
                                               spatial: str, keyword: str, key: str) -> None:
    folder = tmp_path_factory.mktemp("ds")
    shutil.copytree(ROOT / "datasets" / "organisation", folder / "organisation")
    _write(folder, (start, end), spatial, keyword, key)
    loaded = load(folder, "organisation", ROOT / "schemas")
    if loaded.dataset is None:  # refused, with a finding a steward can read: never a raise
        assert loaded.findings
        return
    raw = loaded.dataset.descriptor
    json.dumps(raw, sort_keys=True, ensure_ascii=False)  # every later stage needs this
    assert all(isinstance(k, str) for k in raw["x-note"])
    for value in raw["temporal"].values():
        assert not hasattr(value, "isoformat")


def test_plain_yaml_keeps_what_the_steward_wrote() -> None:
    raw = yaml.safe_load("temporal: {start: 2018-01-01, end: 2018-12-31 08:00:00}\n"
                         "2024: yes\n")
    assert plain_yaml(raw) == {"temporal": {"start": "2018-01-01", "end": "2018-12-31T08:00:00"},
                               "2024": True}


@pytest.fixture
def settings_overrides(tmp_path: Path, database_url: str) -> dict[str, Any]:
    shutil.copytree(ROOT / "datasets", tmp_path / "datasets")
    _write(tmp_path / "datasets", ("2018-01-01", "2018-12-31"), '"441500"', "机构", "a")
    return {"instance_dir": str(tmp_path / "var"), "datasets_dir": str(tmp_path / "datasets"),
            "schemas_dir": str(ROOT / "schemas"), "database_url": database_url,
            "pseudonym_key": "test-key-not-secret"}


@pytest.mark.db
def test_the_stewards_guide_example_dry_runs(runner: Any) -> None:
    """The guide's ``temporal: {start: 2018-01-01, end: 2018-12-31}`` ended the dry run with
    ``failed error: TypeError``."""
    result = runner(["publish", "--dry-run", "organisation", "--lang", "en"])
    assert "TypeError" not in result.output
    assert "1 planned" in result.output, result.output
