"""Staged DataStore loads: readers see the old table or the new one, never a half-loaded one;
a batch is all its rows or none."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.db
FIELDS = [{"id": "code", "type": "text"}, {"id": "n", "type": "int"}]


def rows(call: Any, rid: str) -> list[tuple[str, int]]:
    found = call("datastore_search", anon=True, resource_id=rid, limit=1000)
    return sorted((r["code"], r["n"]) for r in found["records"])


def load(call: Any, rid: str, n: int, *, switch: bool = True, stage: bool = True) -> None:
    call("datastore_create", resource_id=rid, force=True, fields=FIELDS, primary_key=["code"],
         stage=stage)
    for start in range(0, 30, 10):
        call("datastore_upsert", resource_id=rid, force=True, stage=stage, method="upsert",
             records=[{"code": f"{i:03d}", "n": n} for i in range(start, start + 10)])
        if stage and start == 10:
            # Mid-load: anonymous readers still see the live table whole.
            staged = call("datastore_search", resource_id=rid, stage=True, limit=0)
            assert staged["total"] == 20
    if switch:
        call("datastore_switch", resource_id=rid, force=True, datastore_hash=f"h{n}")


def test_readers_see_the_old_table_until_the_switch(call, resource):
    load(call, resource, 1)
    assert rows(call, resource) == [(f"{i:03d}", 1) for i in range(30)]
    load(call, resource, 2, switch=False)  # a load cut short: never switched
    assert rows(call, resource) == [(f"{i:03d}", 1) for i in range(30)]
    load(call, resource, 3)
    assert rows(call, resource) == [(f"{i:03d}", 3) for i in range(30)]
    shown = call("resource_show", anon=True, id=resource)
    assert shown["datastore_hash"] == "h3" and shown["datastore_active"]


def test_staging_needs_a_token_and_a_switch_needs_a_staged_table(call, resource):
    load(call, resource, 1)
    call("datastore_search", anon=True, status=403, resource_id=resource, stage=True)
    call("datastore_switch", status=404, resource_id=resource, force=True)


def test_a_refused_batch_leaves_no_row_of_it(call, resource):
    call("datastore_create", resource_id=resource, force=True, fields=FIELDS,
         primary_key=["code"])
    call("datastore_upsert", resource_id=resource, force=True, method="insert",
         records=[{"code": "001", "n": 1}])
    error = call("datastore_upsert", status=409, resource_id=resource, force=True,
                 method="insert", records=[{"code": "002", "n": 1}, {"code": "003", "n": 1},
                                           {"code": "001", "n": 2}])
    assert "row 2" in str(error)
    assert rows(call, resource) == [("001", 1)]
