"""The sql adapter against real databases: SQLite and the PostgreSQL on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from harvest.sources import SourceContext, SourceError, SourceNotConfigured, TargetSpec, fetch
from tests.conftest import ROOT
from tests.support.sources import case_system

SCHEMA = json.loads((ROOT / "schemas" / "penalty-decisions.json").read_text(encoding="utf-8"))
FIXTURE_CSV = ROOT / "datasets" / "penalty-decisions" / "data" / "decisions.csv"
PG = os.environ.get("PUBLISHER_TEST_DATABASE_URL") or \
    "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(params=["sqlite", "postgresql"])
def source_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cases.db'}"
        return
    admin = sa.create_engine(PG, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            schema = "src_" + uuid.uuid4().hex[:10]
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError:
        admin.dispose()
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    sep = "&" if "?" in PG else "?"
    try:
        yield f"{PG}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _ctx(url: str | None, chunk: int = 500) -> SourceContext:
    return SourceContext(secret=lambda name: url if name == "cases" else None, timeout=5,
                         chunk_rows=chunk)


def _target(tmp_path: Path) -> TargetSpec:
    return TargetSpec(path=tmp_path / "out.csv", schema=SCHEMA, encoding="utf-8", format="csv")


def test_table_is_streamed_typed_by_the_schema(source_url: str, tmp_path: Path) -> None:
    fixture = case_system()
    count = fixture.fill(source_url)  # type: ignore[attr-defined]
    spec = {"kind": "sql", "url_secret": "cases", "table": "penalty_decisions"}
    snap = fetch(spec, _target(tmp_path), _ctx(source_url, chunk=128))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text("utf-8"))))
    original = fixture.rows(FIXTURE_CSV, SCHEMA)  # type: ignore[attr-defined]
    assert len(rows) == count == len(original)
    assert list(rows[0]) == [f["name"] for f in SCHEMA["fields"]]
    by_key = {r["case_number"]: r for r in rows}
    for source in original[:50]:
        got = by_key[source["case_number"]]
        assert got["decision_date"] == source["decision_date"].isoformat()
        assert got["fine_amount"] == ("" if source["fine_amount"] is None
                                      else str(source["fine_amount"]))
    assert snap.provenance == {"kind": "sql", "rows": count, "query": "table"}
    # The same table gives the same bytes: an unchanged source is recognised by fingerprint.
    again = fetch(spec, TargetSpec(path=tmp_path / "again.csv", schema=SCHEMA,
                                   encoding="utf-8", format="csv"), _ctx(source_url))
    assert again.fingerprint == snap.fingerprint


def test_one_changed_row_changes_the_fingerprint(source_url: str, tmp_path: Path) -> None:
    case_system().fill(source_url)  # type: ignore[attr-defined]
    spec = {"kind": "sql", "url_secret": "cases",
            "query": "SELECT * FROM penalty_decisions ORDER BY case_number"}
    before = fetch(spec, _target(tmp_path), _ctx(source_url)).fingerprint
    engine = sa.create_engine(source_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE penalty_decisions SET fine_amount = fine_amount + 1 "
                             "WHERE case_number = (SELECT MIN(case_number) FROM "
                             "penalty_decisions)"))
    engine.dispose()
    assert fetch(spec, _target(tmp_path), _ctx(source_url)).fingerprint != before


def test_missing_columns_and_bad_sources_are_clear(source_url: str, tmp_path: Path) -> None:
    case_system().fill(source_url)  # type: ignore[attr-defined]
    narrow = {"kind": "sql", "url_secret": "cases",
              "query": "SELECT case_number FROM penalty_decisions"}
    with pytest.raises(SourceError) as exc:
        fetch(narrow, _target(tmp_path), _ctx(source_url))
    assert exc.value.code == "source-columns-missing"
    assert "decision_date" in exc.value.reason
    with pytest.raises(SourceError) as exc:
        fetch({"kind": "sql", "url_secret": "cases", "table": "no_such_table"},
              _target(tmp_path), _ctx(source_url))
    assert exc.value.code == "source-unreachable"
    with pytest.raises(SourceError) as exc:
        fetch({"kind": "sql", "url_secret": "cases", "table": "x; DROP TABLE y"},
              _target(tmp_path), _ctx(source_url))
    assert exc.value.code == "source-spec-invalid"


def test_unset_secret_is_not_configured_and_closed_port_unreachable(tmp_path: Path) -> None:
    spec = {"kind": "sql", "url_secret": "cases", "table": "penalty_decisions"}
    with pytest.raises(SourceNotConfigured):
        fetch(spec, _target(tmp_path), _ctx(None))
    closed = "postgresql+psycopg2://postgres@127.0.0.1:1/none"
    with pytest.raises(SourceError) as exc:
        fetch(spec, _target(tmp_path), _ctx(closed))
    assert exc.value.code == "source-unreachable"
