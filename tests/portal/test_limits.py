"""Configured paging limits (PortalConfig.limits) replace CKAN's defaults where CKAN's options
would; the conformance suite checks the defaults themselves against a real CKAN."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st

from publisher.portal.auth import create_token
from publisher.portal.errors import ValidationError
from publisher.portal.limits import (
    INVALID,
    NOT_INTEGER,
    NOT_NATURAL,
    OPTIONS,
    Limits,
    natural,
)
from publisher.services import Services

pytestmark = pytest.mark.db

SMALL = Limits(search_rows_max=4, search_facets_limit=2, group_and_organization_list_max=3,
               group_and_organization_list_all_fields_max=2, default_group_sort="name")


@pytest.fixture
def call(app: Flask, client: FlaskClient, services: Services) -> Any:
    app.extensions["portal"] = dataclasses.replace(app.extensions["portal"], limits=SMALL)
    with services.db.session() as session:
        token = create_token(session, "test")

    def invoke(action: str, **body: Any) -> Any:
        reply = client.post(f"/api/3/action/{action}", json=body,
                            headers={"Authorization": token})
        assert reply.status_code == 200, reply.get_json()
        return reply.get_json()["result"]

    return invoke


def test_every_limit_names_a_ckan_option() -> None:
    assert set(OPTIONS) == {f.name for f in dataclasses.fields(Limits)}
    assert all(o.startswith(("ckan.", "search.")) for o in OPTIONS.values())


def test_configured_limits_cut_pages(call: Any) -> None:
    for i in range(3):
        call("organization_create", name=f"org-{i}", title=f"Z{9 - i}")
    for i in range(6):
        call("package_create", name=f"pkg-{i}", owner_org="org-0",
             tags=[{"name": f"tag{i}"}, {"name": "common"}])
    assert len(call("package_search", rows=100)["results"]) == 4
    assert len(call("package_search")["results"]) == 4  # the default 10, cut down to 4
    assert len(call("current_package_list_with_resources", limit=100)) == 4
    assert len(call("package_list")) == 6  # CKAN sets no maximum on package_list
    facets = call("package_search", **{"facet.field": '["tags"]'})["facets"]["tags"]
    assert len(facets) == 2 and facets["common"] == 6
    assert call("organization_list", limit=10) == ["org-0", "org-1", "org-2"]
    assert len(call("organization_list", all_fields=True)) == 2


@given(value=st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8),
                       st.integers().map(str)),
       maximum=st.one_of(st.none(), st.integers(min_value=0, max_value=5000)))
def test_natural_answers_a_page_size_or_ckans_error(value: Any, maximum: int | None) -> None:
    try:
        number = natural({"rows": value}, "rows", 10, maximum=maximum)
    except ValidationError as exc:
        messages = exc.error_dict()["rows"]
        if messages[0] == INVALID:  # CKAN's capped chain adds convert_int's message
            assert messages == ([INVALID, NOT_INTEGER] if maximum is not None else [INVALID])
        else:
            assert messages == [NOT_NATURAL]
        return
    assert number is not None and number >= 0
    if maximum is not None:
        assert number <= maximum


def test_configured_datastore_limits_cut_search_and_sql(call: Any, app: Flask) -> None:
    app.extensions["portal"] = dataclasses.replace(
        app.extensions["portal"],
        limits=dataclasses.replace(SMALL, datastore_search_rows_default=3,
                                   datastore_search_rows_max=5))
    call("organization_create", name="org-ds")
    package = call("package_create", name="pkg-ds", owner_org="org-ds")["id"]
    rid = call("resource_create", package_id=package, name="t", url="")["id"]
    call("datastore_create", resource_id=rid, force=True, fields=[{"id": "n", "type": "int"}],
         records=[{"n": i} for i in range(8)])
    assert len(call("datastore_search", resource_id=rid)["records"]) == 3
    assert len(call("datastore_search", resource_id=rid, limit=5)["records"]) == 5
    assert len(call("datastore_search", resource_id=rid, limit=6)["records"]) == 5  # capped
    sql = call("datastore_search_sql", sql=f'SELECT n FROM "{rid}"')
    assert len(sql["records"]) == 5 and sql.get("records_truncated") is True
