"""The embedded portal harvested over HTTP the way ckanext-harvest and uData harvest a CKAN.

A small catalogue (copies of a few real datasets) goes through the real publish run to the
embedded portal; the harvesters of ``tests.harvest.harvesters`` then pull it: every published
dataset exactly once, on the second pass only the changed one, withdrawn ones gone.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import ckanapi
import pytest

from publisher.review import approve
from publisher.run import execute_run, start_run
from publisher.services import Services
from publisher.sync import withdraw
from publisher.web.tokens import create_token
from tests.conftest import ROOT
from tests.harvest.harvesters import CkanHarvester, UdataCkanBackend

pytestmark = pytest.mark.db
NAMES = ["intermediary-services", "organisation", "spot-check-items", "taxi-operators"]
ORG = "shanwei-transport"
# The tests change datasets seconds after a harvest: no clock-skew margin (see CkanHarvester).
NO_MARGIN = timedelta(0)


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """A datasets folder of four small real datasets."""
    folder = tmp_path / "datasets"
    folder.mkdir()
    shutil.copy(ROOT / "datasets" / "bureau.yaml", folder / "bureau.yaml")
    for name in NAMES:
        shutil.copytree(ROOT / "datasets" / name, folder / name)
    return {**settings_overrides, "datasets_dir": str(folder)}


@pytest.fixture
def admin(services: Services, live_server: str) -> Any:
    client = ckanapi.RemoteCKAN(live_server, apikey=create_token(services, "harvest-test",
                                                                          "publisher"))
    yield client
    client.close()


def publish(services: Services, client: Any, url: str) -> dict[str, str]:
    """A publish run; releases waiting for review are approved and published by a second."""
    run_id = start_run(services, None, False, "test")
    outcomes = execute_run(services, run_id, None, False, client=client, portal_url=url)
    waiting = [o for o in outcomes if o.code == "release-unapproved"]
    if waiting:
        with services.db.session() as session:
            for o in waiting:
                approve(session, o.dataset, "测试审查员", o.release_version)
        names = [o.dataset for o in waiting]
        run_id = start_run(services, names, False, "test")
        again = execute_run(services, run_id, names, False, client=client, portal_url=url)
        outcomes = [o for o in outcomes if o not in waiting] + again
    blocked = [o for o in outcomes if o.outcome not in ("published", "unchanged")]
    assert not blocked, blocked
    return {o.dataset: o.outcome for o in outcomes}


def change_description(services: Services, name: str) -> None:
    descriptor = services.settings.datasets_path / name / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    descriptor.write_text(text.replace("description: >-\n", "description: >-\n  （已更新）", 1),
                          encoding="utf-8")


def utcnow() -> datetime:
    """The harvester's clock: naive UTC, as ckanext-harvest's ``gather_started``."""
    return datetime.now(UTC).replace(tzinfo=None)


def test_ckan_harvester_gets_each_dataset_once_then_only_the_changed_one(
        services: Services, admin: Any, live_server: str) -> None:
    assert set(publish(services, admin, live_server).values()) == {"published"}
    harvester = CkanHarvester(live_server, margin=NO_MARGIN)
    first_started = utcnow()
    first = harvester.gather()
    assert sorted(p["name"] for p in first) == NAMES
    # Full dataset dicts in the results, as the harvester imports them without package_show.
    for pkg in first:
        shown = admin.action.package_show(id=pkg["id"])
        assert pkg == shown
        assert pkg["resources"] and all(r["hash"] for r in pkg["resources"])
    assert [p["id"] for p in first] == sorted(p["id"] for p in first)  # sort=id asc
    # One page of 100 and the empty page that ends the paging.
    assert len(harvester.requests_made) == 2

    # Small pages: the same datasets, once each, in the same order.
    for rows in (1, 2, 3):
        paged = CkanHarvester(live_server, rows=rows)
        assert [p["id"] for p in paged.gather()] == [p["id"] for p in first]
        assert len(paged.requests_made) == -(-len(NAMES) // rows) + 1

    # Organization filters, as configured on a harvest source.
    assert len(CkanHarvester(live_server, organizations_include=[ORG]).gather()) == len(NAMES)
    assert len(CkanHarvester(live_server, organizations_include=[ORG, "other-org"],
                             rows=2).gather()) == len(NAMES)
    assert CkanHarvester(live_server, organizations_include=["other-org"]).gather() == []
    assert CkanHarvester(live_server, organizations_exclude=[ORG]).gather() == []

    # Nothing changed: an incremental job finds nothing.
    assert harvester.gather(first_started) == []
    second_started = utcnow()
    # The run again: nothing new is written, so still nothing to harvest.
    assert set(publish(services, admin, live_server).values()) == {"unchanged"}
    assert harvester.gather(second_started) == []

    change_description(services, "organisation")
    outcomes = publish(services, admin, live_server)
    assert outcomes.pop("organisation") == "published"
    assert set(outcomes.values()) == {"unchanged"}
    [changed] = harvester.gather(second_started)
    assert changed["name"] == "organisation" and "（已更新）" in changed["notes"]
    for rows in (1, 3):
        paged = CkanHarvester(live_server, rows=rows, organizations_include=[ORG],
                              margin=NO_MARGIN)
        assert [p["name"] for p in paged.gather(second_started)] == ["organisation"]
    # ckanext-harvest's one-hour margin asks for more (here: everything), never twice.
    wide = CkanHarvester(live_server, rows=2).gather(second_started)
    assert sorted(p["name"] for p in wide) == NAMES


@pytest.mark.parametrize("mode", ["private", "delete"])
def test_withdrawn_dataset_is_gone_for_an_incremental_harvester(
        services: Services, admin: Any, live_server: str, mode: str) -> None:
    publish(services, admin, live_server)
    harvester = CkanHarvester(live_server, rows=2, margin=NO_MARGIN)
    before = harvester.all_ids()
    udata_before = UdataCkanBackend(live_server).harvest()
    assert set(udata_before) == before
    gone_id = admin.action.package_show(id="taxi-operators")["id"]
    started = utcnow()

    assert withdraw(admin, "taxi-operators", mode) is True
    # Not returned as live by the incremental search ...
    assert gone_id not in {p["id"] for p in harvester.gather(started)}
    # ... and missing from the id set and package_list: the deletion a harvester detects.
    after = harvester.all_ids()
    assert before - after == {gone_id} and after < before
    udata_after = UdataCkanBackend(live_server).harvest()
    assert set(udata_after) == after
    # Where the package is still shown to an anonymous caller it must not look live.
    anon = ckanapi.RemoteCKAN(live_server)
    try:
        shown = anon.action.package_show(id=gone_id)
    except (ckanapi.NotAuthorized, ckanapi.NotFound):
        pass
    else:
        assert shown["state"] == "deleted" or shown["private"], shown
    finally:
        anon.close()
    # The remaining datasets did not move: nothing else to import.
    for pkg_id in after:
        assert udata_after[pkg_id] == udata_before[pkg_id]


def test_udata_backend_gets_each_dataset_once_then_sees_only_the_changed_one(
        services: Services, admin: Any, live_server: str) -> None:
    publish(services, admin, live_server)
    backend = UdataCkanBackend(live_server)
    first = backend.harvest()
    assert sorted(p["name"] for p in first.values()) == NAMES
    # One package_list, then one package_show per dataset: nothing else.
    assert len(backend.requests_made) == 1 + len(NAMES)
    assert "package_list" in backend.requests_made[0]
    for pkg in first.values():
        assert pkg["organization"]["approval_status"] == "approved"
        assert [r["position"] for r in pkg["resources"]] == list(range(len(pkg["resources"])))
        for res in pkg["resources"]:
            assert len(res["hash"]) == 64 and res["created"]

    change_description(services, "spot-check-items")
    publish(services, admin, live_server)
    second = UdataCkanBackend(live_server).harvest()
    assert set(second) == set(first)  # same remote ids: nothing duplicated
    changed = {i for i in first if first[i] != second[i]}
    assert {first[i]["name"] for i in changed} == {"spot-check-items"}
    [pkg_id] = changed
    assert second[pkg_id]["metadata_modified"] > first[pkg_id]["metadata_modified"]


def test_dataset_turned_on_request_is_withdrawn_by_the_run_and_gone(
        services: Services, admin: Any, live_server: str) -> None:
    publish(services, admin, live_server)
    harvester = CkanHarvester(live_server, rows=3, margin=NO_MARGIN)
    before = {p["name"]: p["id"] for p in harvester.gather()}
    started = utcnow()
    descriptor = services.settings.datasets_path / "taxi-operators" / "datapackage.yaml"
    descriptor.write_text(descriptor.read_text(encoding="utf-8").replace(
        "attribute: proactive", "attribute: on_request").replace(
        'reason: ""', "reason: 涉及第三方合法权益", 1), encoding="utf-8")
    run_id = start_run(services, None, False, "test")
    outcomes = {o.dataset: o for o in execute_run(services, run_id, None, False, client=admin,
                                                  portal_url=live_server)}
    assert outcomes["taxi-operators"].outcome == "withdrawn"
    assert harvester.gather(started) == []
    assert harvester.all_ids() == set(before.values()) - {before["taxi-operators"]}
    udata = UdataCkanBackend(live_server).harvest()
    assert sorted(p["name"] for p in udata.values()) == sorted(set(NAMES) - {"taxi-operators"})
