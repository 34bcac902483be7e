"""datastore_search_sql on the embedded portal: the read-only guard against injection, the
statement timeout, and only the DataStore tables of public resources; plus help_show and the
``_links`` of datastore_search."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.services import Services
from tests.portal.conftest import action_caller

pytestmark = pytest.mark.db

ROWS = [{"code": f"{i:03d}", "district": "城区" if i % 2 else "海丰县", "routes": i}
        for i in range(1, 8)]


@pytest.fixture
def call(client: FlaskClient, services: Services) -> Any:
    """Actions as an anonymous reader unless ``anon=False``."""
    return action_caller(client, services, anon_default=True)


def _table(call: Any, name: str, private: bool = False) -> str:
    org = call("organization_create", anon=False, name=f"{name}-org")
    pkg = call("package_create", anon=False, name=name, owner_org=org["id"], private=private)
    created = call("datastore_create", anon=False, resource={"package_id": pkg["id"]},
                   fields=[{"id": "code", "type": "text"}, {"id": "district", "type": "text"},
                           {"id": "routes", "type": "int"}], records=ROWS)
    return str(created["resource_id"])


@pytest.fixture
def tables(call: Any) -> tuple[str, str]:
    return _table(call, "stops"), _table(call, "hidden", private=True)


def test_select_counts_and_answers_as_ckan(call: Any, tables: tuple[str, str]) -> None:
    public, _ = tables
    sql = (f'SELECT district, count(*) AS n, sum(routes) AS routes FROM "{public}" '
           "GROUP BY district ORDER BY district")
    result = call("datastore_search_sql", sql=sql)
    assert result["sql"] == sql
    assert [f["id"] for f in result["fields"]] == ["district", "n", "routes"]
    assert result["records"] == [{"district": "城区", "n": 4, "routes": 16},
                                 {"district": "海丰县", "n": 3, "routes": 12}]
    assert "records_truncated" not in result
    joined = call("datastore_search_sql", sql=(
        f'WITH c AS (SELECT code FROM "{public}" WHERE routes > 5) '
        f'SELECT s.code FROM "{public}" s JOIN c ON c.code = s.code ORDER BY s.code'))
    assert [r["code"] for r in joined["records"]] == ["006", "007"]


@pytest.mark.parametrize(("sql", "status", "needle"), [
    ('SELECT 1; DROP TABLE "{t}"', 409, "single statement"),
    ('SELECT * FROM "{t}"; SELECT 1', 409, "single statement"),
    ('DELETE FROM "{t}"', 409, "SELECT"),
    ('UPDATE "{t}" SET routes = 0', 409, "SELECT"),
    ('INSERT INTO "{t}" (code) VALUES (\'x\')', 409, "SELECT"),
    ('DROP TABLE "{t}"', 409, "SELECT"),
    ("PRAGMA query_only = 0", 409, ""),
    ("ATTACH DATABASE 'x.db' AS x", 409, ""),
    ('SELECT * INTO copy FROM "{t}"', 409, "INTO"),
    ('SELECT * FROM "{t}" FOR UPDATE', 409, "locks"),
    ("SELECT * FROM sqlite_master", 404, "Not found"),
    ("SELECT * FROM pg_catalog.pg_tables", 403, "other schemas"),
    ("SELECT * FROM portal_package", 404, "Not found"),
    ("SELECT * FROM ds_{t}", 404, "Not found"),
    ("SELECT pg_sleep(10)", 403, "pg_sleep"),
    ("SELECT load_extension('x')", 403, "load_extension"),
    ('SELECT code FROM "{t}" WHERE code = \'\' OR 1=1 UNION SELECT name FROM portal_token', 404,
     "Not found"),
    ('SELECT code FROM "{h}"', 404, "Not found"),
    ("select from where", 409, "Invalid SQL"),
])
def test_guard_refuses(call: Any, tables: tuple[str, str], sql: str, status: int,
                       needle: str) -> None:
    public, hidden = tables
    statement = sql.format(t=public, h=hidden).replace("ds_" + public,
                                                       "ds_" + public.replace("-", ""))
    error = call("datastore_search_sql", sql=statement, status=status)
    assert needle in str(error.get("message", error))
    # Nothing was changed by a refused statement.
    rows = call("datastore_search", resource_id=public)["records"]
    assert len(rows) == len(ROWS) and {r["routes"] for r in rows} == {r["routes"] for r in ROWS}


@settings(deadline=None, max_examples=40,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tail=st.text(alphabet=";'\"-/*()= \nabcdeflmnoprstuxyz0123456789_", max_size=40))
def test_no_appended_text_changes_a_table(client: FlaskClient, call: Any,
                                          tables: tuple[str, str], tail: str) -> None:
    public, _ = tables
    sql = f'SELECT code FROM "{public}" WHERE code = \'001\'{tail}'
    reply = client.post("/api/3/action/datastore_search_sql", json={"sql": sql})
    # Answered or refused with CKAN's envelope, never a fault; and nothing changed.
    assert reply.status_code in (200, 403, 404, 409), sql
    assert reply.get_json()["success"] is (reply.status_code == 200)
    rows = call("datastore_search", resource_id=public)["records"]
    assert [r["code"] for r in rows] == [r["code"] for r in ROWS]


def test_a_runaway_statement_is_stopped(call: Any, tables: tuple[str, str], app: Any) -> None:
    app.config["PORTAL_SQL_TIMEOUT_MS"] = 200
    # An endless recursive CTE: only the timeout can end it.
    error = call("datastore_search_sql", status=409, sql=(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
        "SELECT count(*) FROM c"))
    assert "too long" in error["message"]
    assert call("datastore_search_sql", sql="SELECT 1 AS one")["records"] == [{"one": 1}]


def test_missing_sql(call: Any) -> None:
    assert call("datastore_search_sql", status=409)["sql"] == ["Missing value"]


def test_links_page_through(client: FlaskClient, call: Any, tables: tuple[str, str]) -> None:
    public, _ = tables
    first = client.get("/api/3/action/datastore_search",
                       query_string={"resource_id": public, "limit": 3}).get_json()["result"]
    links = first["_links"]
    assert links["start"] == f"/api/3/action/datastore_search?resource_id={public}&limit=3"
    seen = [r["code"] for r in first["records"]]
    url = links["next"]
    while True:
        page = client.get(url).get_json()["result"]
        if not page["records"]:
            break
        seen += [r["code"] for r in page["records"]]
        url = page["_links"]["next"]
    assert seen == [r["code"] for r in ROWS]
    posted = call("datastore_search", resource_id=public, limit=2, filters={"district": "城区"})
    following = client.get(posted["_links"]["next"]).get_json()["result"]
    assert [r["code"] for r in following["records"]] == ["005", "007"]


def test_every_help_link_resolves(client: FlaskClient, call: Any,
                                  tables: tuple[str, str]) -> None:
    for action, args in [("datastore_search", {"resource_id": tables[0]}),
                         ("package_list", {}), ("datastore_search_sql", {"sql": "SELECT 1"}),
                         ("package_show", {"id": "missing"})]:
        body = client.get(f"/api/3/action/{action}", query_string=args).get_json()
        helped = client.get(body["help"])
        assert helped.status_code == 200, action
        text = helped.get_json()["result"]
        assert isinstance(text, str) and text
    assert "_links" in call("help_show", name="datastore_search")
    assert call("help_show", name="nope", status=404)["__type"] == "Not Found Error"
