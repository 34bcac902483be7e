"""No page or download shows an anonymous visitor a hidden dataset or a raw personal value."""

from __future__ import annotations

import io
import re
from urllib.parse import urljoin, urlsplit

import pytest
from openpyxl import load_workbook

from tests.browser import published_state as ps

pytestmark = pytest.mark.db


@pytest.fixture
def settings_overrides(tmp_path, database_url):
    return ps.overrides(tmp_path, database_url)


@pytest.fixture
def state(services):
    return ps.build(services)


def _text(mimetype: str, data: bytes) -> str:
    """A response as text; an XLSX as the text of all its cells."""
    if "spreadsheetml" not in mimetype:
        return data.decode("utf-8-sig")
    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(",".join("" if v is None else str(v) for v in row)
                     for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))


def crawl(client, start: list[str]) -> dict[str, str]:
    """Every page and file reachable by following same-site links (and the starts), by URL."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue:
        url = queue.pop()
        if url in seen or len(seen) > 400:
            continue
        with client.get(url) as response:
            body = _text(response.mimetype or "", response.get_data())
        seen[url] = body
        if "html" not in (response.mimetype or ""):
            continue
        for href in re.findall(r'href="([^"#]+)', body):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            # Only this blueprint's pages and files; other surfaces have their own tests.
            if parts.netloc not in ("", "localhost") or not (
                    parts.path == "/" or parts.path.startswith(("/datasets", "/status"))):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def test_no_page_shows_hidden_datasets_or_personal_values(client, state):
    starts = ["/", "/?lang=en", "/status", "/status/runs/1"]
    for name in ps.HIDDEN:
        starts += [f"/datasets/{name}", f"/datasets/{name}?lang=en",
                   f"/datasets/{name}/releases/1/{name.split('-')[0]}.csv"]
    starts += [f"/?q={q}" for q in ("人事", "车辆", "道路", "预算", "permits", "personnel")]
    pages = crawl(client, starts)
    downloads = [u for u in pages if u.endswith(".csv")]
    assert "/datasets/penalty-cases/releases/1/penalty.csv" in downloads
    # The Excel-friendly forms are crawled too (their cells checked like every page).
    assert {"/datasets/penalty-cases/releases/1/files/penalty.xlsx",
            "/datasets/penalty-cases/releases/1/files/penalty.excel.csv"} <= set(pages)
    assert any("page=" in u for u in pages)  # the preview was paged through
    assert len(state.secrets) == 36
    for url, body in pages.items():
        for secret in state.secrets:
            assert secret not in body, f"a raw personal value in {url}"
        for name, title in zip(ps.HIDDEN, ps.HIDDEN_TITLES, strict=True):
            assert title not in body, f"hidden dataset {name} named in {url}"
            assert f"/datasets/{name}" not in body or url.startswith(f"/datasets/{name}"), url
    # The released penalty file holds pseudonyms and masks, never the source values.
    released = pages["/datasets/penalty-cases/releases/1/penalty.csv"]
    assert released.splitlines()[0] == "case_no,party_name,phone,violation"
    assert all(line.split(",")[1].startswith("P-") for line in released.splitlines()[1:])
