"""package_search's kept answers: reused while the catalogue is unchanged, never after a write.

Every test searches, writes (through the API, another app over the same database, or plain
SQL), and searches again: the second answer must show the write. A property test runs random
writes and searches through a caching app and a non-caching one over one database and requires
the same answers from both.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from publisher.app import create_app
from publisher.portal.config import config_of
from publisher.portal.searchcache import SearchCache, Totals, cacheable, generation
from publisher.services import Services
from tests.portal.conftest import action_caller

pytestmark = pytest.mark.db


def _names(result: dict[str, Any]) -> list[str]:
    return [p["name"] for p in result["results"]]


@pytest.fixture
def cache(app: Flask) -> SearchCache:
    return config_of(app).search_cache


@pytest.fixture
def catalogue(call: Any) -> Any:
    call("organization_create", name="bureau", title="交通运输局")
    call("organization_create", name="port", title="港口管理")
    for i, title in enumerate(["公交线路", "公交站点", "出租车许可"]):
        call("package_create", name=f"set-{i}", title=title, owner_org="bureau",
             tags=[{"name": "交通"}])
    return call


def test_the_lru_keeps_at_most_its_size() -> None:
    cache = SearchCache(2)
    for n in range(3):
        cache.put(n, Totals(n, {}))
    assert len(cache) == 2 and cache.get(0) is None
    assert cache.get(2) == Totals(2, {})
    assert cache.get(1) is not None
    cache.put(3, Totals(3, {}))  # 2 is now the least recently used
    assert cache.get(2) is None and cache.get(1) is not None
    nothing = SearchCache(0)
    nothing.put(1, Totals(1, {}))
    assert nothing.get(1) is None and len(nothing) == 0


def test_the_lru_keeps_at_most_its_budget_of_items() -> None:
    cache = SearchCache(4)  # 400 items
    page = tuple(f"id-{i}" for i in range(90))
    for n in range(4):
        cache.put(n, page)
    assert len(cache) == 4 and cache.items == 360
    cache.put("facets", Totals(1, {"tags": {f"t{i}": 1 for i in range(80)}}))
    assert cache.items <= 400 and cache.get(0) is None and cache.get("facets") is not None
    cache.put("huge", tuple(f"id-{i}" for i in range(101)))  # over a quarter: not kept
    assert cache.get("huge") is None and cache.items <= 400


def test_clock_relative_queries_are_never_kept() -> None:
    assert cacheable("公交", "organization:bureau")
    assert not cacheable("", "metadata_modified:[NOW-1DAY TO *]")
    assert not cacheable("", "", "metadata_modified:[* TO now]")


def test_a_repeated_search_is_answered_from_the_cache(catalogue: Any,
                                                      cache: SearchCache) -> None:
    first = catalogue("package_search", anon=True, q="公交", fq="organization:bureau")
    hits = cache.hits
    again = catalogue("package_search", anon=True, q="公交", fq="organization:bureau")
    assert cache.hits == hits + 2  # the totals and the page
    assert again == first and first["count"] == 2
    # The next page of the same search reuses its count: one new entry, not two.
    kept = len(cache)
    page = catalogue("package_search", anon=True, q="公交", fq="organization:bureau", rows=1,
                     start=1)
    assert len(cache) == kept + 1
    assert page["count"] == 2 and len(page["results"]) == 1


@pytest.mark.parametrize("write, query, before, after", [
    (lambda c: c("package_create", name="set-9", title="公交换乘", owner_org="bureau"),
     {"q": "公交"}, 2, 3),
    (lambda c: c("package_patch", id="set-2", title="公交出租车"), {"q": "公交"}, 2, 3),
    (lambda c: c("package_patch", id="set-0", private=True), {"q": "公交"}, 2, 1),
    (lambda c: c("package_delete", id="set-1"), {"fq": "organization:bureau"}, 3, 2),
    (lambda c: c("package_patch", id="set-0", owner_org="port"),
     {"fq": "organization:port"}, 0, 1),
    (lambda c: c("package_patch", id="set-1", tags=[{"name": "站场"}]),
     {"fq": "tags:交通"}, 3, 2),
    (lambda c: c("resource_create", package_id="set-2", name="data", format="CSV", url=""),
     {"fq": "res_format:CSV"}, 0, 1),
])
def test_every_kind_of_write_is_seen_by_the_next_search(
        catalogue: Any, write: Any, query: dict[str, str], before: int, after: int) -> None:
    assert catalogue("package_search", anon=True, **query)["count"] == before
    assert catalogue("package_search", anon=True, **query)["count"] == before  # kept
    write(catalogue)
    assert catalogue("package_search", anon=True, **query)["count"] == after


def test_a_write_by_another_app_over_the_same_database_is_seen(
        catalogue: Any, services: Services) -> None:
    assert catalogue("package_search", anon=True, q="出租车")["count"] == 1
    other = Services(services.settings)
    try:
        writer = action_caller(create_app(services=other).test_client(), other,
                               anon_default=False)
        writer("package_create", name="set-8", title="出租车运价", owner_org="bureau")
    finally:
        other.close()
    assert catalogue("package_search", anon=True, q="出租车")["count"] == 2


def test_plain_sql_on_any_watched_table_raises_the_generation(
        catalogue: Any, services: Services) -> None:
    assert _names(catalogue("package_search", anon=True, q="出租车")) == ["set-2"]
    with services.db.session() as session:
        before = generation(session)
    with services.db.session(write=True) as session:
        session.execute(text("UPDATE portal_packages SET private = :t WHERE name = 'set-2'"),
                        {"t": True})
        session.execute(text("UPDATE portal_search SET private = :t WHERE package_id = "
                             "(SELECT id FROM portal_packages WHERE name = 'set-2')"),
                        {"t": True})
    with services.db.session() as session:
        raised = generation(session)
    assert raised > before
    if services.db.engine.dialect.name == "postgresql":
        assert raised == before + 1  # once per transaction, however many rows it wrote
    assert _names(catalogue("package_search", anon=True, q="出租车")) == []
    # An organization renamed underneath (no action does it): its new name finds its packages.
    assert catalogue("package_search", anon=True, fq="organization:bureau-2")["count"] == 0
    with services.db.session(write=True) as session:
        session.execute(text("UPDATE portal_organizations SET name = 'bureau-2' "
                             "WHERE name = 'bureau'"))
    assert catalogue("package_search", anon=True, fq="organization:bureau-2")["count"] == 2


def test_private_answers_are_kept_apart_from_public_ones(catalogue: Any) -> None:
    catalogue("package_patch", id="set-0", private=True)
    assert catalogue("package_search", include_private=True, q="公交")["count"] == 2
    assert catalogue("package_search", anon=True, include_private=True, q="公交")["count"] == 1
    assert catalogue("package_search", q="公交")["count"] == 1


# Random catalogues: writes and searches through a caching app and one that keeps nothing.
_TITLES = st.sampled_from(["公交线路", "公交站点", "出租车", "港口航线", "道路执法"])
_OPS = st.lists(st.one_of(
    st.tuples(st.just("create"), _TITLES, st.sampled_from(["bureau", "port"]), st.booleans()),
    st.tuples(st.just("retitle"), st.integers(0, 5), _TITLES),
    st.tuples(st.just("private"), st.integers(0, 5), st.booleans()),
    st.tuples(st.just("delete"), st.integers(0, 5)),
    st.tuples(st.just("move"), st.integers(0, 5), st.sampled_from(["bureau", "port"])),
), min_size=1, max_size=8)
_QUERIES = [{"q": "公交"}, {"fq": "organization:port"},
            {"q": "出租车", "fq": "organization:bureau"},
            {"rows": 2, "start": 1, "sort": "name asc"}, {"include_private": True, "q": "线路"}]


def _apply(client: FlaskClient, token: str, op: tuple[Any, ...], made: list[str]) -> None:
    """One write; a write to a package deleted earlier may fail (404), as it would for anyone."""
    kind, body = op[0], {}
    if kind == "create":
        body = {"name": f"p-{len(made)}", "title": op[1], "owner_org": op[2], "private": op[3]}
        made.append(body["name"])
        action = "package_create"
    elif not made:
        return
    else:
        name = made[op[1] % len(made)]
        action = "package_delete" if kind == "delete" else "package_patch"
        body = {"id": name, **({"title": op[2]} if kind == "retitle" else
                               {"private": op[2]} if kind == "private" else
                               {"owner_org": op[2]} if kind == "move" else {})}
    reply = client.post(f"/api/3/action/{action}", json=body, headers={"Authorization": token})
    assert reply.status_code in (200, 404), reply.get_json()


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_OPS)
def test_kept_answers_equal_fresh_ones(client: FlaskClient, services: Services,
                                       ops: list[tuple[Any, ...]]) -> None:
    cached = action_caller(client, services, anon_default=False)
    other = Services(dataclasses.replace(services.settings, portal_search_cache=0))
    try:
        fresh = action_caller(create_app(services=other).test_client(), other,
                              anon_default=False)
        with services.db.session(write=True) as session:  # every example starts empty
            for table in ("portal_search", "portal_terms", "portal_packages",
                          "portal_organizations"):
                session.execute(text(f"DELETE FROM {table}"))
        for org in ("bureau", "port"):
            cached("organization_create", name=org, title=org)
        made: list[str] = []
        for op in ops:
            _apply(client, cached.token, op, made)
            for query in _QUERIES:
                assert cached("package_search", **query) == fresh("package_search", **query)
    finally:
        other.close()
