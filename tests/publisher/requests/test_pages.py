"""The steward page of the register: signed in, CSRF-protected forms, zh-CN and en, no identity
shown back."""

from __future__ import annotations

import re

import pytest

from publisher.web.tokens import create_token

pytestmark = pytest.mark.db
NAME, ID_NUMBER = "测试申请人丁", "441502198803036666"
REF = "汕交依申〔2018〕950号"


@pytest.fixture
def signed_in(client, services):
    token = create_token(services, "steward-pages")
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/status").get_data(
        as_text=True))
    assert found is not None
    assert client.post("/status/login", data={"token": token,
                                              "csrf_token": found.group(1)}).status_code == 303
    return client


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert found, "the form carries a CSRF token"
    return found.group(1)


def form(token: str, **extra: str) -> dict[str, str]:
    return {"csrf_token": token, "reference": REF, "received": "2018-09-28", "channel": "网络",
            "applicant_type": "自然人", "content": "申请公开某站点调整材料", "name": NAME,
            "id_number": ID_NUMBER, **extra}


def test_anonymous_visitors_get_the_sign_in_page(client):
    assert client.get("/status/requests").status_code == 401
    assert client.post("/status/requests", data=form("x")).status_code == 401


def test_register_and_step_through_the_page(signed_in):
    page = signed_in.get("/status/requests?lang=zh")
    assert page.status_code == 200 and "依申请公开登记簿" in page.get_data(as_text=True)
    added = signed_in.post("/status/requests", data=form(csrf(page.get_data(as_text=True))))
    assert added.status_code == 303
    shown = signed_in.get(added.headers["Location"])
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200 and 'id="due">2018-10-31<' in html
    assert NAME not in html and ID_NUMBER not in html and "id_number, name" in html
    step = signed_in.post(added.headers["Location"] + "/steps",
                          data={"csrf_token": csrf(html), "kind": "extension",
                                "day": "2018-10-25", "approver": "办公室主任", "outcome": "",
                                "fee": "0"})
    assert step.status_code == 303
    html = signed_in.get(added.headers["Location"]).get_data(as_text=True)
    assert 'id="due">2018-11-28<' in html and "批准延期" in html
    refused = signed_in.post(added.headers["Location"] + "/steps",
                             data={"csrf_token": csrf(html), "kind": "extension",
                                   "day": "2018-10-26", "approver": "主任", "outcome": "",
                                   "fee": "0"})
    assert refused.status_code == 400 and "不能登记步骤" in refused.get_data(as_text=True)
    listing = signed_in.get("/status/requests").get_data(as_text=True)
    assert REF in listing and NAME not in listing


def test_a_post_without_its_csrf_token_is_refused(signed_in):
    signed_in.get("/status/requests")
    refused = signed_in.post("/status/requests", data=form("not-the-token"))
    assert refused.status_code == 400
    assert signed_in.get("/status/requests").get_data(as_text=True).count(REF) == 0


def test_the_page_speaks_english_too(signed_in):
    html = signed_in.get("/status/requests?lang=en").get_data(as_text=True)
    assert "Register a request" in html and "依申请公开登记簿" not in html


def test_the_annual_report_page_is_in_the_catalogue(client, runner):
    assert runner(["requests", "fixtures"]).exit_code == 0
    index = client.get("/reports/annual?lang=zh").get_data(as_text=True)
    assert "/reports/annual/2018" in index and "政府信息公开工作年度报告" in index
    page = client.get("/reports/annual/2018")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-holds="true"' in html
    assert "三、收到和处理政府信息公开申请情况" in html
    assert client.get("/reports/annual/2017").status_code == 404
