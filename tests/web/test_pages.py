"""The catalogue pages through Flask's test client: access, search, filters, paging, i18n."""

from __future__ import annotations

import re

import pytest

from tests.browser import published_state as ps

pytestmark = pytest.mark.db


@pytest.fixture
def settings_overrides(tmp_path, database_url):
    return ps.overrides(tmp_path, database_url)


@pytest.fixture
def state(services):
    return ps.build(services)


def titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/datasets/([^"]+)">', html)


def test_anonymous_catalogue_lists_public_datasets_grouped_by_column(client, state):
    html = client.get("/").get_data(as_text=True)
    # Vocabulary order: 行政执法 comes before 公共服务.
    assert titles(html) == ["penalty-cases", "bus-stops"]
    assert html.index("<h2 id=\"col-1\">行政执法") < html.index("公共服务")
    assert '<html lang="zh-CN">' in html
    for title in ps.HIDDEN_TITLES:
        assert title not in html


def test_steward_sees_every_dataset_with_badges(client, state):
    html = client.get("/", headers={"Authorization": f"Bearer {state.token}"}).get_data(
        as_text=True)
    assert sorted(titles(html)) == sorted(ps.PUBLIC + ps.HIDDEN)
    assert "未公开" in html and "发布版本未审查" in html and "逾期未更新" in html
    # The badge follows the descriptor, not the (planted) proactive manifest of an old release.
    card = html[html.index('href="/datasets/personnel-files"'):]
    assert card.index("不公开") < card.index("</article>")


@pytest.mark.parametrize(("query", "expected"), [
    ({"q": "公交"}, ["bus-stops"]),
    ({"q": "bus stops"}, ["bus-stops"]),
    ({"q": "处罚"}, ["penalty-cases"]),
    ({"q": "人事档案"}, []),
    ({"department": "执法局"}, ["penalty-cases"]),
    ({"openness": "服务"}, ["bus-stops"]),
    ({"format": "csv"}, ["penalty-cases", "bus-stops"]),
    ({"frequency": "MONTHLY"}, ["penalty-cases", "bus-stops"]),
    ({"frequency": "ANNUAL"}, []),
    ({"q": "公交", "department": "执法局"}, []),
])
def test_search_and_filters(client, state, query, expected):
    assert titles(client.get("/", query_string=query).get_data(as_text=True)) == expected


def test_dataset_page_shows_metadata_reports_preview_and_api(client, state):
    html = client.get("/datasets/penalty-cases").get_data(as_text=True)
    for text in ("行政处罚案件", "主动公开", "第二十条", "校验通过", "假名化", "掩码", "删除字段",
                 "datastore_search", "RemoteCKAN", "/dataset/penalty-cases.ttl",
                 "/datasets/penalty-cases/releases/1/penalty.csv"):
        assert text in html, text
    assert "id_number" in html  # the dropped field is named in the summary, not its values
    assert not any(secret in html for secret in state.secrets)


def test_preview_pages_through_the_released_rows(client, state):
    first = client.get("/datasets/bus-stops").get_data(as_text=True)
    assert "S0001" in first and "S0021" not in first and "第 1–20 行，共 45 行" in first
    last = client.get("/datasets/bus-stops?page=3").get_data(as_text=True)
    assert "S0041" in last and "S0045" in last and "S0040" not in last
    assert "下一页" not in last and "上一页" in last
    clamped = client.get("/datasets/bus-stops?page=99").get_data(as_text=True)
    assert "S0045" in clamped


def test_interpretation_is_rendered_escaped(client, state):
    html = client.get("/datasets/bus-stops").get_data(as_text=True)
    assert "<h3>公交站点数据解读</h3>" in html and "<li>每月更新</li>" in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<strong>重点</strong>" in html


def test_hidden_and_unknown_datasets_answer_the_same_404(client, state):
    bodies = set()
    for name in (*ps.HIDDEN, "no-such-dataset"):
        response = client.get(f"/datasets/{name}")
        assert response.status_code == 404
        bodies.add(response.get_data(as_text=True).replace(name, "NAME"))
    assert len(bodies) == 1
    steward = {"Authorization": f"Bearer {state.token}"}
    assert client.get("/datasets/personnel-files", headers=steward).status_code == 200


def status_of(client, url, **kwargs) -> int:
    with client.get(url, **kwargs) as response:  # closes the file a download streams
        return response.status_code


def test_downloads_serve_only_the_published_release(client, state):
    with client.get("/datasets/bus-stops/releases/1/bus.csv") as ok:
        assert ok.status_code == 200 and ok.mimetype == "text/csv"
        assert ok.get_data(as_text=True).startswith("stop_id,stop_name,district\nS0001,")
    for url in ("/datasets/bus-stops/releases/2/bus.csv", "/datasets/bus-stops/releases/1/x.csv",
                "/datasets/road-projects/releases/1/road.csv",
                "/datasets/personnel-files/releases/1/personnel.csv"):
        assert status_of(client, url) == 404, url
    steward = {"Authorization": f"Bearer {state.token}"}
    assert status_of(client, "/datasets/road-projects/releases/1/road.csv",
                     headers=steward) == 200


def test_status_needs_a_steward_token(client, state):
    assert client.get("/status").status_code == 401
    assert client.get("/status", headers={"Authorization": "Bearer wrong"}).status_code == 401
    html = client.get("/status", headers={"Authorization": f"Bearer {state.token}"}).get_data(
        as_text=True)
    for section in ("h-invalid", "h-blocked", "h-overdue", "h-unapproved", "h-runs"):
        assert f'id="{section}"' in html
    invalid = html[html.index('id="h-invalid"'):html.index('id="h-blocked"')]
    assert "budget-2026" in invalid and "type-error" in invalid
    blocked = html[html.index('id="h-blocked"'):html.index('id="h-overdue"')]
    assert "road-projects" in blocked and "release-unapproved" in blocked
    assert "/status/runs/1#item-" in blocked
    overdue = html[html.index('id="h-overdue"'):html.index('id="h-unapproved"')]
    assert "penalty-cases" in overdue and "bus-stops" not in overdue
    unapproved = html[html.index('id="h-unapproved"'):html.index('id="h-runs"')]
    assert "publisher approve road-projects --by REVIEWER" in unapproved
    report = client.get("/status/runs/1", headers={"Authorization": f"Bearer {state.token}"})
    assert report.status_code == 200 and "validation-failed" in report.get_data(as_text=True)
    assert client.get("/status/runs/1").status_code == 401


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def test_login_form_opens_a_session(client, state):
    csrf = csrf_of(client.get("/status").get_data(as_text=True))
    bad = client.post("/status/login", data={"token": "nope", "csrf_token": csrf})
    assert bad.status_code == 401 and "令牌无效" in bad.get_data(as_text=True)
    good = client.post("/status/login", data={"token": state.token, "csrf_token": csrf})
    assert good.status_code == 303 and good.headers["Location"].endswith("/status")
    assert client.get("/status").status_code == 200
    html = client.get("/status").get_data(as_text=True)
    assert state.token not in html
    client.post("/status/logout", data={"csrf_token": csrf_of(html)})
    assert client.get("/status").status_code == 401


def test_english_switch_is_remembered(client, state):
    html = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in html and "Government information disclosure catalogue" in html
    assert "Law enforcement" in html and "Bus stops" in html
    again = client.get("/datasets/bus-stops").get_data(as_text=True)
    assert '<html lang="en">' in again and "Data preview" in again
    back = client.get("/?lang=zh").get_data(as_text=True)
    assert '<html lang="zh-CN">' in back and "政府信息公开目录" in back


def test_pages_work_under_apiflask_and_stay_out_of_the_openapi_document(services, state):
    from apiflask import APIFlask

    from publisher.web import pages

    api_app = APIFlask("publisher", spec_path="/api/v1/openapi.json", docs_path=None,
                       json_errors=False)
    api_app.extensions["publisher"] = services
    api_app.register_blueprint(pages.bp)
    assert api_app.spec["paths"] == {}
    client = api_app.test_client()
    assert titles(client.get("/").get_data(as_text=True)) == ["penalty-cases", "bus-stops"]
    assert client.get("/datasets/personnel-files").status_code == 404


def test_api_examples_use_the_portal_resource_id_when_the_portal_has_one(client, services,
                                                                         state):
    from publisher.web.tokens import create_token

    auth = {"Authorization": create_token(services, "sync", "publisher")}
    assert client.post("/api/3/action/organization_create", json={"name": "org"},
                       headers=auth).status_code == 200
    assert client.post("/api/3/action/package_create", json={"name": "bus-stops",
                       "owner_org": "org"}, headers=auth).status_code == 200
    made = client.post("/api/3/action/resource_create", json={"package_id": "bus-stops",
                       "name": "bus", "url": "http://127.0.0.1/x.csv"}, headers=auth).get_json()
    rid = made["result"]["id"]
    html = client.get("/datasets/bus-stops").get_data(as_text=True)
    assert f"datastore_search?resource_id={rid}&amp;limit=5" in html
    assert f'datastore_search(resource_id="{rid}", limit=5)' in html
