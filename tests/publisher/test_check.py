"""`publisher check`: every refusal has a case that triggers it and asserts its code.

Each case builds a small dataset folder in tmp_path from one valid sample (a descriptor, a CSV
and a Table Schema), changes one thing and runs the real CLI with ``--format json``.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher import codes
from publisher.check import check, warnings
from publisher.cli import main
from publisher.load import load
from publisher.services import Services
from publisher.settings import load_settings
from publisher.vocabulary import load_vocabulary

ROOT = Path(__file__).resolve().parents[2]

DESCRIPTOR: dict[str, Any] = {
    "name": "sample",
    "title": "样例",
    "description": "A small dataset every case starts from.",
    "keywords": ["样例"],
    "licenses": [{"name": "CC-BY-4.0"}],
    "department": "办公室",
    "catalogue": {"column": "工作动态", "openness": "结果"},
    "disclosure": {"attribute": "proactive", "basis": "条例第二十条", "reason": "",
                   "exemption": ""},
    "update_frequency": "P1M",
    "review": "required",
    "resources": [{"name": "rows", "path": "data/rows.csv", "format": "csv",
                   "schema": "sample.json"}],
}
SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "id", "type": "string"},
        {"name": "name", "type": "string",
         "privacy": {"category": "person_name", "action": "pseudonymize"}},
        {"name": "phone", "type": "string", "privacy": {"category": "phone", "action": "drop"}},
        {"name": "issued", "type": "date"},
        {"name": "gazette", "type": "date"},
    ]
}
CSV = "id,name,phone,issued,gazette\n1,张伟,13800000000,2018-03-01,2018-03-04\n"
LATE_CSV = CSV + "2,李娜,13900000000,2018-03-01,2018-03-20\n"

Mutation = Callable[[dict[str, Any], dict[str, Any], Path], None]


def build(root: Path, mutate: Mutation | None = None, name: str = "sample") -> None:
    """Write datasets/<name>/ and schemas/<name>.json under root, then apply ``mutate``."""
    datasets, schemas = root / "datasets", root / "schemas"
    folder = datasets / name
    (folder / "data").mkdir(parents=True, exist_ok=True)
    schemas.mkdir(exist_ok=True)
    if not (datasets / "bureau.yaml").exists():
        shutil.copy(ROOT / "datasets" / "bureau.yaml", datasets / "bureau.yaml")
    descriptor, schema = copy.deepcopy(DESCRIPTOR), copy.deepcopy(SCHEMA)
    descriptor["name"] = name
    descriptor["resources"][0]["schema"] = f"{name}.json"
    (folder / "data" / "rows.csv").write_text(CSV, encoding="utf-8")
    if mutate:
        mutate(descriptor, schema, folder)
    if not (folder / "datapackage.yaml").exists():
        (folder / "datapackage.yaml").write_text(
            yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")
    if not (schemas / f"{name}.json").exists():
        (schemas / f"{name}.json").write_text(json.dumps(schema, ensure_ascii=False),
                                              encoding="utf-8")


def run_check(root: Path, database: Path, *args: str) -> tuple[int, Any]:
    """Run ``publisher check`` over root/datasets: (exit code, parsed JSON or the text)."""
    svc = Services(load_settings(env={}, overrides={
        "instance_dir": str(database.parent), "database_url": f"sqlite:///{database}",
        "datasets_dir": str(root / "datasets"), "schemas_dir": str(root / "schemas"),
    }))
    try:
        result = CliRunner().invoke(main, ["check", *args], obj=svc, catch_exceptions=False)
    finally:
        svc.close()
    if "--format" in args and result.exit_code in (0, 1):
        return result.exit_code, json.loads(result.output)
    return result.exit_code, result.output


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., Any]:
    """``cli(*args)`` runs the check over tmp_path/datasets with a fresh SQLite state."""
    return lambda *args: run_check(tmp_path, tmp_path / "var" / "publisher.db", *args)


def codes_of(report: dict[str, Any]) -> list[str]:
    return [f["code"] for d in report["datasets"] for f in d["findings"]]


# --- one mutation per refusal ------------------------------------------------------------------

def _set(path: str, value: Any) -> Mutation:
    def mutate(d: dict[str, Any], s: dict[str, Any], folder: Path) -> None:
        *parents, last = path.split(".")
        target = d
        for key in parents:
            target = target[key]
        if value is _DELETE:
            del target[last]
        else:
            target[last] = value
    return mutate


_DELETE = object()


def _field(name: str, **changes: Any) -> Mutation:
    def mutate(d: dict[str, Any], s: dict[str, Any], folder: Path) -> None:
        field = next(f for f in s["fields"] if f["name"] == name)
        field.update(changes)
    return mutate


def _both(*mutations: Mutation) -> Mutation:
    def mutate(d: dict[str, Any], s: dict[str, Any], folder: Path) -> None:
        for m in mutations:
            m(d, s, folder)
    return mutate


def _write(relative: str, text: str) -> Mutation:
    def mutate(d: dict[str, Any], s: dict[str, Any], folder: Path) -> None:
        (folder / relative).write_text(text, encoding="utf-8")
    return mutate


def _schema_text(text: str) -> Mutation:
    def mutate(d: dict[str, Any], s: dict[str, Any], folder: Path) -> None:
        (folder.parent.parent / "schemas" / f"{folder.name}.json").write_text(text,
                                                                              encoding="utf-8")
    return mutate


def _resource(**changes: Any) -> Mutation:
    def mutate(d: dict[str, Any], s: dict[str, Any], folder: Path) -> None:
        for key, value in changes.items():
            if value is _DELETE:
                del d["resources"][0][key]
            else:
                d["resources"][0][key] = value
    return mutate


CASES: dict[str, tuple[Mutation, set[str]]] = {
    "yaml-syntax": (_write("datapackage.yaml", "name: [unclosed\n"), {"descriptor-unreadable"}),
    "yaml-not-mapping": (_write("datapackage.yaml", "- just\n- a list\n"),
                         {"descriptor-unreadable"}),
    "schema-file-missing": (_resource(schema="nope.json"), {"schema-missing"}),
    "schema-not-json": (_schema_text("{not json"), {"schema-invalid"}),
    "schema-not-table-schema": (_field("id", type="no-such-type"), {"schema-invalid"}),
    "normalize-not-boolean": (_field("id", **{"publisher:normalize": "yes"}), {"schema-invalid"}),
    "normalize-spelt-with-s": (_field("id", **{"publisher:normalise": True}), {"schema-invalid"}),
    "path-climbs-out": (_resource(path="../elsewhere.csv"),
                        {"resource-path-invalid", "resource-unreadable"}),
    "department": (_set("department", "宣传科"), {"department-unknown"}),
    "key-wrong-type": (_set("title", ["a", "list"]), {"descriptor-key-invalid"}),
    "column": (_set("catalogue.column", "通知公告"), {"catalogue-column-unknown"}),
    "openness": (_set("catalogue.openness", "全部"), {"openness-unknown"}),
    "frequency": (_set("update_frequency", "sometimes"), {"update-frequency-invalid"}),
    "attribute-missing": (_set("disclosure.attribute", _DELETE),
                          {"disclosure-attribute-missing"}),
    "attribute-unknown": (_set("disclosure.attribute", "public"),
                          {"disclosure-attribute-unknown"}),
    "withheld-no-reason": (_both(_set("disclosure.attribute", "withheld"),
                                 _set("disclosure.reason", "")),
                           {"disclosure-reason-missing"}),
    "on-request-no-basis": (_both(_set("disclosure.attribute", "on_request"),
                                  _set("disclosure.reason", "第三方权益"),
                                  _set("disclosure.basis", " ")),
                            {"disclosure-basis-missing"}),
    "withheld-nothing": (_set("disclosure.attribute", "withheld"),
                         {"disclosure-reason-missing"}),
    "exemption": (_set("disclosure.exemption", "celebrity"), {"disclosure-exemption-unknown"}),
    "data-file-missing": (_resource(path="data/missing.csv"), {"resource-unreadable"}),
    "header": (_write("data/rows.csv", "id,姓名,phone,issued,gazette\n1,x,,,\n"),
               {"header-mismatch"}),
    "header-order": (_write("data/rows.csv", "name,id,phone,issued,gazette\n"),
                     {"header-mismatch"}),
    "privacy-category": (_field("name", privacy={"category": "shoe_size", "action": "drop"}),
                         {"privacy-policy-invalid"}),
    "privacy-action": (_field("name", privacy={"category": "person_name", "action": "burn"}),
                       {"privacy-policy-invalid"}),
    "keep-without-exemption": (_field("name", privacy={"category": "person_name",
                                                       "action": "keep"}),
                               {"privacy-keep-not-allowed"}),
    "keep-exemption-not-in-schema": (
        _both(_set("disclosure.exemption", "punishment_disclosure"),
              _field("name", privacy={"category": "person_name", "action": "keep"})),
        {"privacy-keep-not-allowed"}),
    "keep-category-not-covered": (
        _both(_set("disclosure.exemption", "mandatory_disclosure"),
              _field("name", privacy={"category": "address", "action": "keep",
                                      "keepUnder": ["mandatory_disclosure"]})),
        {"privacy-keep-not-allowed"}),
    "keep-phone": (_both(_set("disclosure.exemption", "punishment_disclosure"),
                         _field("phone", privacy={"category": "phone", "action": "keep",
                                                  "keepUnder": ["punishment_disclosure"]})),
                   {"privacy-keep-never-allowed"}),
    "keep-id-number": (_both(_set("disclosure.exemption", "punishment_disclosure"),
                             _field("id", checkDigit="gb11643",
                                    privacy={"category": "id_number", "action": "keep",
                                             "keepUnder": ["punishment_disclosure"]})),
                       {"privacy-keep-never-allowed"}),
    "review-mode": (_set("review", "sometimes"), {"review-mode-invalid"}),
    "review-automatic": (_set("review", "automatic"), {"review-automatic-personal"}),
    "policy-without-interpretation": (_set("policy_document", True), {"interpretation-missing"}),
    "policy-column-interpretation-absent": (
        _both(_set("catalogue.column", "文件"), _set("interpretation", "interpretation.md")),
        {"interpretation-missing"}),
    "resource-without-schema": (_resource(schema=_DELETE), {"resource-schema-missing"}),
    "no-resources": (_set("resources", []), {"dataset-no-resources"}),
    "deadline-rule": (lambda d, s, f: s.update(deadlines=[{"code": "too-late", "start": "issued",
                                                           "end": "gazette", "limit": 5}]),
                      {"deadline-rule-invalid"}),
    "deadline-rule-column": (lambda d, s, f: s.update(deadlines=[{
        "code": "gazette-late", "start": "issued", "end": "nowhere", "limit": 5}]),
        {"deadline-rule-invalid"}),
}


@pytest.fixture(scope="module")
def all_cases(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, Any]]:
    """Every case as its own dataset in one folder, checked by one CLI run (one migration)."""
    root = tmp_path_factory.mktemp("cases")
    for case, (mutate, _) in CASES.items():
        build(root, mutate, name=case)
    code, report = run_check(root, root / "var" / "publisher.db", "--format", "json")
    return code, {d["name"]: d for d in report["datasets"]}


def test_the_sample_is_accepted(cli: Callable[..., Any], tmp_path: Path) -> None:
    build(tmp_path)
    code, report = cli("--format", "json")
    assert (code, codes_of(report)) == (0, [])
    assert report["valid"] is True and report["datasets"][0]["accepted"] is True


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_refusal_has_its_code(case: str, all_cases: tuple[int, dict[str, Any]]) -> None:
    code, datasets = all_cases
    assert code == 1
    entry = datasets[case]
    assert {f["code"] for f in entry["findings"]} == CASES[case][1]
    assert entry["accepted"] is False
    for finding in entry["findings"]:
        assert finding["dataset"] == case and finding["message"]


def test_every_refusal_code_has_a_case() -> None:
    refusals = {c for c, entry in codes.all_codes().items() if entry.stage in {"check", "load"}}
    covered = set().union(*(expected for _, expected in CASES.values()))
    assert refusals - covered == set()


@pytest.mark.parametrize(("lang", "text"), [("zh", "责任部门"), ("en", "responsible department")])
def test_messages_in_both_languages(lang: str, text: str, tmp_path: Path,
                                   cli: Callable[..., Any]) -> None:
    build(tmp_path, _set("department", "宣传科"))
    code, report = cli("--format", "json", "--lang", lang)
    message = report["datasets"][0]["findings"][0]["message"]
    assert code == 1 and text in message and "sample" in message and "宣传科" in message


def test_text_output_names_dataset_and_code(tmp_path: Path, cli: Callable[..., Any]) -> None:
    build(tmp_path, _set("department", "宣传科"))
    code, text = cli("--lang", "en")
    assert code == 1
    assert "✗ sample: refused" in text and "[department-unknown]" in text
    assert "1 datasets, 1 refused" in text


def test_unknown_name_is_a_usage_error(tmp_path: Path, cli: Callable[..., Any]) -> None:
    build(tmp_path)
    code, text = cli("no-such-dataset", "--format", "json")
    assert code == 2
    assert "Traceback" not in text


def test_one_refused_dataset_refuses_the_run_but_names_only_itself(
        tmp_path: Path, cli: Callable[..., Any]) -> None:
    build(tmp_path)
    build(tmp_path, _set("review", "sometimes"), name="other")
    code, report = cli("--format", "json")
    verdicts = {d["name"]: d["accepted"] for d in report["datasets"]}
    assert (code, verdicts) == (1, {"other": False, "sample": True})


# --- deadlines: warnings, never refusals -------------------------------------------------------

GAZETTE_RULE = [{"code": "gazette-late", "start": "issued", "end": "gazette", "limit": 5,
                 "unit": "days"}]


def _late(d: dict[str, Any], s: dict[str, Any], folder: Path) -> None:
    s["deadlines"] = GAZETTE_RULE
    (folder / "data" / "rows.csv").write_text(LATE_CSV, encoding="utf-8")


def test_a_late_deadline_is_a_warning_not_a_refusal(tmp_path: Path,
                                                     cli: Callable[..., Any]) -> None:
    build(tmp_path, _late)
    code, report = cli("--format", "json", "--lang", "en")
    entry = report["datasets"][0]
    assert (code, entry["accepted"], entry["findings"]) == (0, True, [])
    assert [(w["code"], w["row"], w["field"]) for w in entry["warnings"]] == [
        ("gazette-late", 3, "gazette")]
    assert "19 days" in entry["warnings"][0]["message"]
    code, text = cli("--lang", "zh")
    assert code == 0 and "! [gazette-late]" in text and "不影响发布" in text


def test_check_leaves_warnings_out_and_warnings_gives_them(tmp_path: Path) -> None:
    build(tmp_path, _late)
    loaded = load(tmp_path / "datasets", "sample", tmp_path / "schemas")
    assert loaded.dataset is not None
    vocabulary = load_vocabulary(tmp_path / "datasets" / "bureau.yaml")
    assert check(loaded.dataset, vocabulary) == []
    assert [f.code for f in warnings(loaded.dataset, vocabulary)] == ["gazette-late"]


# --- the loader never raises, whatever the YAML -------------------------------------------------

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                max_size=4),
    max_leaves=12,
)
KEYS = sorted(DESCRIPTOR) + ["policy_document", "interpretation", "translations", "temporal"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(overrides=st.dictionaries(st.sampled_from(KEYS), yaml_values, max_size=5))
def test_any_descriptor_yaml_loads_and_checks_without_raising(overrides: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)

        def mutate(d: dict[str, Any], s: dict[str, Any], folder: Path) -> None:
            d.update(overrides)

        build(root, mutate)
        loaded = load(root / "datasets", "sample", root / "schemas")
        if loaded.dataset is not None:
            vocabulary = load_vocabulary(root / "datasets" / "bureau.yaml")
            check(loaded.dataset, vocabulary)
            warnings(loaded.dataset, vocabulary)


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=200))
def test_any_text_as_descriptor_is_refused_or_loaded(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root, _write("datapackage.yaml", text))
        loaded = load(root / "datasets", "sample", root / "schemas")
        assert loaded.dataset is not None or [f.code for f in loaded.findings] == [
            "descriptor-unreadable"]
