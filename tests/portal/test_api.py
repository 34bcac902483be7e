"""The Action API through Flask's test client: GET and multipart requests, downloads, and the
parts of the contract the conformance suite does not reach."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.services import Services

pytestmark = pytest.mark.db


@pytest.fixture
def package(call: Any) -> dict[str, Any]:
    call("organization_create", name="bureau", title="交通运输局")
    return call("package_create", name="stops", title="公交站点", owner_org="bureau",  # type: ignore[no-any-return]
                tags=[{"name": "公交"}])


def test_get_with_query_parameters(client: FlaskClient, package: dict[str, Any]) -> None:
    reply = client.get("/api/3/action/package_search",
                       query_string={"q": "站点", "fq": "tags:公交",
                                     "facet.field": '["tags"]', "rows": "5"})
    body = reply.get_json()
    assert reply.status_code == 200 and body["success"] is True
    assert body["result"]["count"] == 1 and body["result"]["facets"]["tags"] == {"公交": 1}
    assert body["help"].endswith("help_show?name=package_search")


def test_bad_json_body_is_a_bad_request(client: FlaskClient) -> None:
    reply = client.post("/api/3/action/package_show", data=b"{not json",
                        content_type="application/json")
    assert reply.status_code == 400
    assert reply.get_json()["success"] is False


def test_multipart_upload_and_download(client: FlaskClient, call: Any, services: Services,
                                       package: dict[str, Any]) -> None:
    content = "编号,名称\n0164A,汕尾站\n".encode()
    reply = client.post("/api/3/action/resource_create", headers={"Authorization": call.token},
                        data={"package_id": package["id"], "name": "站点",
                              "upload": (io.BytesIO(content), "Stops 2026.csv")})
    res = reply.get_json()["result"]
    site = services.settings.site_url.rstrip("/")
    assert res["url"].startswith(f"{site}/dataset/")  # from site_url, not the Host header
    assert res["url"].endswith("/download/stops-2026.csv")
    path = res["url"].removeprefix(site)

    def fetch(url: str, **headers: str) -> tuple[int, bytes]:
        with client.get(url, headers=headers) as reply:  # closes the served file
            return reply.status_code, reply.data

    assert fetch(path) == (200, content)
    assert fetch(path.replace("stops-2026.csv", "other.csv"))[0] == 404
    assert fetch(path.replace("stops-2026.csv", "..%2Fx"))[0] == 404
    call("package_patch", id=package["id"], private=True)
    assert fetch(path)[0] == 404
    assert fetch(path, Authorization=call.token) == (200, content)


def test_deleted_packages_leave_search_and_lists(call: Any, package: dict[str, Any]) -> None:
    call("package_delete", id=package["id"])
    assert call("package_search", q="站点", include_private=True)["count"] == 0
    assert call("package_list") == []
    assert call("current_package_list_with_resources") == []
    assert call("package_show", id="stops")["state"] == "deleted"
    assert call("package_show", id="stops", anon=True, status=403)["__type"] == \
        "Authorization Error"
    assert call("tag_list") == []


def test_datastore_types(call: Any, package: dict[str, Any]) -> None:
    res = call("resource_create", package_id=package["id"], url="")
    fields = [{"id": "code", "type": "text"}, {"id": "n", "type": "int"},
              {"id": "ok", "type": "bool"}, {"id": "at", "type": "timestamp"},
              {"id": "day", "type": "date"}]
    call("datastore_create", resource_id=res["id"], force=True, fields=fields, records=[
        {"code": 7, "n": "007", "ok": "true", "at": "2026-11-26T10:00:00", "day": "2026-11-26"},
        {"code": "007", "n": 8, "ok": False, "at": None, "day": None}])
    rows = call("datastore_search", resource_id=res["id"], sort="n asc")["records"]
    assert rows[0] == {"_id": 1, "code": "7", "n": 7, "ok": True, "at": "2026-11-26T10:00:00.000",
                       "day": "2026-11-26"}
    assert rows[1]["code"] == "007"
    bad = call("datastore_upsert", resource_id=res["id"], force=True, method="insert",
               records=[{"n": "seven"}], status=409)
    assert bad["__type"] == "Validation Error" and "records" in bad
    unknown = call("datastore_search", resource_id=res["id"], filters={"nope": 1}, status=409)
    assert "filters" in unknown
    typo = call("datastore_create", resource_id=res["id"], force=True,
                fields=[{"id": "x", "type": "float9"}], status=409)
    assert "fields" in typo
    call("datastore_create", resource_id=res["id"], force=True,
         fields=[*fields, {"id": "note", "type": "text"}])
    call("datastore_upsert", resource_id=res["id"], force=True, method="insert",
         records=[{"code": "9", "note": "新增列"}])
    found = call("datastore_search", resource_id=res["id"], filters={"note": "新增列"})
    assert found["total"] == 1
    via_get = json.loads(json.dumps(found))
    assert via_get["records"][0]["code"] == "9"


def test_failed_datastore_create_can_be_retried(call: Any, package: dict[str, Any]) -> None:
    res = call("resource_create", package_id=package["id"], url="")
    fields = [{"id": "n", "type": "int"}]
    call("datastore_create", resource_id=res["id"], force=True, fields=fields,
         records=[{"n": "x"}], status=409)
    call("datastore_search", resource_id=res["id"], status=404)
    call("datastore_create", resource_id=res["id"], force=True, fields=fields,
         records=[{"n": "1"}])
    assert call("datastore_search", resource_id=res["id"])["total"] == 1
    wider = [*fields, {"id": "note", "type": "text"}]
    call("datastore_create", resource_id=res["id"], force=True, fields=wider,
         records=[{"n": "y"}], status=409)
    call("datastore_create", resource_id=res["id"], force=True, fields=wider,
         records=[{"n": 2, "note": "好"}])
    assert call("datastore_search", resource_id=res["id"], filters={"note": "好"})["total"] == 1


def test_fq_syntax(call: Any, package: dict[str, Any]) -> None:
    call("package_create", name="other", owner_org="bureau", tags=[{"name": "出租车"}])
    names = lambda fq: {r["name"] for r in call("package_search", fq=fq, rows=10)["results"]}  # noqa: E731
    assert names("-tags:公交") == {"other"}
    assert names("tags:(公交 OR 出租车)") == {"stops", "other"}
    assert names("organization:bureau AND name:other") == {"other"}
    assert names("metadata_modified:[* TO NOW]") == {"stops", "other"}
    assert names("dataset_type:dataset") == {"stops", "other"}
    assert "fq" in call("package_search", fq="color:red", status=409)


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               max_size=20)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(TEXT, min_size=1, max_size=5))
def test_text_fields_round_trip_exactly(call: Any, package: dict[str, Any],
                                        values: list[str]) -> None:
    """Whatever a text column receives (leading zeros, digits, Chinese) comes back unchanged."""
    res = call("resource_create", package_id=package["id"], url="")
    call("datastore_create", resource_id=res["id"], force=True,
         fields=[{"id": "v", "type": "text"}], records=[{"v": v} for v in values])
    rows = call("datastore_search", resource_id=res["id"], limit=10)["records"]
    assert [r["v"] for r in rows] == values
