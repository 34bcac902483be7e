"""A bounded fuzz of every portal action: whatever the parameters, anonymous or with a write
token, the answer is CKAN's envelope and never a 5xx (issue 15: 61 anonymous 500s)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.portal import api as _registers_the_actions  # noqa: F401
from publisher.portal.context import ACTIONS
from publisher.portal.params import MAX_DEPTH
from publisher.services import Services
from publisher.web import tokens

pytestmark = pytest.mark.db

# The parameter names the actions read, and some they do not.
KEYS = ["id", "name", "name_or_id", "package_id", "resource_id", "owner_org", "title", "notes",
        "url", "q", "fq", "fq_list", "sort", "rows", "start", "limit", "offset", "fields",
        "filters", "records", "resource", "resources", "tags", "extras", "private", "state",
        "include_private", "facet", "facet.field", "facet.limit", "facet.mincount", "fl",
        "force", "method", "primary_key", "indexes", "distinct", "include_total",
        "all_fields", "organizations", "query", "include_datasets", "format", "mimetype",
        "upload", "clear_upload", "metadata_modified", "type", "x"]
TEXT = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["\ud800", "a\x00b", "../../x", "*:*", "tags:x", "stops", "bureau",
                     "name asc", "[1]", "{}", '["tags"]', "Infinity", "-1", "9" * 30]),
)
SCALAR = st.one_of(
    st.none(), st.booleans(), TEXT,
    st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
    st.sampled_from([2 ** 63, -(2 ** 63) - 1, 0, -1, 1000]),
    st.floats(allow_nan=True, allow_infinity=True),
)
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS + ["a"]), inner,
                                                 max_size=3)), max_leaves=8)
# The values that broke the portal before, drawn often so that a bounded run meets them.
NASTY = st.sampled_from([2 ** 63, -(2 ** 63) - 1, 10 ** 30, float("inf"), float("nan"),
                         "\ud800", "x\x00", {}, [], [[[[[]]]]], {"a": {"b": "\ud800"}},
                         "9223372036854775808", "[1, {}]", "{"])
PARAMS = st.dictionaries(st.sampled_from(KEYS), st.one_of(NASTY, NASTY, VALUE), max_size=5)


def deep(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = [value]
    return value


@pytest.fixture
def writer(client: FlaskClient, services: Services) -> str:
    token = tokens.create_token(services, "fuzz", "publisher")
    headers = {"Authorization": token}
    for action, body in (("organization_create", {"name": "bureau"}),
                         ("package_create", {"name": "stops", "owner_org": "bureau"})):
        assert client.post(f"/api/3/action/{action}", json=body,
                           headers=headers).status_code == 200
    return token


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_no_action_answers_5xx(client: FlaskClient, writer: str, action: str) -> None:
    @settings(max_examples=30, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(params=PARAMS, anonymous=st.booleans(), form=st.booleans())
    def check(params: dict[str, Any], anonymous: bool, form: bool) -> None:
        headers = {} if anonymous else {"Authorization": writer}
        url = f"/api/3/action/{action}"
        if form:
            data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
            data = {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
                    for k, v in data.items()}
            reply = client.post(url, data=data, headers=headers)
        else:
            reply = client.post(url, data=json.dumps(params), headers=headers,
                                content_type="application/json")
        assert reply.status_code < 500, (action, params, reply.get_data(as_text=True)[:300])
        body = reply.get_json()
        assert isinstance(body, dict) and body["success"] is (reply.status_code == 200)

    check()


def test_nesting_past_the_limit_is_a_validation_error(client: FlaskClient) -> None:
    reply = client.post("/api/3/action/package_search", json={"q": deep(MAX_DEPTH + 1)})
    assert reply.status_code == 409
    assert reply.get_json()["error"]["__type"] == "Validation Error"
