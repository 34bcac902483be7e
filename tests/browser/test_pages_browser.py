"""The catalogue pages in headless Chromium: search, filter, paging, language, download, login.

Screenshots of every page, in both languages, are saved to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import published_state as ps

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.db]


@pytest.fixture
def settings_overrides(tmp_path, database_url):
    return ps.overrides(tmp_path, database_url)


@pytest.fixture
def state(services):
    return ps.build(services)


@pytest.fixture
def page(browser, live_server, state):
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def listed(page) -> list[str]:
    return [a.get_attribute("href").rsplit("/", 1)[1]
            for a in page.locator("article.card h3 a").all()]


def test_catalogue_search_and_filters(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("h1").inner_text() == "政府信息公开目录"
    assert listed(page) == ["penalty-cases", "bus-stops"]
    shot(page, "catalogue-zh")
    page.get_by_label("检索", exact=True).fill("公交")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=*")
    assert listed(page) == ["bus-stops"]
    assert "共找到 1 个数据集" in page.get_by_role("status").inner_text()
    # Filters work from the keyboard alone: Tab from the search box to the department list.
    page.get_by_label("检索", exact=True).fill("")
    page.get_by_label("检索", exact=True).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "f-department"
    page.get_by_label("责任部门").select_option("执法局")
    page.get_by_role("button", name="检索").press("Enter")
    page.wait_for_url("**department=*")
    assert listed(page) == ["penalty-cases"]
    page.get_by_label("责任部门").select_option("")
    page.get_by_label("更新频率").select_option("MONTHLY")
    page.get_by_role("button", name="检索").click()
    page.wait_for_url("**frequency=MONTHLY*")
    assert listed(page) == ["penalty-cases", "bus-stops"]


def test_language_switch_is_remembered(page):
    page.goto("/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Government information disclosure catalogue"
    shot(page, "catalogue-en")
    page.goto("/datasets/bus-stops")
    assert page.locator("h1").inner_text() == "Bus stops"
    shot(page, "dataset-en")
    page.get_by_role("link", name="中文").click()
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("h1").inner_text() == "公交站点"


def test_dataset_preview_paging_and_download(page):
    page.goto("/datasets/bus-stops")
    assert page.locator("h1").inner_text() == "公交站点"
    shot(page, "dataset-zh")
    table = page.locator("table.preview")
    assert "S0001" in table.inner_text() and "S0021" not in table.inner_text()
    page.get_by_role("link", name="下一页").click()
    page.wait_for_url("**page=2*")
    assert "S0021" in table.inner_text() and "S0001" not in table.inner_text()
    page.get_by_role("link", name="下一页").click()
    page.wait_for_url("**page=3*")
    assert "S0045" in table.inner_text()
    assert page.get_by_role("link", name="下一页").count() == 0
    with page.expect_download() as info:
        page.get_by_role("link", name="下载 bus.csv").click()
    download = info.value
    assert download.suggested_filename == "bus-stops-1-bus.csv"
    content = Path(download.path()).read_text(encoding="utf-8")
    assert content.startswith("stop_id,stop_name,district\n") and content.count("\n") == 46
    penalty = page.goto("/datasets/penalty-cases")
    assert penalty is not None and penalty.status == 200
    assert "假名化" in page.locator("#h-deid + p + table").inner_text()
    shot(page, "dataset-penalty-zh")


def test_hidden_dataset_is_not_found(page):
    response = page.goto("/datasets/personnel-files")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在"
    assert ps.HIDDEN_TITLES[0] not in page.content()


def test_status_after_login_in_both_languages(page, state):
    response = page.goto("/status")
    assert response is not None and response.status == 401
    page.get_by_label("数据管理员令牌").fill(state.token)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/status")
    assert page.locator("h1").inner_text() == "数据管理员工作台"
    assert "budget-2026" in page.locator("section", has=page.locator("#h-invalid")).inner_text()
    shot(page, "status-zh")
    page.get_by_role("link", name="English").click()
    assert page.locator("h1").inner_text() == "Steward status"
    shot(page, "status-en")
    page.get_by_role("link", name="Run 1 report").first.click()
    page.wait_for_url("**/status/runs/1*")
    assert "release-unapproved" in page.locator("table").inner_text()
    assert "Release not approved" in page.locator("table").inner_text()
    page.goto("/?lang=zh")
    assert len(listed(page)) == len(ps.PUBLIC + ps.HIDDEN)  # signed in: every dataset
    shot(page, "catalogue-steward-zh")


AUDIT = """() => {
  const problems = [];
  for (const c of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
    if (!c.labels || c.labels.length === 0) problems.push('unlabelled ' + (c.id || c.name));
  }
  let last = 0;
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const level = Number(h.tagName[1]);
    if (level > last + 1) problems.push('heading jumps to ' + h.tagName + ': ' + h.textContent);
    last = level;
  }
  if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
  for (const t of document.querySelectorAll('table')) {
    if (!t.querySelector('caption')) problems.push('table without caption');
    for (const th of t.querySelectorAll('th'))
      if (!th.getAttribute('scope')) problems.push('th without scope');
  }
  for (const role of ['header', 'nav', 'main', 'footer'])
    if (!document.querySelector(role)) problems.push('no ' + role);
  if (!document.documentElement.lang) problems.push('no lang');
  return problems;
}"""


@pytest.mark.parametrize("path", ["/", "/?lang=en", "/datasets/bus-stops",
                                  "/datasets/penalty-cases?lang=en", "/status",
                                  "/datasets/unknown"])
def test_pages_are_structured_for_assistive_technology(page, path):
    page.goto(path)
    assert page.evaluate(AUDIT) == []
    # The skip link is the first thing the keyboard reaches and leads to the main landmark.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"


def test_sign_in_cookie_flags_and_cross_origin_posts_refused(browser, live_server, state):
    context = browser.new_context(base_url=live_server)
    tab = context.new_page()
    try:
        tab.goto("/status")
        tab.get_by_label("数据管理员令牌").fill(state.token)
        tab.get_by_role("button", name="登录").click()
        tab.wait_for_url("**/status")
        [cookie] = [c for c in context.cookies() if c["name"] == "session"]
        assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax"
        assert cookie["secure"] is False  # the test site URL is http; https sets Secure
        assert state.token not in cookie["value"]
        # Another origin's page posts the sign-out form: refused, the steward stays signed in.
        attacker = context.new_page()
        attacker.set_content(f'<form method="post" action="{live_server}/status/logout">'
                             '<button type="submit">go</button></form>')
        with attacker.expect_navigation() as navigation:
            attacker.click("button")
        assert navigation.value is not None and navigation.value.status == 400
        response = tab.goto("/status")
        assert response is not None and response.status == 200
        # And a cross-origin sign-in (login CSRF) is refused as well.
        fresh = browser.new_context()
        other = fresh.new_page()
        other.set_content(f'<form method="post" action="{live_server}/status/login">'
                          f'<input name="token" value="{state.token}">'
                          '<button type="submit">go</button></form>')
        with other.expect_navigation() as navigation:
            other.click("button")
        assert navigation.value is not None and navigation.value.status == 400
        check = other.goto(f"{live_server}/status")
        assert check is not None and check.status == 401  # not signed in
        fresh.close()
    finally:
        context.close()
