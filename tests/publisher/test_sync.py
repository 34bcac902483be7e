"""Sync through ckanapi against each portal: exactly once, idempotent, fault-tolerant.

The same tests run on the embedded portal (always) and on a real CKAN (when
PUBLISHER_TEST_CKAN_URL and PUBLISHER_TEST_CKAN_TOKEN are set).
"""

from __future__ import annotations

import hashlib
import uuid

import pandas as pd
import pytest
import requests

from publisher.dataset import Dataset, Disclosure, Resource
from publisher.release import build_release
from publisher.retry import Policy
from publisher.sync import sync, withdraw
from tests.support.faultproxy import FAULTS, CountingClient, FaultProxy
from tests.support.portals import portal_params

BUREAU = {"name": "汕尾市交通运输局", "name_en": "Shanwei Municipal Transport Bureau",
          "portal_org": "shanwei-transport-test"}
STOPS = {"fields": [{"name": "stop_id", "type": "string"}, {"name": "stop_name", "type": "string"},
                    {"name": "stop_lat", "type": "number"}],
         "primaryKey": ["stop_id"]}
ROUTES = {"fields": [{"name": "route_id", "type": "string"},
                     {"name": "route_short_name", "type": "string"},
                     {"name": "route_type", "type": "integer"},
                     {"name": "night", "type": "boolean", "trueValues": ["是"],
                      "falseValues": ["否"]},
                     {"name": "fare", "type": "number", "groupChar": ","},
                     {"name": "start", "type": "date", "format": "%Y%m%d"}],
          "primaryKey": ["route_id"]}

pytestmark = pytest.mark.parametrize("portal", portal_params(), indirect=True)


def make_dataset(tmp_path, name: str) -> Dataset:
    res = (Resource("stops", tmp_path / "stops.csv", "csv", "s.json", STOPS, title="站点"),
           Resource("routes", tmp_path / "routes.csv", "csv", "r.json", ROUTES, title="线路"))
    return Dataset(name=name, folder=tmp_path, title="公交站点测试", description="测试数据",
                   disclosure=Disclosure("proactive", "第二十条"), department="综运科",
                   catalogue_column="公共服务", openness="服务", update_frequency="P1M",
                   review="required", resources=res, keywords=("公交", "站点"),
                   translations={"en": {"title": "Bus stops test"}})


def tables(stop_name: str = "汕尾汽车站", rows: int = 30) -> dict[str, pd.DataFrame]:
    stops = pd.DataFrame({"stop_id": [f"{i:04d}A" for i in range(rows)],
                          "stop_name": [stop_name] + [f"站点{i}" for i in range(1, rows)],
                          "stop_lat": [f"22.{780 + i}" for i in range(rows)]}, dtype="string")
    routes = pd.DataFrame({"route_id": ["001", "002"], "route_short_name": ["1路", "2路"],
                           "route_type": ["3", ""], "night": ["是", "否"],
                           "fare": ["1,002.50", "2"], "start": ["20240101", ""]},
                          dtype="string")
    return {"stops": stops, "routes": routes}


def release_of(tmp_path, name, frames, latest=None):
    return build_release(make_dataset(tmp_path, name), frames, {}, tmp_path / "releases", latest)


def test_publish_then_rerun_sends_nothing(portal, tmp_path):
    name = f"sync-{uuid.uuid4().hex[:8]}"
    info = release_of(tmp_path, name, tables())
    client = CountingClient(portal.client)
    first = sync(client, info, BUREAU, "CC-BY-4.0")
    assert first.outcome == "published" and client.writes > 0
    shown = portal.client.action.package_show(id=name)
    assert not shown["private"] and shown["num_resources"] == 2
    extras = {e["key"]: e["value"] for e in shown["extras"]}
    assert extras["release_checksum"] == info.checksum and extras["department"] == "综运科"
    stops = next(r for r in shown["resources"] if r["name"] == "stops")
    assert stops["hash"] == hashlib.sha256((info.path / "data/stops.csv").read_bytes()).hexdigest()
    # The uploaded file comes back byte-identical.
    body = requests.get(stops["url"], timeout=30).content
    assert body == (info.path / "data/stops.csv").read_bytes()
    # DataStore rows typed from the schema: codes keep their leading zeros.
    found = portal.client.action.datastore_search(resource_id=stops["id"],
                                                  filters={"stop_id": "0007A"})
    assert found["total"] == 1 and found["records"][0]["stop_id"] == "0007A"
    routes = next(r for r in shown["resources"] if r["name"] == "routes")
    got = portal.client.action.datastore_search(resource_id=routes["id"], sort="route_id")
    assert [r["route_id"] for r in got["records"]] == ["001", "002"]
    first, second = got["records"]
    assert (first["night"], second["night"]) == (True, False)
    assert float(first["fare"]) == 1002.5 and second["route_type"] is None
    assert first["start"] == "2024-01-01"  # a custom date format (%Y%m%d) arrives as a date

    modified = shown["metadata_modified"]
    again = CountingClient(portal.client)
    assert sync(again, info, BUREAU, "CC-BY-4.0").outcome == "unchanged"
    assert again.writes == 0, again.calls
    assert portal.client.action.package_show(id=name)["metadata_modified"] == modified


def test_one_changed_cell_reuploads_that_resource_only(portal, tmp_path):
    name = f"sync-{uuid.uuid4().hex[:8]}"
    first = release_of(tmp_path, name, tables())
    sync(portal.client, first, BUREAU, "CC-BY-4.0")
    before = {r["name"]: r for r in portal.client.action.package_show(id=name)["resources"]}
    second = release_of(tmp_path, name, tables(stop_name="汕尾客运站"),
                        (first.version, first.checksum))
    client = CountingClient(portal.client)
    result = sync(client, second, BUREAU, "CC-BY-4.0")
    uploads = [s for s in result.steps if s.startswith("upload")]
    assert uploads == ["upload stops"]
    after = {r["name"]: r for r in portal.client.action.package_show(id=name)["resources"]}
    assert after["stops"]["id"] == before["stops"]["id"]  # stable resource ids
    assert after["routes"]["hash"] == before["routes"]["hash"]
    assert after["stops"]["hash"] != before["stops"]["hash"]
    rows = portal.client.action.datastore_search(resource_id=after["stops"]["id"],
                                                 filters={"stop_id": "0000A"})["records"]
    assert rows[0]["stop_name"] == "汕尾客运站"


def test_dry_run_plans_and_writes_nothing(portal, tmp_path):
    name = f"sync-{uuid.uuid4().hex[:8]}"
    info = release_of(tmp_path, name, tables())
    client = CountingClient(portal.client)
    result = sync(client, info, BUREAU, "CC-BY-4.0", dry_run=True)
    assert result.outcome == "planned" and client.writes == 0
    assert result.steps[0] == f"create-package {name}"
    assert "load-datastore stops" in result.steps


def test_withdraw_hides_the_package_from_anonymous_readers(portal, tmp_path):
    import ckanapi

    name = f"sync-{uuid.uuid4().hex[:8]}"
    sync(portal.client, release_of(tmp_path, name, tables()), BUREAU, "CC-BY-4.0")
    assert withdraw(portal.client, name, "private") is True
    assert withdraw(portal.client, name, "private") is False  # already withdrawn
    anonymous = ckanapi.RemoteCKAN(portal.url)
    with pytest.raises((ckanapi.NotFound, ckanapi.NotAuthorized)):
        anonymous.action.package_show(id=name)
    assert name not in anonymous.action.package_list()


def test_faults_never_leave_duplicates_or_half_loaded_tables(portal, tmp_path):
    import ckanapi

    name = f"sync-{uuid.uuid4().hex[:8]}"
    first = release_of(tmp_path, name, tables(rows=50))
    second = release_of(tmp_path, name, tables(stop_name="改名站", rows=50),
                        (first.version, first.checksum))
    with FaultProxy(portal.url, rate=0.3, seed=11, stall=1.2) as proxy:
        flaky = ckanapi.RemoteCKAN(proxy.url, apikey=portal.token)
        flaky.retry_policy = Policy(attempts=4, base_delay=0.01, timeout=0.8)
        for info in (first, second):
            for _ in range(8):  # reruns, as an operator would after a failed run
                try:
                    sync(flaky, info, BUREAU, "CC-BY-4.0")
                    break
                except Exception:
                    continue
        proxy.enabled = False
        assert sync(CountingClient(flaky), second, BUREAU, "CC-BY-4.0").outcome == "unchanged"
    assert set(proxy.injected) <= set(FAULTS) and sum(proxy.injected.values()) > 3
    shown = portal.client.action.package_show(id=name)
    assert sorted(r["name"] for r in shown["resources"]) == ["routes", "stops"]
    matches = portal.client.action.package_search(fq=f"name:{name}", include_private=True)
    assert matches["count"] == 1
    extras = {e["key"]: e["value"] for e in shown["extras"]}
    assert extras["release_checksum"] == second.checksum
    stops = next(r for r in shown["resources"] if r["name"] == "stops")
    table = portal.client.action.datastore_search(resource_id=stops["id"], limit=1000)
    assert table["total"] == 50
    assert {r["stop_name"] for r in table["records"] if r["stop_id"] == "0000A"} == {"改名站"}


def test_a_deleted_package_comes_back_when_published_again(portal, tmp_path):
    name = f"sync-{uuid.uuid4().hex[:8]}"
    info = release_of(tmp_path, name, tables())
    sync(portal.client, info, BUREAU, "CC-BY-4.0")
    assert withdraw(portal.client, name, "delete") is True
    assert portal.client.action.package_show(id=name)["state"] == "deleted"
    assert sync(portal.client, info, BUREAU, "CC-BY-4.0").outcome == "published"
    shown = portal.client.action.package_show(id=name)
    assert shown["state"] == "active" and not shown["private"]
