"""Paging defaults, maximums and their errors, as CKAN 2.12 sets them.

The values asserted are CKAN 2.12's documented defaults (ckan/config/config_declaration.yaml,
ckan/logic/schema, ckanext/datastore): package_search ``rows`` 10 and at most
``ckan.search.rows_max`` 1000, current_package_list_with_resources a page of package_search,
package_list without a maximum, ``search.facets.limit`` 50, organization_list at most
``ckan.group_and_organization_list_max`` 1000 names or ``..._all_fields_max`` 25 dicts sorted
by ``ckan.default_group_sort`` (title), datastore_search ``limit`` 100 and at most
``ckan.datastore.search.rows_max`` 32000. A real CKAN keeps what earlier runs made, so counts
are compared with what the portal itself reports, never with a fixed total.
"""

from __future__ import annotations

from typing import Any

import pytest
from ckanapi import ValidationError

from tests.conformance.conftest import Portal

pytestmark = pytest.mark.db

NATURAL = ["Must be a natural number"]
INVALID = ["Invalid integer"]
INVALID_CAPPED = ["Invalid integer", "Please enter an integer value"]


@pytest.fixture
def twelve(portal: Portal) -> dict[str, Any]:
    """Twelve public packages in an organization of their own (more than one default page)."""
    org = portal.org()
    names = [portal.admin.action.package_create(
        name=portal.name(f"page-{i:02d}"), title=f"分页测试 {i}", owner_org=org["id"],
        resources=[{"name": "data", "url": f"https://example.invalid/{i}.csv",
                    "format": "CSV"}])["name"] for i in range(12)]
    return {"org": org, "names": names, "fq": f"organization:{org['name']}"}


def _errors(exc: ValidationError) -> dict[str, Any]:
    return {k: v for k, v in exc.error_dict.items() if k != "__type"}


def test_package_search_rows(portal: Portal, twelve: dict[str, Any]) -> None:
    search = portal.anon.action.package_search
    first = search(fq=twelve["fq"])
    assert first["count"] == 12 and len(first["results"]) == 10
    assert len(search(fq=twelve["fq"], rows=5000)["results"]) == 12
    assert search(fq=twelve["fq"], rows=0)["results"] == []
    assert len(search(fq=twelve["fq"], rows=3, start=10)["results"]) == 2
    everything = search(rows=5000)
    assert len(everything["results"]) == min(everything["count"], 1000)


def test_current_package_list_is_a_page_of_search(portal: Portal,
                                                   twelve: dict[str, Any]) -> None:
    listed = portal.anon.action.current_package_list_with_resources
    assert len(listed()) == 10
    assert len(listed(limit=3)) == 3
    assert listed(limit=0) == []
    total = portal.anon.action.package_search(rows=0)["count"]
    assert len(listed(limit=5000)) == min(total, 1000)
    newest = listed(limit=4)
    assert [p["metadata_modified"] for p in newest] == sorted(
        (p["metadata_modified"] for p in newest), reverse=True)
    assert [p["id"] for p in listed(limit=2, page=2)] == [p["id"] for p in newest[2:4]]
    assert [p["id"] for p in listed(limit=2, offset=2)] == [p["id"] for p in newest[2:4]]
    assert all("resources" in p for p in newest)


def test_package_list_has_no_maximum(portal: Portal, twelve: dict[str, Any]) -> None:
    names = portal.anon.action.package_list()
    assert set(twelve["names"]) <= set(names) and names == sorted(names)
    assert portal.anon.action.package_list(limit=0) == names
    assert portal.anon.action.package_list(limit=5) == names[:5]
    assert portal.anon.action.package_list(limit=5, offset=3) == names[3:8]
    assert portal.anon.action.package_list(offset=len(names) - 2) == names[-2:]


def test_facet_limit(portal: Portal) -> None:
    org = portal.org()
    tags = [f"tag{i:02d}" for i in range(55)]
    portal.admin.action.package_create(name=portal.name("tags"), owner_org=org["id"],
                                       tags=[{"name": t} for t in tags])
    search = portal.anon.action.package_search
    fq = f"organization:{org['name']}"
    assert len(search(fq=fq, **{"facet.field": '["tags"]'})["facets"]["tags"]) == 50
    assert len(search(fq=fq, **{"facet.field": '["tags"]', "facet.limit": 5})
               ["facets"]["tags"]) == 5
    assert len(search(fq=fq, **{"facet.field": '["tags"]', "facet.limit": -1})
               ["facets"]["tags"]) == 55


def test_organization_list_limits_and_sort(portal: Portal) -> None:
    # Titles run the other way round from names: the default sort (by title) reverses them.
    names = [portal.org(f"o{i:02d}", title=f"T{25 - i:02d}")["name"] for i in range(26)]
    listed = portal.anon.action.organization_list
    assert listed(organizations=names) == names[::-1]
    assert listed(organizations=names, sort="name asc") == names
    assert listed(organizations=names, sort="title desc") == names
    full = listed(organizations=names, all_fields=True)
    assert len(full) == 25 and [o["name"] for o in full] == names[::-1][:25]
    assert len(listed(organizations=names, all_fields=True, limit=30)) == 25
    assert len(listed(organizations=names, all_fields=True, limit=5)) == 5
    assert len(listed(organizations=names, all_fields=True, limit=0)) == 26
    assert listed(organizations=names, limit=3, offset=2) == names[::-1][2:5]
    with pytest.raises(ValidationError) as refused:
        listed(sort="package_title asc")
    assert _errors(refused.value) == {"message": "Cannot sort by field `package_title`"}


def test_datastore_search_limit(portal: Portal) -> None:
    org = portal.org()
    pkg = portal.admin.action.package_create(name=portal.name("rows"), owner_org=org["id"])
    res = portal.admin.action.resource_create(package_id=pkg["id"], name="rows",
                                              url="https://example.invalid/rows.csv")
    portal.admin.action.datastore_create(
        resource_id=res["id"], force=True, fields=[{"id": "n", "type": "int"}],
        records=[{"n": i} for i in range(150)])
    search = portal.anon.action.datastore_search
    default = search(resource_id=res["id"])
    assert default["limit"] == 100 and len(default["records"]) == 100
    assert default["total"] == 150
    capped = search(resource_id=res["id"], limit=50000)
    assert capped["limit"] == 32000 and len(capped["records"]) == 150
    with pytest.raises(ValidationError) as refused:
        search(resource_id=res["id"], limit=-1)
    assert _errors(refused.value) == {"limit": NATURAL}
    with pytest.raises(ValidationError) as refused:
        search(resource_id=res["id"], limit="many")
    assert _errors(refused.value) == {"limit": INVALID_CAPPED}


@pytest.mark.parametrize(("action", "params", "errors"), [
    ("package_list", {"limit": -1}, {"limit": NATURAL}),
    ("package_list", {"offset": -1}, {"offset": NATURAL}),
    ("package_list", {"limit": "many"}, {"limit": INVALID}),
    ("current_package_list_with_resources", {"limit": -1}, {"limit": NATURAL}),
    ("current_package_list_with_resources", {"offset": -3}, {"offset": NATURAL}),
    ("current_package_list_with_resources", {"limit": "many"}, {"limit": INVALID}),
    ("current_package_list_with_resources", {"limit": 2, "page": 0},
     {"page": ["Must be a positive integer"]}),
    ("package_search", {"rows": -1}, {"rows": NATURAL}),
    ("package_search", {"rows": "many"}, {"rows": INVALID_CAPPED}),
    ("package_search", {"start": -1}, {"start": NATURAL}),
    ("package_search", {"start": "many"}, {"start": INVALID}),
    ("organization_list", {"limit": -1}, {"limit": NATURAL}),
    ("organization_list", {"offset": -1}, {"offset": NATURAL}),
])
def test_out_of_range_paging_is_a_validation_error(portal: Portal, action: str,
                                                   params: dict[str, Any],
                                                   errors: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as refused:
        getattr(portal.anon.action, action)(**params)
    assert _errors(refused.value) == errors
