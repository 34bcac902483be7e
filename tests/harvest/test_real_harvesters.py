"""The catalogue as the real harvesters read it: ckanext-harvest's CKAN harvester and
ckanext-dcat's DCAT RDF harvester, running in the real CKAN 2.12 lab, pull this service.

Needs the lab started with ``CKAN_WITH_HARVEST=1`` (``.ci/run`` does); skips otherwise. A
small catalogue goes through the real publish run to the embedded portal served on 127.0.0.1;
CKAN then harvests it, and every published dataset must arrive with no error.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

import ckanapi
import pytest

from publisher.review import approve
from publisher.run import execute_run, start_run
from publisher.services import Services
from tests.conftest import ROOT
from tests.support.portals import real_ckan

pytestmark = [pytest.mark.ckan, pytest.mark.db]
# Small datasets, plus service-guides whose keyword 互联网+政务服务 is no valid CKAN tag.
NAMES = ["intermediary-services", "organisation", "service-guides", "spot-check-items",
         "taxi-operators"]
JOB_TIMEOUT = 600.0  # seconds: an upper bound for a busy machine, not an expectation


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    folder = tmp_path / "datasets"
    folder.mkdir()
    shutil.copy(ROOT / "datasets" / "bureau.yaml", folder / "bureau.yaml")
    # Names of their own: the harvesters name what they make as the source does, and the other
    # real-CKAN tests publish these datasets under their usual names to the same lab.
    prefix = "rh" + uuid.uuid4().hex[:6]
    for name in NAMES:
        shutil.copytree(ROOT / "datasets" / name, folder / f"{prefix}-{name}")
        path = folder / f"{prefix}-{name}" / "datapackage.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"name: {name}\n", f"name: {prefix}-{name}\n", 1),
                        encoding="utf-8")
    return {**settings_overrides, "datasets_dir": str(folder), "portal_timeout": 600}


@pytest.fixture
def ckan() -> Any:
    url, token = real_ckan()
    client = ckanapi.RemoteCKAN(url, apikey=token, user_agent="publisher-harvest-test/1")
    try:
        client.action.harvest_source_list()
    except ckanapi.CKANAPIError:
        client.close()
        pytest.skip("the real CKAN has no ckanext-harvest: start the lab with "
                    "CKAN_WITH_HARVEST=1")
    try:
        yield client
    finally:
        _clean_up(client)
        client.close()


def _clean_up(ckan: Any) -> None:
    """Purge what the harvesters made: they name packages as the source does, and the other
    real-CKAN tests publish packages of those very names to the same lab."""
    for org in ckan.action.organization_list():
        if not org.startswith("harvested-"):
            continue
        for package in ckan.action.package_search(fq=f"organization:{org}", rows=1000,
                                                  include_private=True)["results"]:
            ckan.action.dataset_purge(id=package["id"])
    for source in ckan.action.harvest_source_list():
        if str(source.get("name", "")).startswith("shanwei-"):
            ckan.action.harvest_source_delete(id=source["id"], clear=True)


@pytest.fixture
def published(services: Services, live_server: str) -> list[str]:
    """Publish the small catalogue with the service's own URL as its site URL."""
    services.settings = dataclasses.replace(services.settings, site_url=live_server)
    run_id = start_run(services, None, False, "test")
    outcomes = execute_run(services, run_id, None, False)
    final = {o.dataset: o.outcome for o in outcomes}
    waiting = [o for o in outcomes if o.code == "release-unapproved"]
    if waiting:
        with services.db.session() as session:
            for o in waiting:
                approve(session, o.dataset, "测试审查员", o.release_version)
        again = start_run(services, [o.dataset for o in waiting], False, "test")
        final.update({o.dataset: o.outcome
                      for o in execute_run(services, again, [o.dataset for o in waiting],
                                           False)})
    assert set(final.values()) == {"published"}, final
    assert len(final) == len(NAMES)
    return sorted(final)


def _run_job(ckan: Any, source_type: str, url: str, config: dict[str, Any]) -> dict[str, Any]:
    suffix = uuid.uuid4().hex[:8]
    org = ckan.action.organization_create(name=f"harvested-{suffix}", title="收割测试")
    source = ckan.action.harvest_source_create(
        name=f"shanwei-{source_type.replace('_', '-')}-{suffix}", url=url,
        source_type=source_type, title=f"Shanwei {source_type} {suffix}",
        owner_org=org["id"], frequency="MANUAL", config=json.dumps(config))
    job = ckan.action.harvest_job_create(source_id=source["id"], run=True)
    deadline = time.monotonic() + JOB_TIMEOUT
    while True:
        # harvest_jobs_run marks a job finished once its objects are done (the cron command's
        # work), so the poll does not wait for a cron that is not running here.
        ckan.action.harvest_jobs_run(source_id=source["id"])
        shown: dict[str, Any] = ckan.action.harvest_job_show(id=job["id"])
        if shown["status"] == "Finished":
            shown["source"] = source
            shown["org"] = org
            return shown
        assert time.monotonic() < deadline, f"harvest job still {shown['status']}: {shown}"
        time.sleep(1)  # a poll interval; nothing depends on it beyond the deadline above


def _harvested(ckan: Any, org: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = ckan.action.package_search(
        fq=f"owner_org:{org['id']}", rows=1000, include_private=True)["results"]
    return found


def test_ckan_harvester_takes_every_published_dataset(ckan: Any, published: list[str],
                                                      live_server: str) -> None:
    job = _run_job(ckan, "ckan", live_server, {})
    stats = job["stats"]
    assert stats.get("errored", 0) == 0, job
    assert stats.get("added", 0) == len(published), job
    titles = {p["title"] for p in _harvested(ckan, job["org"])}
    assert len(titles) == len(published)


def test_dcat_harvester_takes_every_published_dataset(ckan: Any, published: list[str],
                                                      live_server: str) -> None:
    job = _run_job(ckan, "dcat_rdf", f"{live_server}/catalog.ttl",
                   {"rdf_format": "text/turtle"})
    stats = job["stats"]
    assert stats.get("errored", 0) == 0, job
    assert stats.get("added", 0) == len(published), job
    harvested = _harvested(ckan, job["org"])
    assert len(harvested) == len(published)
    assert all(p["resources"] for p in harvested)  # distributions came along
