"""DataStore tables: one Table object per set of fields (a new one when the fields change), and
datastore_search's one lookup of resource, table and package gives CKAN's errors."""

from __future__ import annotations

from typing import Any

import pytest

from publisher.portal.dstables import build_table

pytestmark = pytest.mark.db
RID = "0d5c1c8e-1f0a-4c8e-9b1e-6a4f2b9d7e01"


def test_a_table_is_built_once_per_set_of_fields() -> None:
    fields = [{"id": "code", "type": "text"}, {"id": "n", "type": "int"}]
    table = build_table(RID, fields, ["code"])
    assert build_table(RID, [dict(f, info={"label": "x"}) for f in fields], ["code"]) is table
    assert build_table(RID, [*fields, {"id": "m", "type": "int"}], ["code"]) is not table
    assert build_table(RID, [fields[0], {"id": "n", "type": "text"}], ["code"]) is not table
    assert build_table(RID, fields, []) is not table
    assert "m" in build_table(RID, [*fields, {"id": "m", "type": "int"}], ["code"]).c


def test_a_field_added_later_is_searched(call: Any, resource: str) -> None:
    call("datastore_create", resource_id=resource, force=True,
         fields=[{"id": "code", "type": "text"}], primary_key=["code"],
         records=[{"code": "001"}])
    first = call("datastore_search", resource_id=resource)
    assert [f["id"] for f in first["fields"]] == ["_id", "code"]
    call("datastore_create", resource_id=resource, force=True,
         fields=[{"id": "code", "type": "text"}, {"id": "name", "type": "text"}])
    call("datastore_upsert", resource_id=resource, force=True, method="upsert",
         records=[{"code": "001", "name": "汕尾站"}, {"code": "002", "name": "遮浪站"}])
    found = call("datastore_search", resource_id=resource, filters={"name": "遮浪站"})
    assert [f["id"] for f in found["fields"]] == ["_id", "code", "name"]
    assert [r["code"] for r in found["records"]] == ["002"]
    assert [r["code"] for r in call("datastore_search", resource_id=resource,
                                    q="汕尾")["records"]] == ["001"]


def test_search_errors_from_the_one_lookup(call: Any, resource: str) -> None:
    assert call("datastore_search", status=404, resource_id=resource)["__type"] == "Not Found Error"
    call("datastore_create", resource_id=resource, force=True,
         fields=[{"id": "code", "type": "text"}], records=[{"code": "001"}])
    assert call("datastore_search", anon=True, resource_id=resource)["total"] == 1
    assert call("datastore_search", status=404, resource_id=RID)["__type"] == "Not Found Error"
    call("package_patch", id="stops", private=True)
    denied = call("datastore_search", anon=True, status=403, resource_id=resource)
    assert denied["__type"] == "Authorization Error"
    assert call("datastore_search", resource_id=resource)["total"] == 1
    call("package_patch", id="stops", private=False)
    call("resource_delete", id=resource)
    assert call("datastore_search", status=404, resource_id=resource)["__type"] == "Not Found Error"
