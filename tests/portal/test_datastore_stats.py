"""The stored row count behind an unfiltered search's ``total``, and PostgreSQL's statistics
after a bulk load; on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from publisher.portal.dstables import table_name
from publisher.services import Services

pytestmark = pytest.mark.db
FIELDS = [{"id": "code", "type": "int"}, {"id": "name", "type": "text"}]


def _stored(services: Services, rid: str) -> int | None:
    with services.db.engine.connect() as conn:
        return conn.execute(text("SELECT rows FROM portal_datastore_stats WHERE table_name = :t"),
                            {"t": table_name(rid)}).scalar()


def _total(call: Any, rid: str) -> int:
    return int(call("datastore_search", resource_id=rid, limit=1)["total"])


def _rows(codes: list[int]) -> list[dict[str, Any]]:
    return [{"code": c, "name": f"站{c}"} for c in codes]


#: One write: (method, codes). "delete" removes the codes given, by a filter on each.
OPERATION = st.tuples(st.sampled_from(["insert", "upsert", "update", "delete"]),
                      st.lists(st.integers(0, 30), min_size=1, max_size=8, unique=True))


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(OPERATION, max_size=8))
def test_the_total_is_the_number_of_rows_after_any_writes(call: Any, resource: str,
                                                          operations: list[Any]) -> None:
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         primary_key=["code"], records=[])
    held: set[int] = set()
    try:
        assert _total(call, resource) == 0
        for method, codes in operations:
            if method == "insert":
                codes = [c for c in codes if c not in held]
                if codes:
                    call("datastore_upsert", resource_id=resource, force=True, method="insert",
                         records=_rows(codes))
                held |= set(codes)
            elif method == "upsert":
                call("datastore_upsert", resource_id=resource, force=True, method="upsert",
                     records=_rows(codes))
                held |= set(codes)
            elif method == "update":
                codes = [c for c in codes if c in held]
                if codes:
                    call("datastore_upsert", resource_id=resource, force=True, method="update",
                         records=_rows(codes))
            else:
                for c in codes:
                    call("datastore_delete", resource_id=resource, force=True,
                         filters={"code": c})
                held -= set(codes)
            assert _total(call, resource) == len(held), (method, codes)
            # A filtered search counts, whatever is stored.
            some = sorted(held)[:1]
            if some:
                found = call("datastore_search", resource_id=resource, filters={"code": some[0]})
                assert found["total"] == 1
    finally:
        call("datastore_delete", resource_id=resource, force=True)


def test_inserts_keep_the_count_an_upsert_forgets_it(call: Any, resource: str,
                                                    services: Services) -> None:
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         primary_key=["code"], records=_rows([1, 2, 3]))
    assert _stored(services, resource) == 3
    call("datastore_upsert", resource_id=resource, force=True, method="insert",
         records=_rows([4, 5]))
    assert _stored(services, resource) == 5
    call("datastore_upsert", resource_id=resource, force=True, method="upsert",
         records=_rows([5, 6]))
    assert _stored(services, resource) is None
    assert _total(call, resource) == 6
    call("datastore_delete", resource_id=resource, force=True)
    assert _stored(services, resource) is None


def test_a_switched_in_table_is_counted_once(call: Any, resource: str,
                                             services: Services) -> None:
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         primary_key=["code"], records=_rows([1]))
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         primary_key=["code"], stage=True)
    call("datastore_upsert", resource_id=resource, force=True, method="upsert", stage=True,
         records=_rows(list(range(10, 17))))
    assert _total(call, resource) == 1  # readers still see the live table
    call("datastore_switch", resource_id=resource, force=True)
    assert _stored(services, resource) == 7
    assert _total(call, resource) == 7
    with services.db.engine.connect() as conn:
        left = conn.execute(text("SELECT count(*) FROM portal_datastore_stats")).scalar()
    assert left == 1  # the staging table's count went with it


def test_postgresql_has_statistics_right_after_a_bulk_load(call: Any, resource: str,
                                                           services: Services) -> None:
    if services.db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite plans an equality filter without statistics")
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         primary_key=["code"], records=[])
    call("datastore_upsert", resource_id=resource, force=True, method="insert",
         records=_rows(list(range(2000))))
    with services.db.engine.connect() as conn:
        believed = conn.execute(text("SELECT reltuples FROM pg_class WHERE oid = "
                                     "CAST(:t AS regclass)"),
                                {"t": f'"{table_name(resource)}"'}).scalar()
    assert believed == 2000
