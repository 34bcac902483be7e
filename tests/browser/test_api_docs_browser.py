"""The status API's docs page in headless Chromium: it renders with its own stylesheet under
the Content-Security-Policy, shows every operation and the authenticating section, and asks
nothing of any other host. The screenshot is saved to tests/artifacts/ (gitignored)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.db]


def test_docs_page_renders_offline_with_local_assets_only(browser, live_server, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operations = sum(len(item) for item in spec["paths"].values())
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    problems: list[str] = []
    page = context.new_page()
    page.on("request", lambda r: requested.append(r.url))
    failed: list[str] = []
    # The browser asks for /favicon.ico by itself; the page links none.
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400
            and not r.url.endswith("/favicon.ico") else None)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error"
            and not m.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        response = page.goto("/api/v1/docs", wait_until="networkidle")
        assert response is not None and response.status == 200
        assert page.locator("h1").inner_text().startswith(spec["info"]["title"])
        assert page.locator("#authenticating h2").inner_text() == "Authenticating"
        assert "curl -H" in page.locator("#authenticating").inner_text()
        assert page.locator("article.op").count() == operations
        # The stylesheet loaded and applied (a CSP refusal or a missing file would leave the
        # browser's default table layout).
        collapse = page.locator("table.fields").first.evaluate(
            "t => getComputedStyle(t).borderCollapse")
        assert collapse == "collapse"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=False)
        # A contents link leads to its operation.
        page.locator("nav a[href='#get-api-v1-runs']").click()
        assert page.locator("#get-api-v1-runs").is_visible()
    finally:
        context.close()
    origin = urlsplit(live_server).netloc
    assert requested and all(urlsplit(u).netloc == origin for u in requested), requested
    assert any(u.endswith("/api-docs.css") for u in requested), requested
    assert not problems, problems  # e.g. a Content-Security-Policy refusal
    assert not failed, failed
