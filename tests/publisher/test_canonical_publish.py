"""End to end: shipped datasets whose schemas opt into normalisation, published to the embedded
portal over HTTP; switching the opt-in off builds the steward's file again."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from frictionless import Resource as FlResource
from frictionless import Schema

from publisher import canonical
from publisher.fingerprint import inputs_fingerprint
from publisher.run import execute_run, start_run
from publisher.services import Services
from tests.conftest import ROOT

pytestmark = [pytest.mark.db, pytest.mark.slow]
NAMES = ["budget-accounts", "spot-check-items"]


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """Copies of two shipped datasets and of the schemas, so both can change."""
    datasets, schemas = tmp_path / "datasets", tmp_path / "schemas"
    datasets.mkdir()
    shutil.copy(ROOT / "datasets" / "bureau.yaml", datasets)
    for name in NAMES:
        shutil.copytree(ROOT / "datasets" / name, datasets / name)
    shutil.copytree(ROOT / "schemas", schemas)
    _opt_in(schemas / "budget-accounts-expenditure.json", True)
    _with_steward_forms(datasets / "spot-check-items" / "data" / "items.csv",
                        schemas / "spot-check-items.json")
    return {**settings_overrides, "datasets_dir": str(datasets), "schemas_dir": str(schemas)}


def _opt_in(path: Path, choice: bool) -> None:
    schema = json.loads(path.read_text("utf-8"))
    schema[canonical.OPT_IN] = choice
    path.write_text(json.dumps(schema, ensure_ascii=False), "utf-8")


def _with_steward_forms(data: Path, schema_path: Path) -> None:
    """An adoption date as Excel exports it in Chinese (2024年3月5日, no zero padding, so the
    text order is not the date order) and the ratio as "15%"."""
    rows = list(csv.reader(io.StringIO(data.read_text("utf-8-sig"))))
    start = date(2023, 12, 28)
    out = [rows[0] + ["adopted"]]
    for i, row in enumerate(rows[1:]):
        day = start + timedelta(days=37 * i)
        row[5] = f"{row[5]}%"
        out.append(row + [f"{day.year}年{day.month}月{day.day}日"])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(out)
    data.write_text(buffer.getvalue(), "utf-8")
    schema = json.loads(schema_path.read_text("utf-8"))
    ratio = next(f for f in schema["fields"] if f["name"] == "ratio_percent")
    ratio["bareNumber"] = False
    schema["fields"].append({"name": "adopted", "title": "发布日期", "type": "date",
                             "format": "%Y年%m月%d日", "constraints": {"minimum": "2023年1月1日"}})
    schema[canonical.OPT_IN] = True
    schema_path.write_text(json.dumps(schema, ensure_ascii=False), "utf-8")


def _publish(services: Services, url: str, client: Any) -> dict[str, Any]:
    run_id = start_run(services, NAMES, False, "test")
    return {o.dataset: o for o in execute_run(services, run_id, NAMES, False, client=client,
                                              portal_url=url)}


def _resource(client: Any, dataset: str, name: str) -> dict[str, Any]:
    package = client.action.package_show(id=dataset)
    found: dict[str, Any] = next(r for r in package["resources"] if r["name"] == name)
    return found


def test_opted_in_datasets_reach_the_portal_typed(services: Services, live_server: str,
                                                  portal_client: Any, tmp_path: Path) -> None:
    outcomes = _publish(services, live_server, portal_client)
    assert {n: o.outcome for n, o in outcomes.items()} == dict.fromkeys(NAMES, "published")

    items = _resource(portal_client, "spot-check-items", "items")
    schema = json.loads(items["schema"])
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["adopted"] == {"name": "adopted", "title": "发布日期", "type": "date",
                                 "constraints": {"minimum": "2023-01-01"}}
    assert "bareNumber" not in fields["ratio_percent"] and canonical.OPT_IN not in schema
    text = requests.get(items["url"], timeout=60).content.decode("utf-8")
    released = list(csv.DictReader(io.StringIO(text)))
    assert released[0]["adopted"] == "2023-12-28" and released[0]["ratio_percent"] == "15"
    # The portal's file validates against the schema the portal holds.
    (tmp_path / "items.csv").write_text(text, "utf-8")
    report = FlResource(path="items.csv", basepath=str(tmp_path),
                        schema=Schema.from_descriptor(schema)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])
    # The DataStore sorts the dates as dates (as text, 2024年10月… would come before 2024年2月…).
    rows = portal_client.action.datastore_search(resource_id=items["id"], sort="adopted desc",
                                                 limit=100)["records"]
    adopted = [r["adopted"][:10] for r in rows]
    assert adopted == sorted((r["adopted"] for r in released), reverse=True)
    assert len(adopted) == len(released) == 10

    expenditure = _resource(portal_client, "budget-accounts", "expenditure")
    text = requests.get(expenditure["url"], timeout=60).content.decode("utf-8")
    assert "," not in "".join(r["total"] for r in csv.DictReader(io.StringIO(text)))
    totals = portal_client.action.datastore_search(resource_id=expenditure["id"],
                                                   sort="total desc", limit=5)["records"]
    values = [float(r["total"]) for r in totals]
    assert values == sorted(values, reverse=True) and values[0] > 1000

    # The manifest says which file was normalised from which source.
    with services.db.session() as session:
        from publisher.review import latest_release

        release = latest_release(session, "spot-check-items")
        assert release is not None
        manifest = release.manifest
    record = manifest["resources"][0][canonical.RECORD]
    assert record["fields"]["adopted"] == {"format": "%Y年%m月%d日"}
    assert record["source"]["hash"].startswith("sha256:")


def test_switching_the_opt_in_off_releases_the_stewards_file(
        services: Services, live_server: str, portal_client: Any,
        settings_overrides: dict[str, Any]) -> None:
    first = _publish(services, live_server, portal_client)["budget-accounts"]
    loaded = services.load("budget-accounts").dataset
    assert loaded is not None
    before = inputs_fingerprint(loaded, b"k")
    _opt_in(Path(settings_overrides["schemas_dir"]) / "budget-accounts-expenditure.json", False)
    loaded = services.load("budget-accounts").dataset
    assert loaded is not None and inputs_fingerprint(loaded, b"k") != before
    again = _publish(services, live_server, portal_client)["budget-accounts"]
    assert (again.outcome, again.release_version) == ("published", first.release_version + 1)
    expenditure = _resource(portal_client, "budget-accounts", "expenditure")
    text = requests.get(expenditure["url"], timeout=60).content
    source = (Path(settings_overrides["datasets_dir"]) / "budget-accounts" / "data"
              / "expenditure.csv").read_bytes()
    assert text == source.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
    assert "groupChar" in expenditure["schema"]


@pytest.fixture
def deid_overrides(settings_overrides: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """Beside them, a dataset with pseudonymised and redacted fields, opted in."""
    datasets, schemas = Path(settings_overrides["datasets_dir"]), tmp_path / "schemas"
    shutil.copytree(ROOT / "datasets" / "suggestion-proposals", datasets / "suggestion-proposals")
    _opt_in(schemas / "suggestion-proposals.json", True)
    return settings_overrides


def test_de_identified_fields_stay_as_the_de_identification_wrote_them(
        deid_overrides: dict[str, Any], services: Services, live_server: str,
        portal_client: Any, tmp_path: Path) -> None:
    from publisher.review import approve

    name = "suggestion-proposals"
    run_id = start_run(services, [name], False, "test")
    [waiting] = execute_run(services, run_id, [name], False, client=portal_client,
                            portal_url=live_server)
    assert waiting.code == "release-unapproved"
    with services.db.session() as session:
        approve(session, name, "测试审查员", waiting.release_version)
    run_id = start_run(services, [name], False, "test")
    [done] = execute_run(services, run_id, [name], False, client=portal_client,
                         portal_url=live_server)
    assert done.outcome == "published"
    handling = _resource(portal_client, name, "handling")
    schema = json.loads(handling["schema"])
    fields = {f["name"]: f for f in schema["fields"]}
    assert "trueValues" not in fields["full_text_public"]
    assert fields["proposer"]["privacy"]["action"] == "pseudonymize"
    text = requests.get(handling["url"], timeout=60).content.decode("utf-8")
    released = list(csv.DictReader(io.StringIO(text)))
    assert {r["full_text_public"] for r in released} <= {"true", "false"}
    source = list(csv.DictReader(io.StringIO(
        (Path(deid_overrides["datasets_dir"]) / name / "data" / "handling.csv")
        .read_text("utf-8-sig"))))
    # The pseudonyms and the redactions are the de-identification's, not the steward's text.
    assert not {r["proposer"] for r in source if r["proposer"]} & {r["proposer"] for r in released}
    (tmp_path / "handling.csv").write_text(text, "utf-8")
    report = FlResource(path="handling.csv", basepath=str(tmp_path),
                        schema=Schema.from_descriptor(schema)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])
    rows = portal_client.action.datastore_search(resource_id=handling["id"], limit=200)["records"]
    assert {type(r["full_text_public"]) for r in rows} == {bool}
