"""``publisher harvest``: sources in, snapshots swapped atomically, only changed data published.

The datasets folder is a copy of the repository's, so the tests may change descriptors and
data files; sources are real (a SQLite or PostgreSQL table, a local HTTP server, the service's
own DCAT feed).
"""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ckanapi
import pytest
import sqlalchemy as sa
import yaml

from publisher.harvest_in import HarvestResult, harvest
from publisher.models import HarvestItem
from publisher.review import approve
from publisher.run import execute_run, start_run
from publisher.services import Services
from publisher.settings import load_settings
from tests.conftest import ROOT
from tests.support.httpfiles import serve_files
from tests.support.sources import case_system

pytestmark = pytest.mark.db
COPIED = ("penalty-decisions", "bus-network", "service-guides")
CASES = "PUBLISHER_SOURCE_ENFORCEMENT_CASES_DB"
FEED = "PUBLISHER_SOURCE_BUS_GTFS_FEED"


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    folder = tmp_path / "datasets"
    folder.mkdir()
    shutil.copy(ROOT / "datasets" / "bureau.yaml", folder / "bureau.yaml")
    for name in COPIED:
        shutil.copytree(ROOT / "datasets" / name, folder / name)
    return folder


@pytest.fixture
def services(settings_overrides: dict[str, Any], catalogue: Path) -> Iterator[Services]:
    # A long portal timeout: this file is about harvesting, not about a portal that is slow
    # under load (the publishing tests cover that).
    svc = Services(load_settings(env={}, overrides={**settings_overrides, "portal_timeout": 600,
                                                    "datasets_dir": str(catalogue)}))
    yield svc
    svc.close()


@pytest.fixture
def cases_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cases.db'}"
    case_system().fill(url)
    monkeypatch.setenv(CASES, url)
    return url


def publish_approved(services: Services) -> Any:
    """Publish; approve what waits for review (a test reviewer), publish those again."""
    def run(names: list[str]) -> tuple[int, list[Any]]:
        run_id = start_run(services, names, False, "harvest")
        outcomes = execute_run(services, run_id, names, False)
        waiting = [o for o in outcomes if o.code == "release-unapproved"]
        if not waiting:
            return run_id, outcomes
        with services.db.session() as session:
            for o in waiting:
                approve(session, o.dataset, "测试审查员", o.release_version)
        again = start_run(services, [o.dataset for o in waiting], False, "harvest")
        return again, execute_run(services, again, [o.dataset for o in waiting], False)
    return run


def _outcomes(result: HarvestResult) -> dict[str, str]:
    return {f"{i.dataset}/{i.resource}": i.outcome for i in result.items}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sql_source_republishes_only_what_changed(services: Services, catalogue: Path,
                                                  cases_db: str, live_server: str) -> None:
    anon = ckanapi.RemoteCKAN(live_server)
    first = harvest(services, run_publish=publish_approved(services))
    outcomes = _outcomes(first)
    assert outcomes["penalty-decisions/decisions"] == "changed"  # the table's CSV form
    assert {v for k, v in outcomes.items() if k.startswith("bus-network/")} == {"skipped"}
    assert first.changed == ["penalty-decisions"]
    assert [o.outcome for o in first.publish] == ["published"]
    package = anon.action.package_show(id="penalty-decisions")
    modified = package["metadata_modified"]

    engine = sa.create_engine(cases_db)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE penalty_decisions SET fine_amount = fine_amount + 100 "
                             "WHERE case_number = '汕交罚〔2018〕7号'"))
    engine.dispose()
    second = harvest(services, run_publish=publish_approved(services))
    assert second.changed == ["penalty-decisions"]
    [published] = second.publish
    assert published.outcome == "published"
    uploads = [s for s in published.detail["steps"] if s.startswith("upload")]
    assert uploads == ["upload decisions"]  # one changed resource, nothing else sent
    rows = anon.action.datastore_search(resource_id=anon.action.package_show(
        id="penalty-decisions")["resources"][0]["id"], q="汕交罚〔2018〕7号")["records"]
    assert any(r["case_number"] == "汕交罚〔2018〕7号" for r in rows)

    third = harvest(services, run_publish=publish_approved(services))
    assert _outcomes(third)["penalty-decisions/decisions"] == "unchanged"
    assert third.changed == [] and third.publish == [] and third.publish_run_id is None
    after = anon.action.package_show(id="penalty-decisions")["metadata_modified"]
    assert after != modified  # the second harvest did change it …
    assert anon.action.package_show(id="penalty-decisions")["metadata_modified"] == after
    with services.db.session() as session:
        recorded = session.scalars(sa.select(HarvestItem).where(
            HarvestItem.harvest_id == third.harvest_id)).all()
    assert {r.outcome for r in recorded if r.dataset == "penalty-decisions"} == {"unchanged"}
    assert all(r.publish_run_id is None for r in recorded)


def test_unreachable_source_keeps_the_published_snapshot(services: Services, catalogue: Path,
                                                         cases_db: str,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    data = catalogue / "penalty-decisions" / "data" / "decisions.csv"
    before = _sha(data)
    monkeypatch.setenv(CASES, "postgresql+psycopg2://postgres@127.0.0.1:1/none")
    result = harvest(services, ["penalty-decisions"])
    [item] = result.items
    assert (item.outcome, item.code) == ("failed", "source-unreachable")
    assert result.failed and result.changed == [] and result.publish == []
    assert _sha(data) == before
    assert not list((catalogue / "penalty-decisions").glob(".harvest-*"))  # no staging left


def _zip_of(folder: Path, replace: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*.txt")):
            archive.writestr(path.name, (replace or {}).get(path.name, path.read_bytes()))
    return buffer.getvalue()


def test_gtfs_zip_over_http(services: Services, catalogue: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    data = catalogue / "bus-network" / "data"
    shas = {p.name: _sha(p) for p in data.glob("*.txt")}
    with serve_files() as served:
        monkeypatch.setenv(FEED, served.put("/gtfs.zip", _zip_of(data), "application/zip"))
        same = harvest(services, ["bus-network"], publish=False)
        assert set(_outcomes(same).values()) == {"unchanged"} and same.changed == []
        assert served.requests == [("/gtfs.zip", 200)]  # one download for the eight members

        stops = (data / "stops.txt").read_text("utf-8")
        header, first_row, rest = stops.split("\n", 2)
        cells = first_row.split(",")
        cells[header.split(",").index("stop_name")] += "（新址）"
        renamed = "\n".join([header, ",".join(cells), rest])
        assert renamed != stops
        served.put("/gtfs.zip", _zip_of(data, {"stops.txt": renamed.encode()}),
                   "application/zip")
        dry = harvest(services, ["bus-network"], dry_run=True, publish=False)
        assert _outcomes(dry)["bus-network/stops"] == "changed"
        assert _sha(data / "stops.txt") == shas["stops.txt"]  # a dry run writes nothing

        changed = harvest(services, ["bus-network"], publish=False)
        outcomes = _outcomes(changed)
        assert outcomes.pop("bus-network/stops") == "changed"
        assert set(outcomes.values()) == {"unchanged"}
        assert (data / "stops.txt").read_text("utf-8") == renamed
        assert {p.name for p in data.glob("*.txt") if _sha(p) != shas[p.name]} == {"stops.txt"}

        # Garbage: an HTML error page instead of the zip, then a zip whose stops do not match
        # the schema. Neither is swapped in, and the outcome says why.
        served.put("/gtfs.zip", b"<html>502 Bad Gateway</html>", "text/html")
        garbage = harvest(services, ["bus-network"], publish=False)
        assert {i.code for i in garbage.items} == {"source-garbage"}
        served.put("/gtfs.zip", _zip_of(data, {"stops.txt": b"nonsense\n\x00\x01\n"}),
                   "application/zip")
        invalid = harvest(services, ["bus-network"], publish=False)
        assert {i.code for i in invalid.items if i.outcome == "failed"} == {"source-invalid"}
        assert (data / "stops.txt").read_text("utf-8") == renamed


def test_own_dcat_feed_read_back(services: Services, catalogue: Path, live_server: str,
                                 tmp_path: Path) -> None:
    import dataclasses

    from rdflib import DCAT, RDF, Graph

    from harvest.sources import SourceContext, TargetSpec, fetch

    services.settings = dataclasses.replace(services.settings, site_url=live_server)
    run_id = start_run(services, ["service-guides"], False, "cli")
    [outcome] = execute_run(services, run_id, ["service-guides"], False)
    assert outcome.outcome == "published"
    graph = Graph().parse(f"{live_server}/catalog.ttl", format="turtle")
    [dataset] = [d for d in graph.subjects(RDF.type, DCAT.Dataset)
                 if str(d).rstrip("/").endswith("service-guides")]
    ctx = SourceContext(secret=lambda name: None, timeout=30)
    target = TargetSpec(path=tmp_path / "guides.csv", schema=None, encoding="utf-8",
                        format="csv")
    snap = fetch({"kind": "dcat", "url": f"{live_server}/catalog.ttl", "dataset": str(dataset),
                  "distribution": "guides"}, target, ctx)
    released = next((services.settings.instance_path / "releases" / "service-guides")
                    .glob("*/data/guides.csv"))
    assert target.path.read_bytes() == released.read_bytes()
    assert snap.provenance["source"] == str(dataset)


def test_harvest_command_and_status_api(services: Services, catalogue: Path, cases_db: str,
                                        runner: Any, client: Any) -> None:
    from publisher.web.tokens import create_token

    result = runner(["harvest", "--dry-run", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "penalty-decisions/decisions (sql): changed" in result.output
    assert "bus-network/stops (http): skipped [source-not-configured]" in result.output
    assert "would publish: penalty-decisions" in result.output
    assert runner(["harvest", "no-such-dataset"]).exit_code == 2

    assert client.get("/api/v1/harvest").status_code == 401
    runner(["harvest", "penalty-decisions", "--no-publish"])
    token = create_token(services, "steward-test")
    body = client.get("/api/v1/harvest", headers={"Authorization": f"Bearer {token}"}).json
    by_name = {i["dataset"]: i for i in body["items"]}
    assert set(by_name) == {"penalty-decisions", "bus-network"}
    penalty = by_name["penalty-decisions"]
    assert penalty["schedule"] == "P1M"
    assert penalty["sources"][0]["last_outcome"] == "changed"
    assert penalty["next_run"] > penalty["sources"][0]["last_harvest"]
    assert by_name["bus-network"]["sources"][0]["last_outcome"] is None  # only dry runs


def test_descriptor_sources_are_documented_kinds() -> None:
    from harvest.sources import ADAPTERS

    for name in ("penalty-decisions", "bus-network"):
        descriptor = yaml.safe_load((ROOT / "datasets" / name / "datapackage.yaml")
                                    .read_text("utf-8"))
        kinds = {r["source"]["kind"] for r in descriptor["resources"]}
        assert kinds <= set(ADAPTERS)


def test_status_page_shows_harvests(services: Services, catalogue: Path, cases_db: str,
                                    runner: Any, client: Any) -> None:
    from publisher.web.tokens import create_token

    runner(["harvest", "penalty-decisions", "--no-publish"])
    token = create_token(services, "steward-page")
    client.post("/status/login", data={"token": token})
    page = client.get("/status?lang=en", headers={"Authorization": f"Bearer {token}"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200, text[:300]
    assert "Harvested sources" in text
    assert "penalty-decisions" in text and ">changed<" in text


@pytest.mark.parametrize(("lang", "skipped", "failed"), [
    ("en", "skipped [source-not-configured] secret 'bus_gtfs_feed' is not set "
           "(PUBLISHER_SOURCE_BUS_GTFS_FEED)",
     "failed [source-unreachable] database error (OperationalError)"),
    ("zh", "跳过 [source-not-configured] 密钥“bus_gtfs_feed”未设置"
           "（PUBLISHER_SOURCE_BUS_GTFS_FEED）",
     "失败 [source-unreachable] 数据库出错（OperationalError）"),
])
def test_item_reasons_in_the_language_asked(runner: Any, monkeypatch: pytest.MonkeyPatch,
                                            lang: str, skipped: str, failed: str) -> None:
    # The reason is a msgid and params: the driver's error class stays as the library names
    # it, the framing is translated; the stored reason is the English text.
    monkeypatch.setenv(CASES, "postgresql+psycopg2://postgres@127.0.0.1:1/none")
    monkeypatch.delenv(FEED, raising=False)
    result = runner(["harvest", "--dry-run", "--lang", lang])
    assert result.exit_code == 1, result.output
    assert f"bus-network/stops (http): {skipped}" in result.output
    assert f"penalty-decisions/decisions (sql): {failed}" in result.output
    data = runner(["harvest", "--dry-run", "--format", "json", "--lang", lang]).output
    import json

    items = {i["resource"]: i for i in json.loads(data)["items"]}
    assert items["decisions"]["reason"] == "database error (OperationalError)"
    assert items["decisions"]["reason_msgid"] == "database error (%(error)s)"
    assert items["decisions"]["reason_params"] == {"error": "OperationalError"}
