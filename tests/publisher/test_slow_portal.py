"""A portal slower than the client's patience: every DataStore write answers after the client
gave up, or not at all, though the portal did act. Loads must still end exact: each table with
exactly its release's rows, within three runs, never a duplicate refused as Validation Error.
"""

from __future__ import annotations

import uuid

import ckanapi
import pytest

from publisher.retry import Policy, PortalUnavailable
from publisher.sync import sync
from tests.publisher.test_sync import BUREAU, release_of, tables
from tests.support.faultproxy import CountingClient, FaultProxy
from tests.support.portals import portal_params

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("portal", portal_params(), indirect=True)]
WRITES = ("datastore_create", "datastore_upsert", "datastore_delete", "datastore_switch")


def test_every_datastore_write_times_out_or_loses_its_answer(portal, tmp_path):
    name = f"slow-{uuid.uuid4().hex[:8]}"
    first = release_of(tmp_path, name, tables(rows=230))
    second = release_of(tmp_path, name, tables(stop_name="改名站", rows=170),
                        (first.version, first.checksum))
    with FaultProxy(portal.url, rate=1.0, seed=3, stall=1.5, faults=("slow", "lost"),
                    actions=WRITES) as proxy:
        slow = ckanapi.RemoteCKAN(proxy.url, apikey=portal.token)
        slow.retry_policy = Policy(attempts=3, base_delay=0.01, timeout=1.0)
        for info in (first, second):
            for _ in range(3):  # three runs at most
                try:
                    sync(slow, info, BUREAU, "CC-BY-4.0", batch=50)
                    break
                except PortalUnavailable:
                    continue
            shown = portal.client.action.package_show(id=name)
            for res in shown["resources"]:
                rows = {"stops": 230 if info is first else 170, "routes": 2}[res["name"]]
                table = portal.client.action.datastore_search(resource_id=res["id"],
                                                              limit=1000)
                assert table["total"] == rows
                assert len({r["_id"] for r in table["records"]}) == rows
        assert proxy.injected["slow"] + proxy.injected["lost"] >= 10
        proxy.enabled = False
        assert sync(CountingClient(slow), second, BUREAU, "CC-BY-4.0").outcome == "unchanged"
    stops = next(r for r in portal.client.action.package_show(id=name)["resources"]
                 if r["name"] == "stops")
    table = portal.client.action.datastore_search(resource_id=stops["id"], limit=1000)
    assert {r["stop_name"] for r in table["records"] if r["stop_id"] == "0000A"} == {"改名站"}
