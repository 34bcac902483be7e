"""The engine and frictionless.validate agree on every (row, field, code) they both know."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.load import list_datasets, load
from tests.publisher.validate.helpers import dataset_of, engine_triples, frictionless_triples

ROOT = Path(__file__).resolve().parents[3]

CELLS = st.one_of(
    st.sampled_from(["", "0", "1", "-3", "12", "1_000", "１２３", " 7", "1.5", "2e3", "abc",
                     "2020-01-01", "2020-1-1", " 2020-01-01", "2020-02-30", "true", "FALSE",
                     "NA", "x y", "é", "2021-12-31", "99999999999999999999", "0.10",
                     "20200101", "1,000", "是", "2020-01-01T10:00:00", "10:00:00", "2020-05",
                     "P1D", "-0", "+5", "NaN", "1e400", "汕12号", "汕１２号", "汕x号", "a\n",
                     "１２", "ab c", "x\u3000"]),
    st.text(alphabet="0123456789-.aZ ", max_size=6),
)
FIELD = st.fixed_dictionaries(
    {"type": st.sampled_from(["string", "integer", "number", "date", "boolean", "year",
                              "datetime", "time", "yearmonth", "duration"])},
    optional={"constraints": st.fixed_dictionaries({}, optional={
        "required": st.booleans(), "unique": st.booleans()})},
)


def _constraints(field: dict[str, Any], draw: Any) -> None:
    t = field["type"]
    extra = field.setdefault("constraints", {})
    if t in ("integer", "number") and draw(st.booleans()):
        extra["minimum"] = draw(st.integers(-5, 5))
    if t in ("integer", "number") and draw(st.booleans()):
        extra["maximum"] = draw(st.integers(0, 100))
    if t == "string" and draw(st.booleans()):
        extra["pattern"] = draw(st.sampled_from(
            ["[0-9]+", "[a-z ]*", "\\d{1,2}", "é|x y", "汕\\d+号", "[^a]+", "\\D+", "\\w+\\s?"]))
    if t == "string" and draw(st.booleans()):
        extra["maxLength"] = draw(st.integers(0, 3))
    if t == "date" and draw(st.integers(0, 3)) == 0:
        field["format"] = "%Y%m%d"  # GTFS dates
    if t == "date" and draw(st.booleans()):
        # A bound is written in the field's own format (frictionless crashes otherwise).
        extra["minimum"] = "20200601" if field.get("format") else "2020-06-01"
    if t == "number" and draw(st.integers(0, 3)) == 0:
        field["groupChar"] = ","
    if t == "boolean" and draw(st.integers(0, 3)) == 0:
        field["trueValues"], field["falseValues"] = ["是", "y"], ["否", "n"]
    if t in ("string", "integer") and draw(st.booleans()):
        extra["enum"] = ["1", "12", "abc"] if t == "string" else [1, 12, 7]


@st.composite
def tables(draw: Any) -> tuple[dict[str, Any], list[list[str]]]:
    n = draw(st.integers(1, 4))
    fields = []
    for i in range(n):
        field = dict(draw(FIELD))
        field["constraints"] = dict(field.get("constraints", {}))
        _constraints(field, draw)
        fields.append({"name": f"f{i}", **field})
    schema: dict[str, Any] = {"fields": fields}
    if draw(st.booleans()):
        schema["primaryKey"] = [f"f{draw(st.integers(0, n - 1))}"]
    if draw(st.booleans()):
        schema["missingValues"] = ["", "NA"]
    header = [f["name"] for f in fields]
    if draw(st.integers(0, 5)) == 0:  # a wrong, blank or extra label now and then
        header = draw(st.lists(st.sampled_from(["f0", "f1", "", "zz"]), min_size=1,
                               max_size=n + 1))
    rows = draw(st.lists(st.lists(CELLS, min_size=max(0, n - 1), max_size=n + 1),
                         min_size=1, max_size=12))
    return schema, [header, *rows]


def _write(folder: Path, rows: list[list[str]]) -> Path:
    path = folder / "data.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_engine_agrees_with_frictionless_on_generated_tables(
        case: tuple[dict[str, Any], list[list[str]]]) -> None:
    schema, rows = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = _write(folder, rows)
        if not rows[0] or not any(any(r) for r in rows[1:]):
            return  # no header or no data: frictionless raises a resource error, tested apart
        dataset = dataset_of(folder, [("data", path, schema)])
        assert engine_triples(dataset) == frictionless_triples(dataset)


def _compare_dataset(datasets: Path, schemas: Path, name: str) -> None:
    loaded = load(datasets, name, schemas)
    assert loaded.dataset is not None, [f.to_dict("en") for f in loaded.findings]
    dataset = loaded.dataset
    ours = engine_triples(dataset)
    assert ours == frictionless_triples(dataset)


@pytest.mark.parametrize("name", list_datasets(ROOT / "datasets") or ["(none)"])
def test_engine_agrees_with_frictionless_on_every_dataset(name: str) -> None:
    if name == "(none)":
        pytest.skip("no datasets in datasets/ yet")
    _compare_dataset(ROOT / "datasets", ROOT / "schemas", name)


def test_dataset_comparison_runs_on_a_declared_dataset(make_dataset, tmp_path: Path) -> None:
    """The per-dataset comparison itself works (datasets arrive on other branches)."""
    from tests.publisher.validate.conftest import PENALTY_SCHEMA

    make_dataset(data=("decision_no,party,party_id,fine,decided\n"
                       "A1,张三,44150219000101001X,200,2018-03-01\n"
                       "A1,李四,441502190001010011,-5,2018-02-30\n").encode("gb18030"),
                 schema=PENALTY_SCHEMA)
    _compare_dataset(tmp_path / "datasets", tmp_path / "schemas", "fines")


# Dialects and encodings ------------------------------------------------------------------------

DIALECTS = st.fixed_dictionaries({
    "delimiter": st.sampled_from([",", ";", "\t", "|"]),
    "declared": st.booleans(),
    "title_rows": st.integers(0, 2),
    "comment": st.booleans(),
    "encoding": st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "big5"]),
})


def _frictionless_dialect(path: Path, schema: dict[str, Any], header_rows: list[int],
                          delimiter: str | None, comment: str | None, encoding: str
                          ) -> set[tuple[Any, ...]]:
    import frictionless
    from frictionless import formats

    controls = [formats.CsvControl(delimiter=delimiter)] if delimiter else []
    resource = frictionless.Resource(
        path=path.name, basepath=str(path.parent), encoding=encoding,
        schema=frictionless.Schema.from_descriptor(schema),
        dialect=frictionless.Dialect(header_rows=header_rows, comment_char=comment,
                                     controls=controls))
    report = resource.validate(limit_errors=10**9)
    return {(d.get("rowNumber"), d.get("fieldName") or None, d["type"])
            for task in report.tasks for d in (e.to_descriptor() for e in task.errors)}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), DIALECTS)
def test_engine_agrees_with_frictionless_over_dialects_and_encodings(
        case: tuple[dict[str, Any], list[list[str]]], dialect: dict[str, Any]) -> None:
    from dataclasses import replace

    from hypothesis import assume

    from publisher.readers import decide_encoding
    from publisher.validate import validate
    from tests.publisher.validate.helpers import FRICTIONLESS_CODES

    schema, rows = case
    if not rows[0] or not any(any(r) for r in rows[1:]):
        return  # no header or no data: frictionless raises a resource error, tested apart
    delimiter, enc = dialect["delimiter"], dialect["encoding"]
    if not dialect["declared"]:
        # Undeclared, the delimiter is sniffed: only cells that do not hold a candidate
        # delimiter or a space, so that Python's sniffer has one answer (frictionless also
        # takes the sniffed quote and skipInitialSpace, which we do not).
        assume(all(not set(c) & set(",;\t| '\"\n") for r in rows for c in r))
        assume(len(rows[0]) > 1)
    title = [["汕尾市公交线路表"] + [""] * (len(rows[0]) - 1)] * dialect["title_rows"]
    comment = [["# 备注"]] if dialect["comment"] else []
    body = [*title, rows[0], *comment, *rows[1:]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(body)
    try:
        data = buffer.getvalue().encode(enc)
    except UnicodeEncodeError:
        assume(False)
        return
    header_rows = [dialect["title_rows"] + 1]
    descriptor: dict[str, Any] = {"dialect": {"headerRows": header_rows}}
    if dialect["declared"]:
        descriptor["dialect"]["delimiter"] = delimiter
    if dialect["comment"]:
        descriptor["dialect"]["commentChar"] = "#"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "data.csv"
        path.write_bytes(data)
        dataset = dataset_of(folder, [("data", path, schema)])
        dataset = replace(dataset, resources=(replace(dataset.resources[0],
                                                      descriptor=descriptor),))
        result = validate(dataset)
        assert not result.findings, [f.to_dict("en") for f in result.findings]
        ours = {(f.row, f.field or None, f.code) for f in result.resources[0].findings
                if f.code in FRICTIONLESS_CODES}
        reading = result.resources[0].reading
        if dialect["declared"]:
            assert reading["delimiter"] == delimiter
        detected = decide_encoding(path).encoding
        theirs = _frictionless_dialect(path, schema, header_rows,
                                       delimiter if dialect["declared"] else None,
                                       "#" if dialect["comment"] else None, detected)
        assert ours == theirs
