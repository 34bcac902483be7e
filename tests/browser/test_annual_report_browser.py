"""The annual report page and the steward register page in headless Chromium.

Over the repository's datasets with the synthetic 2018 register: the tables show the same
numbers as ``tables.json``, the page is structured like the other pages (the AUDIT script of
test_pages_browser), and a steward registers a request through the CSRF-protected form.
"""

from __future__ import annotations

import json

import pytest

from publisher.report.annual import build_report
from publisher.requests import fixtures
from publisher.web.tokens import create_token
from tests.browser.test_pages_browser import AUDIT, shot

# AUDIT and shot come from the catalogue's browser tests, so both hold pages to one standard.
pytestmark = [pytest.mark.browser, pytest.mark.db]


@pytest.fixture
def page(browser, live_server, services):
    with services.db.session() as session:
        fixtures.load(session)
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def test_the_annual_report_page_shows_the_built_tables(page, services):
    tables = json.loads(json.dumps(build_report(services, 2018).tables, ensure_ascii=False))
    page.goto("/reports/annual")
    page.get_by_role("link", name="2018年度报告").click()
    page.wait_for_url("**/reports/annual/2018")
    assert page.locator("h1").inner_text() == "汕尾市交通运输局2018年政府信息公开工作年度报告"
    assert page.evaluate(AUDIT) == []
    shot(page, "annual-report-2018")
    for row in tables["requests"]["rows"]:
        if row["values"] is None:
            continue
        cells = page.locator(f'#table-requests tr[data-row="{row["code"]}"] td').all_inner_texts()
        assert cells == [str(row["values"][c]) for c in tables["requests"]["columns"]], row["code"]
    assert page.locator(".consistency").get_attribute("data-holds") == "true"
    licences = next(r for r in tables["proactive"] if r["code"] == "licences")
    assert page.locator('#table-proactive tr[data-row="行政许可"] td').inner_text() == str(
        licences["decisions"])


def test_a_steward_registers_a_request_through_the_form(page, services):
    token = create_token(services, "steward-browser")
    page.goto("/status")
    page.get_by_label("数据管理员令牌").fill(token)
    page.get_by_role("button", name="登录").click()
    page.goto("/status/requests")
    assert page.evaluate(AUDIT) == []
    page.get_by_label("申请编号").fill("汕交依申〔2026〕1号")
    page.get_by_label("收到日期").fill("2026-09-28")
    page.get_by_label("申请人姓名或名称").fill("测试申请人己")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_url("**/status/requests/*")
    assert page.locator("h1").inner_text() == "汕交依申〔2026〕1号"
    assert page.locator("#due").inner_text() == "2026-10-30"
    assert "测试申请人己" not in page.content()
    assert page.evaluate(AUDIT) == []
