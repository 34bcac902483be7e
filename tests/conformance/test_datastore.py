"""DataStore: create with declared types and a primary key, upsert / insert / update, search
with filters, q, sort, paging, fields, distinct; leading zeros stay text; delete."""

from __future__ import annotations

import io

import pytest
from ckanapi import NotFound, ValidationError

from tests.conformance.conftest import Portal

pytestmark = pytest.mark.db

FIELDS = [{"id": "code", "type": "text"}, {"id": "name", "type": "text"},
          {"id": "district", "type": "text"}, {"id": "routes", "type": "int"},
          {"id": "length_km", "type": "numeric"}]
ROWS = [
    {"code": "0164A", "name": "汕尾站", "district": "城区", "routes": 12, "length_km": 1.5},
    {"code": "007", "name": "海丰站", "district": "海丰县", "routes": "3", "length_km": "2.25"},
    {"code": "120", "name": "陆丰站", "district": "陆丰市", "routes": 5, "length_km": 0},
]


@pytest.fixture
def table(portal: Portal) -> str:
    org = portal.org()
    pkg = portal.admin.action.package_create(name=portal.name("ds"), owner_org=org["id"])
    res = portal.admin.action.resource_create(package_id=pkg["id"], name="stops",
                                              url="https://example.invalid/stops.csv")
    with pytest.raises(ValidationError) as refused:
        portal.admin.action.datastore_create(resource_id=res["id"], fields=FIELDS)
    assert "read-only" in refused.value.error_dict
    created = portal.admin.action.datastore_create(
        resource_id=res["id"], force=True, fields=FIELDS, primary_key=["code"], records=ROWS)
    assert [(f["id"], f["type"]) for f in created["fields"]] == [
        (f["id"], f["type"]) for f in FIELDS]
    assert created["primary_key"] == ["code"]
    assert portal.admin.action.resource_show(id=res["id"])["datastore_active"] is True
    return res["id"]


def test_search_keeps_codes_as_text(portal: Portal, table: str) -> None:
    result = portal.anon.action.datastore_search(resource_id=table, filters={"code": "007"})
    assert result["total"] == 1
    row = result["records"][0]
    assert row["code"] == "007" and row["routes"] == 3 and row["length_km"] == 2.25
    assert isinstance(row["_id"], int)
    types = {f["id"]: f["type"] for f in result["fields"]}
    assert types["code"] == "text" and types["_id"] == "int"
    codes = [r["code"] for r in portal.anon.action.datastore_search(
        resource_id=table, sort="code asc")["records"]]
    assert codes == ["007", "0164A", "120"]


def test_upsert_insert_update(portal: Portal, table: str) -> None:
    ds = portal.admin.action
    ds.datastore_upsert(resource_id=table, force=True, method="upsert", records=[
        {"code": "007", "routes": 4}, {"code": "0099", "name": "新站", "routes": 1}])
    rows = {r["code"]: r for r in portal.anon.action.datastore_search(
        resource_id=table, limit=100)["records"]}
    assert set(rows) == {"0164A", "007", "120", "0099"}
    assert rows["007"]["routes"] == 4 and rows["007"]["name"] == "海丰站"
    ds.datastore_upsert(resource_id=table, force=True, method="update",
                        records=[{"code": "0099", "district": "城区"}])
    ds.datastore_upsert(resource_id=table, force=True, method="insert",
                        records=[{"code": "0100", "name": "东站"}])
    with pytest.raises(ValidationError):
        ds.datastore_upsert(resource_id=table, force=True, method="insert",
                            records=[{"code": "0100"}])
    with pytest.raises(ValidationError) as missing:
        ds.datastore_upsert(resource_id=table, force=True, method="update",
                            records=[{"code": "nope"}])
    assert "key" in missing.value.error_dict
    found = portal.anon.action.datastore_search(resource_id=table, filters={"district": "城区"})
    assert {r["code"] for r in found["records"]} == {"0164A", "0099"}


def test_search_options(portal: Portal, table: str) -> None:
    search = portal.anon.action.datastore_search
    page = search(resource_id=table, sort="routes desc", limit=2, offset=1)
    assert [r["code"] for r in page["records"]] == ["120", "007"] and page["total"] == 3
    narrow = search(resource_id=table, fields=["code", "district"], sort="code asc")
    assert [f["id"] for f in narrow["fields"]] == ["code", "district"]
    assert narrow["records"][0] == {"code": "007", "district": "海丰县"}
    assert search(resource_id=table, filters={"code": ["007", "120"]})["total"] == 2
    assert [r["code"] for r in search(resource_id=table, q="海丰站")["records"]] == ["007"]
    distinct = search(resource_id=table, fields=["district"], distinct=True,
                      sort="district asc")
    assert sorted(r["district"] for r in distinct["records"]) == ["城区", "海丰县", "陆丰市"]


def test_typed_columns_as_the_publisher_declares_them(portal: Portal) -> None:
    org = portal.org()
    pkg = portal.admin.action.package_create(name=portal.name("typed"), owner_org=org["id"])
    res = portal.admin.call_action(
        "resource_create", {"package_id": pkg["id"], "name": "t", "mimetype": "text/csv",
                            "url": "t.csv"}, files={"upload": io.BytesIO(b"code\n007\n")})
    assert res["mimetype"] == "text/csv"
    with pytest.raises(NotFound):
        portal.admin.action.datastore_delete(resource_id=res["id"], force=True)
    fields = [{"id": "code", "type": "text"}, {"id": "n", "type": "int8"},
              {"id": "x", "type": "numeric"}, {"id": "ok", "type": "bool"},
              {"id": "year", "type": "int4"}, {"id": "at", "type": "timestamp"},
              {"id": "day", "type": "date"}]
    portal.admin.action.datastore_create(resource_id=res["id"], force=True, fields=fields,
                                         primary_key=["code"])
    portal.admin.action.datastore_upsert(resource_id=res["id"], force=True, method="insert",
                                         records=[
        {"code": "007", "n": "12", "x": "12.50", "ok": "true", "year": "2026",
         "at": "2026-01-02T03:04:05+08:00", "day": "2026-01-02"},
        {"code": "0164A", "n": None, "x": None, "ok": None, "year": None, "at": None,
         "day": None}])
    found = portal.anon.action.datastore_search(resource_id=res["id"], sort="_id asc")
    assert [(f["id"], f["type"]) for f in found["fields"]] == [("_id", "int")] + [
        (f["id"], f["type"]) for f in fields]
    first, second = found["records"]
    assert first == {"_id": first["_id"], "code": "007", "n": 12, "x": 12.5, "ok": True,
                     "year": 2026, "at": "2026-01-02T03:04:05.000", "day": "2026-01-02"}
    assert second["code"] == "0164A" and second["n"] is None and second["at"] is None


def test_delete_rows_then_table(portal: Portal, table: str) -> None:
    portal.admin.action.datastore_delete(resource_id=table, force=True, filters={"code": "120"})
    assert portal.anon.action.datastore_search(resource_id=table)["total"] == 2
    portal.admin.action.datastore_delete(resource_id=table, force=True)
    with pytest.raises(NotFound):
        portal.anon.action.datastore_search(resource_id=table)
