"""The bureau's datasets with pictures, in headless Chromium: the budget bars, the bus map and
the monthly counts render with their text alternative and table; the XLSX and the CSV for Excel
download from the dataset page with Chinese column titles. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser import real_state
from tests.browser.test_pages_browser import shot

pytestmark = [pytest.mark.browser, pytest.mark.db]


@pytest.fixture
def settings_overrides(tmp_path, database_url):
    return real_state.overrides(tmp_path, database_url)


@pytest.fixture
def page(browser, live_server, services):
    real_state.build(services)
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()


def _figure_shot(page, ident: str, name: str) -> None:
    figure = page.locator(f"figure#{ident}")
    figure.scroll_into_view_if_needed()
    figure.screenshot(path=str(shot_path(name)))


def shot_path(name: str) -> Path:
    from tests.browser.test_pages_browser import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def test_budget_bars_render_with_alternative_and_table(page):
    page.goto("/datasets/budget-accounts")
    svg = page.locator("figure#view-spending-by-function svg")
    assert svg.get_attribute("role") == "img"
    desc_id = svg.get_attribute("aria-describedby")
    assert "最大值" in page.locator(f"#{desc_id}").text_content()
    assert page.locator("figure#view-spending-by-function rect.bar").count() == 33
    _figure_shot(page, "view-spending-by-function", "view-budget")
    page.locator("figure#view-spending-by-function summary").click()
    table = page.locator("figure#view-spending-by-function table")
    assert table.is_visible() and "行政运行" in table.inner_text()
    shot(page, "dataset-budget-zh")


def test_bus_map_and_monthly_counts(page):
    page.goto("/datasets/bus-network")
    assert page.locator("figure#view-network-map circle.stop").count() == 306
    assert page.locator("figure#view-network-map polyline.route").count() > 0
    _figure_shot(page, "view-network-map", "view-bus-map")
    page.goto("/datasets/penalty-decisions")
    bars = page.locator("figure#view-decisions-per-month rect.bar")
    assert bars.count() > 12
    _figure_shot(page, "view-decisions-per-month", "view-penalty-counts")
    for name, ident in [("spot-check-results", "view-checks-per-month"),
                        ("public-messages", "view-messages-per-month")]:
        page.goto(f"/datasets/{name}")
        assert page.locator(f"figure#{ident} rect.bar").count() > 12
        _figure_shot(page, ident, f"view-{name}")


def test_excel_downloads_have_chinese_titles(page, tmp_path):
    page.goto("/datasets/penalty-decisions")
    # The preview names fields by their titles, the field name on hover.
    header = page.locator("table.preview thead abbr").first
    assert header.inner_text() == "案件编号" and header.get_attribute("title") == "case_number"
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel 表格（XLSX，中文列名）").first.click()
    xlsx = info.value
    assert xlsx.suggested_filename.endswith("-decisions.xlsx")
    xlsx.save_as(tmp_path / xlsx.suggested_filename)  # openpyxl goes by the extension
    book = load_workbook(tmp_path / xlsx.suggested_filename, read_only=True)
    first = next(book.worksheets[0].iter_rows(max_row=1, values_only=True))
    book.close()  # read-only workbooks keep their file open
    assert first[:2] == ("案件编号", "处罚决定日期")
    with page.expect_download() as info:
        page.get_by_role("link", name="适用于 Excel 的 CSV（带 BOM 的 UTF-8，中文列名）").first \
            .click()
    data = Path(info.value.path()).read_bytes()
    # Excel takes a file for UTF-8 only on its byte order mark.
    encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "gbk"
    assert encoding == "utf-8-sig"
    rows = list(csv.reader(io.StringIO(data.decode(encoding), newline="")))
    assert rows[0][:2] == ["案件编号", "处罚决定日期"]
    page.goto("/datasets/budget-accounts")
    with page.expect_download() as info:
        page.get_by_role("link", name="Excel 表格（XLSX，中文列名）").first.click()
    info.value.save_as(tmp_path / "budget.xlsx")
    budget = load_workbook(tmp_path / "budget.xlsx", read_only=True)
    rows = list(budget.worksheets[0].iter_rows(values_only=True))
    budget.close()
    assert rows[0][0] == "年度" and isinstance(rows[1][-1], float | int)  # numbers stay numbers
