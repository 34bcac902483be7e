"""ckanext-harvest's request sequence, identical on the embedded portal and a real CKAN 2.12.

The packages live in an organization of their own, so the harvester's organization filter
keeps a real CKAN's other packages out; see tests/harvest/test_harvesters.py for the whole
publish-then-harvest story on the embedded portal.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from tests.conformance.conftest import Portal
from tests.harvest.harvesters import CkanHarvester, udata_problems

pytestmark = pytest.mark.db


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def test_ckan_harvester_sequence(portal: Portal) -> None:
    org = portal.org()
    made = [portal.admin.action.package_create(
        name=portal.name(f"h{i}"), title=f"公交数据 {i}", owner_org=org["id"],
        resources=[{"name": "data", "url": f"https://example.invalid/{i}.csv",
                    "format": "CSV"}]) for i in range(5)]
    ids = sorted(p["id"] for p in made)

    def harvester(rows: int) -> CkanHarvester:
        return CkanHarvester(portal.url, rows=rows, organizations_include=[org["name"]],
                             margin=timedelta(0))

    for rows in (2, 100):
        first = harvester(rows).gather()
        assert [p["id"] for p in first] == ids  # sort=id asc, each once
        assert all(p["resources"][0]["url"].endswith(".csv") for p in first)

    time.sleep(0.05)
    since = _now()
    time.sleep(0.05)
    assert harvester(2).gather(since) == []
    portal.admin.action.package_patch(id=made[3]["id"], notes="已更新")
    assert [p["id"] for p in harvester(2).gather(since)] == [made[3]["id"]]

    portal.admin.action.package_delete(id=made[1]["id"])
    portal.admin.action.package_patch(id=made[2]["id"], private=True)
    assert {p["id"] for p in harvester(2).gather(since)} == {made[3]["id"]}
    assert harvester(1).all_ids() == set(ids) - {made[1]["id"], made[2]["id"]}


def test_package_show_passes_udata_schema_except_revisions(portal: Portal) -> None:
    org = portal.org()
    pkg = portal.admin.action.package_create(
        name=portal.name("u"), title="公交数据", owner_org=org["id"],
        resources=[{"name": "data", "url": "https://example.invalid/u.csv", "format": "CSV"}])
    shown = portal.anon.action.package_show(id=pkg["id"])
    problems = udata_problems(shown)
    if portal.kind == "embedded":
        assert problems == []
    else:
        # CKAN 2.12 dropped revisions; uData's schema still requires these two (docs/portal.md).
        assert problems == ["organization.revision_timestamp: missing",
                            "organization.revision_id: missing"]
