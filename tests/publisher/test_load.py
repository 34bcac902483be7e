"""The loader reads descriptors forgivingly: every problem is a finding, never an exception."""

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.load import list_datasets, load

SCHEMA = {"fields": [{"name": "id", "type": "integer"}, {"name": "名称", "type": "string"}]}


def write(folder: Path, descriptor: object, schema: object = SCHEMA) -> None:
    (folder / "ds" / "data").mkdir(parents=True, exist_ok=True)
    (folder / "schemas").mkdir(exist_ok=True)
    (folder / "schemas" / "s.json").write_text(
        schema if isinstance(schema, str) else __import__("json").dumps(schema), encoding="utf-8")
    text = descriptor if isinstance(descriptor, str) else yaml.safe_dump(descriptor,
                                                                         allow_unicode=True)
    (folder / "ds" / "datapackage.yaml").write_text(text, encoding="utf-8")


def codes(loaded):
    return sorted(f.code for f in loaded.findings)


def test_full_descriptor(tmp_path):
    write(tmp_path, {
        "name": "ds", "title": "标题", "description": "说明", "department": "执法局",
        "catalogue": {"column": "行政执法", "openness": "结果"},
        "disclosure": {"attribute": "proactive", "basis": "第二十条"},
        "update_frequency": "P1M", "keywords": ["处罚"],
        "translations": {"en": {"title": "Title"}},
        "resources": [{"name": "r", "path": "data/r.csv", "schema": "s.json"}],
    })
    loaded = load(tmp_path, "ds", tmp_path / "schemas")
    assert loaded.findings == []
    ds = loaded.dataset
    assert ds.title_in("en") == "Title" and ds.title_in("zh") == "标题"
    assert ds.description_in("en") == "说明"  # falls back to Chinese
    assert ds.resources[0].schema == SCHEMA and ds.resources[0].format == "csv"
    assert list_datasets(tmp_path) == ["ds"]


def test_missing_and_unreadable_descriptors(tmp_path):
    assert codes(load(tmp_path, "nope", tmp_path)) == ["descriptor-unreadable"]
    write(tmp_path, "name: [unclosed")
    assert codes(load(tmp_path, "ds", tmp_path / "schemas")) == ["descriptor-unreadable"]
    write(tmp_path, "- a list\n- not a mapping\n")
    assert codes(load(tmp_path, "ds", tmp_path / "schemas")) == ["descriptor-unreadable"]


def test_schema_and_path_problems(tmp_path):
    write(tmp_path, {"resources": [
        {"name": "a", "path": "../escape.csv", "schema": "s.json"},
        {"name": "b", "path": "data/b.csv", "schema": "absent.json"},
        {"name": "c", "path": "/etc/passwd", "schema": "s.json"},
        {"name": "d", "path": "http://example.org/x.csv", "schema": "s.json"},
    ]})
    got = codes(load(tmp_path, "ds", tmp_path / "schemas"))
    assert got == ["resource-path-invalid"] * 3 + ["schema-missing"]
    write(tmp_path, {"resources": [{"name": "a", "path": "data/a.csv", "schema": "s.json"}]},
          schema="{not json")
    assert codes(load(tmp_path, "ds", tmp_path / "schemas")) == ["schema-invalid"]


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=3),
    max_leaves=12,
)
keys = st.sampled_from(["name", "title", "disclosure", "catalogue", "resources", "review",
                        "translations", "keywords", "licenses", "department", "interpretation"])


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.dictionaries(keys, yaml_values, max_size=6))
def test_loader_never_raises_on_arbitrary_yaml(tmp_path, descriptor):
    write(tmp_path, descriptor)
    loaded = load(tmp_path, "ds", tmp_path / "schemas")
    assert loaded.dataset is not None or loaded.findings


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.dictionaries(keys, yaml_values, max_size=6), yaml_values)
def test_lint_never_raises_on_arbitrary_descriptors_and_schemas(tmp_path, descriptor, schema):
    from publisher.check import check
    from publisher.vocabulary import load_vocabulary

    descriptor = {**descriptor, "resources": [{"name": "r", "path": "data/r.csv",
                                               "schema": "s.json"}]}
    write(tmp_path, descriptor, schema=schema if isinstance(schema, dict) else SCHEMA)
    (tmp_path / "ds" / "data" / "r.csv").write_text("id,名称\n1,a\n", encoding="utf-8")
    loaded = load(tmp_path, "ds", tmp_path / "schemas")
    vocabulary = load_vocabulary(Path(__file__).parents[2] / "datasets" / "bureau.yaml")
    findings = check(loaded.dataset, vocabulary)
    assert all(f.message("zh") and f.message("en") for f in findings)
