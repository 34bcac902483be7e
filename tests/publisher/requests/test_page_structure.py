"""The new pages hold the structure the browser tests ask of every page (one h1, no heading
jumps, captioned tables, scoped header cells, labelled controls), checked from the HTML so that
it runs where Chromium is absent too."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from publisher.requests import fixtures
from publisher.web.tokens import create_token

pytestmark = pytest.mark.db


class Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.h1 = 0
        self.last = 0
        self.tables = 0
        self.captions = 0
        self.controls: list[str] = []
        self.labels: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            level = int(tag[1])
            self.h1 += level == 1
            if level > self.last + 1:
                self.problems.append(f"heading jumps to {tag}")
            self.last = level
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th" and not a.get("scope"):
            self.problems.append("th without scope")
        elif tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.controls.append(a.get("id") or "?")
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"] or "")

    def verdict(self) -> list[str]:
        out = list(self.problems)
        if self.h1 != 1:
            out.append("not exactly one h1")
        if self.tables != self.captions:
            out.append("table without caption")
        out += [f"unlabelled {c}" for c in self.controls if c not in self.labels]
        return out


def audit(html: str) -> list[str]:
    parser = Structure()
    parser.feed(html)
    return parser.verdict()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_new_pages_are_structured(client, services, lang):
    with services.db.session() as session:
        fixtures.load(session)
    steward = {"Authorization": f"Bearer {create_token(services, 'structure')}"}
    for path, headers in (("/reports/annual", {}), ("/reports/annual/2018", {}),
                          ("/status/requests", steward),
                          ("/status/requests/汕交依申〔2018〕5号", steward)):
        answer = client.get(f"{path}?lang={lang}", headers=headers)
        assert answer.status_code == 200, path
        assert audit(answer.get_data(as_text=True)) == [], path


def test_the_audit_finds_what_it_looks_for():
    assert audit("<h1>a</h1><h3>b</h3><table><tr><th>x</th></tr></table><input id='q'>") == [
        "heading jumps to h3", "th without scope", "table without caption", "unlabelled q"]
