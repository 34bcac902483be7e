"""DataStore indexes: the primary key's unique index, ``indexes`` of datastore_create, the
full-text index behind ``q`` (kept in step by upserts and deletes, Chinese found as a LIKE scan
finds it) and keyset paging through ``_links.next``; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from publisher.portal.dstables import table_name
from publisher.services import Services

pytestmark = pytest.mark.db
FIELDS = [{"id": "code", "type": "text"}, {"id": "name", "type": "text"},
          {"id": "district", "type": "text"}, {"id": "n", "type": "int"}]
UNIQUE = "Cannot insert records or create index because of uniqueness constraint"


def _sql(services: Services, statement: str, **params: Any) -> list[Any]:
    with services.db.engine.connect() as conn:
        return list(conn.execute(text(statement), params).all())


def index_definitions(services: Services, rid: str) -> list[str]:
    """The CREATE INDEX statements (or index definitions) the database holds for the table."""
    name = table_name(rid)
    if services.db.engine.dialect.name == "postgresql":
        return [r[0] for r in _sql(services, "SELECT indexdef FROM pg_indexes WHERE "
                                   "schemaname = current_schema() AND tablename = :t", t=name)]
    rows = _sql(services, "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = :t", t=name)
    out = []
    for index, sql in rows:
        cols = [r[2] for r in _sql(services, f'PRAGMA index_info("{index}")')]
        unique = _sql(services, f'PRAGMA index_list("{name}")')
        is_unique = any(u[1] == index and u[2] for u in unique)
        out.append(f"{'UNIQUE ' if is_unique else ''}INDEX ({', '.join(cols)}) {sql or ''}")
    return out


def has_full_text_index(services: Services, rid: str) -> bool:
    name = table_name(rid)
    if services.db.engine.dialect.name == "postgresql":
        return any("gin" in d and "_full_text" in d for d in index_definitions(services, rid))
    return bool(_sql(services, "SELECT 1 FROM sqlite_master WHERE name = :n AND sql LIKE "
                     "'%fts5%'", n=f"{name}_fts"))


def codes(result: dict[str, Any]) -> list[str]:
    return sorted(r["code"] for r in result["records"])


def test_create_makes_the_primary_key_declared_and_full_text_indexes(call, resource, services):
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         primary_key=["code"], indexes=["district", ["district", "n"]])
    defs = index_definitions(services, resource)
    postgres = services.db.engine.dialect.name == "postgresql"
    unique = [d for d in defs if d.startswith("UNIQUE") or "UNIQUE INDEX" in d]
    assert any("code" in d for d in unique), defs
    assert any(("(district)" in d) for d in defs), defs
    assert any(("(district, n)" in d) for d in defs), defs
    assert has_full_text_index(services, resource)
    if postgres:
        assert any("USING gin (_full_text)" in d for d in defs)
    # Asking again for an index it has adds nothing; a new one is added to the live table.
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         indexes="district,name")
    again = index_definitions(services, resource)
    assert len(again) == len(defs) + 1 and any("(name)" in d for d in again)


def test_indexes_must_name_fields_and_are_bounded(call, resource):
    error = call("datastore_create", status=409, resource_id=resource, force=True,
                 fields=FIELDS, indexes=["nope"])
    assert error["indexes"] == ['field "nope" not in fields']
    many = [["code", "name", "district", "n"][: 1 + i % 4] + [str(i)] for i in range(11)]
    fields = FIELDS + [{"id": str(i)} for i in range(11)]
    error = call("datastore_create", status=409, resource_id=resource, force=True,
                 fields=fields, indexes=many)
    assert error["indexes"] == ["at most 10 indexes per table"]


def test_a_repeated_primary_key_is_refused_as_ckan_refuses_it(call, resource):
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         primary_key=["code"], records=[{"code": "007", "name": "海丰站"}])
    error = call("datastore_upsert", status=409, resource_id=resource, force=True,
                 method="insert", records=[{"code": "008"}, {"code": "007"}])
    assert error["__type"] == "Validation Error"
    assert error["constraints"] == [UNIQUE]
    assert error["info"]["pgcode"] == "23505"
    assert "row 1" in error["records"][0] and "007" not in str(error)
    error = call("datastore_create", status=409, resource_id=resource, force=True,
                 fields=FIELDS, records=[{"code": "009"}, {"code": "009"}])
    assert error["constraints"] == [UNIQUE]
    assert codes(call("datastore_search", resource_id=resource)) == ["007"]


def test_full_text_follows_upserts_updates_and_deletes(call, resource):
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         primary_key=["code"], records=[
             {"code": "001", "name": "汕尾站", "district": "城区", "n": 1},
             {"code": "002", "name": "海丰站", "district": "海丰县", "n": 2},
             {"code": "003", "name": "陈明路口", "district": "城区", "n": 3}])

    def q(word: str) -> list[str]:
        return codes(call("datastore_search", anon=True, resource_id=resource, q=word))

    assert q("汕尾") == ["001"] and q("海丰") == ["002"] and q("城区") == ["001", "003"]
    assert q("陈明") == ["003"] and q("站") == ["001", "002"] and q("尾站") == ["001"]
    assert q("汕尾 城区") == ["001"] and q("汕尾 海丰") == []
    call("datastore_upsert", resource_id=resource, force=True, method="upsert",
         records=[{"code": "001", "name": "红海湾站", "district": "城区", "n": 1}])
    assert q("汕尾") == [] and q("红海湾") == ["001"]
    # An upsert of some fields keeps the others searchable.
    call("datastore_upsert", resource_id=resource, force=True, method="upsert",
         records=[{"code": "002", "n": 20}, {"code": "004", "name": "陆丰站"}])
    assert q("海丰站") == ["002"] and q("陆丰") == ["004"] and q("20") == ["002"]
    call("datastore_upsert", resource_id=resource, force=True, method="update",
         records=[{"code": "003", "district": "陆河县"}])
    assert q("城区") == ["001"] and q("陆河") == ["003"] and q("陈明") == ["003"]
    call("datastore_delete", resource_id=resource, force=True, filters={"code": "003"})
    assert q("陈明") == [] and q("陆河") == []
    assert call("datastore_search", resource_id=resource, q="站")["total"] == 3


def test_staged_loads_keep_their_indexes_through_the_switch(call, resource, services):
    for round_ in range(2):
        call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
             primary_key=["code"], indexes=["district"], stage=True)
        call("datastore_upsert", resource_id=resource, force=True, stage=True,
             method="upsert", records=[{"code": f"{i:03d}", "name": f"汕尾{round_}号站",
                                        "district": "城区"} for i in range(5)])
        call("datastore_switch", resource_id=resource, force=True)
        found = call("datastore_search", anon=True, resource_id=resource, q=f"{round_}号")
        assert found["total"] == 5
        assert call("datastore_search", anon=True, resource_id=resource,
                    q=f"{1 - round_}号")["total"] == 0
        defs = index_definitions(services, resource)
        assert any("(district)" in d for d in defs) and has_full_text_index(services, resource)
    call("datastore_delete", resource_id=resource, force=True)
    assert not _sql(services, "SELECT 1 FROM sqlite_master WHERE name LIKE :n",
                    n=f"{table_name(resource)}%") \
        if services.db.engine.dialect.name == "sqlite" else True


def test_a_table_from_before_full_text_gets_its_index_on_the_next_write(call, resource,
                                                                       services):
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         primary_key=["code"], records=[{"code": "001", "name": "汕尾站"},
                                        {"code": "002", "name": "遮浪站"}])
    name = table_name(resource)
    with services.db.engine.begin() as conn:  # as the table was before this change
        if conn.dialect.name == "sqlite":
            for trigger in ("ad", "au"):
                conn.execute(text(f'DROP TRIGGER "{name}_fts_{trigger}"'))
            conn.execute(text(f'DROP TABLE "{name}_fts"'))
        conn.execute(text(f'ALTER TABLE "{name}" DROP COLUMN _full_text'))
    assert not has_full_text_index(services, resource)
    # A scan answers until then.
    assert codes(call("datastore_search", resource_id=resource, q="汕尾")) == ["001"]
    call("datastore_upsert", resource_id=resource, force=True, method="upsert",
         records=[{"code": "003", "name": "汕尾港"}])
    assert has_full_text_index(services, resource)
    assert codes(call("datastore_search", resource_id=resource, q="汕尾")) == ["001", "003"]
    assert codes(call("datastore_search", resource_id=resource, q="遮浪")) == ["002"]


def test_filters_compare_typed_values(call, resource):
    call("datastore_create", resource_id=resource, force=True,
         fields=[*FIELDS, {"id": "ok", "type": "bool"}], primary_key=["code"],
         records=[{"code": "007", "n": 5, "ok": True}, {"code": "7", "n": 50, "ok": False}])
    search = call
    assert codes(search("datastore_search", resource_id=resource, filters={"n": "5"})) == ["007"]
    assert codes(search("datastore_search", resource_id=resource, filters={"n": [5, 50]})) \
        == ["007", "7"]
    assert codes(search("datastore_search", resource_id=resource,
                        filters={"ok": "true"})) == ["007"]
    assert codes(search("datastore_search", resource_id=resource, filters={"code": 7})) == ["7"]
    assert search("datastore_search", resource_id=resource, filters={"n": "five"})["total"] == 0


def _walk(client: FlaskClient, first: str) -> tuple[list[Any], list[str]]:
    seen: list[Any] = []
    links = []
    url = first
    while True:
        page = client.get(url).get_json()["result"]
        if not page["records"]:
            return seen, links
        seen += page["records"]
        url = page["_links"]["next"]
        links.append(url)


@pytest.mark.parametrize("sort", [None, "_id desc", "code", "code desc"])
def test_keyset_next_links_walk_the_table_exactly_once(call, resource, client, sort):
    rows = [{"code": f"C{i:04d}", "name": "汕尾站" if i % 3 else "海丰站", "n": i % 7}
            for i in range(537)]
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         primary_key=["code"], records=rows)
    query = f"resource_id={resource}&limit=50" + (f"&sort={sort}" if sort else "")
    seen, links = _walk(client, f"/api/3/action/datastore_search?{query}")
    assert len(seen) == 537 and len({r["code"] for r in seen}) == 537
    assert all("cursor" in parse_qs(urlsplit(link).query) for link in links)
    key = "_id" if sort is None or sort.startswith("_id") else "code"
    expected = sorted((r[key] for r in seen), reverse=bool(sort and "desc" in sort))
    assert [r[key] for r in seen] == expected
    # Offsets in the links agree with the pages they lead to.
    third = client.get(links[1]).get_json()["result"]
    plain = call("datastore_search", resource_id=resource, limit=50, offset=100,
                 **({"sort": sort} if sort else {}))
    assert third["records"] == plain["records"] and third["offset"] == 100
    # With a filter and q, the walk yields exactly the matching rows.
    narrowed = urlencode({"q": "海丰", "filters": '{"n": 3}'})
    seen, _ = _walk(client, f"/api/3/action/datastore_search?{query}&{narrowed}")
    assert sorted(r["code"] for r in seen) == sorted(
        r["code"] for i, r in enumerate(rows) if i % 3 == 0 and i % 7 == 3)


def test_a_cursor_needs_a_keyed_sort(call, resource):
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         primary_key=["code"], records=[{"code": "1", "name": "a"}])
    error = call("datastore_search", status=409, resource_id=resource, sort="name",
                 cursor="a")
    assert "cursor" in error
    page = call("datastore_search", resource_id=resource, sort="name")
    assert "cursor" not in page["_links"]["next"]


CJK = "汕尾海丰陆河城区陈林明华站路口"
VALUE = st.text(alphabet=CJK + "abK1 -_%", max_size=12)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(VALUE, VALUE), min_size=1, max_size=12),
       word=st.text(alphabet=CJK, min_size=1, max_size=3))
def test_q_finds_chinese_as_a_like_scan_does(call, package, services, rows, word):
    rid = call("resource_create", package_id=package, name="t", url="")["id"]
    call("datastore_create", resource_id=rid, force=True,
         fields=[{"id": "code", "type": "int"}, {"id": "name"}, {"id": "district"}],
         records=[{"code": i, "name": a, "district": b} for i, (a, b) in enumerate(rows)])
    found = call("datastore_search", resource_id=rid, q=word, limit=100)
    scan = _sql(services, f'SELECT code FROM "{table_name(rid)}" WHERE name LIKE :w '
                "OR district LIKE :w", w=f"%{word}%")
    assert sorted(r["code"] for r in found["records"]) == sorted(r[0] for r in scan)
    assert found["total"] == len(scan)
