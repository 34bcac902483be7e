"""The API docs page (``/api/v1/docs``): rendered on the server from the OpenAPI document, every
operation with its fields and examples, the authenticating section, markdown as HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_spec

from publisher.web import openapi_html

pytestmark = pytest.mark.db


class Collect(HTMLParser):
    """Operations (article data-method/data-path), ids, and every src/href on the page."""

    def __init__(self) -> None:
        super().__init__()
        self.operations: set[tuple[str, str]] = set()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "article" and found.get("data-path"):
            self.operations.add((str(found["data-method"]), str(found["data-path"])))
        for name in ("src", "href"):
            if found.get(name):
                self.links.append(str(found[name]))


@pytest.fixture
def spec(client) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/api/v1/openapi.json").get_json()
    return body


@pytest.fixture
def html(client) -> str:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    text: str = response.get_data(as_text=True)
    return text


def parsed(html: str) -> Collect:
    found = Collect()
    found.feed(html)
    return found


def bodies(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(where, media object) of every JSON request and response body of the document."""
    out = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            media = op.get("requestBody", {}).get("content", {}).get("application/json")
            if media is not None:
                out.append((f"{method} {path} request", media))
            for status, response in op["responses"].items():
                media = response.get("content", {}).get("application/json")
                if media is not None:
                    out.append((f"{method} {path} {status}", media))
    return out


def test_the_openapi_document_is_valid(spec):
    validate_spec(spec)


def test_the_page_lists_every_operation_of_the_document(spec, html):
    page = parsed(html)
    wanted = {(method, path) for path, item in spec["paths"].items() for method in item}
    assert len(wanted) >= 9
    assert page.operations == wanted
    for op in openapi_html.operations(spec):
        assert f'href="#{op.anchor}"' in html  # in the contents too
        for param in op.parameters:
            assert f"<code>{param.name}</code>" in html


def test_every_schema_linked_from_the_page_is_on_it(spec, html):
    page = parsed(html)
    for name in spec["components"]["schemas"]:
        assert f"schema-{name}" in page.ids
    targets = [link[1:] for link in page.links if link.startswith("#")]
    assert targets and all(t in page.ids for t in targets)


def test_the_page_has_no_external_assets(html):
    page = parsed(html)
    assert "<script" not in html
    assert page.links
    assert all(link.startswith(("/", "#")) for link in page.links), page.links


def test_the_authenticating_section_says_how(html):
    section = html[html.index('<section id="authenticating">'):]
    section = section[:section.index("</section>")]
    assert "<h2>Authenticating</h2>" in section
    assert "Authorization: Bearer" in section
    assert "publisher token create" in section
    assert re.search(r"curl -H &quot;Authorization: Bearer \$TOKEN&quot;", section)
    assert "401" in section


def test_every_body_has_an_example_that_its_schema_accepts(spec):
    found = bodies(spec)
    assert len(found) >= 20
    for where, media in found:
        assert "example" in media, where
        # The schema with the document's components beside it, so its $refs resolve.
        schema = {**media["schema"], "components": spec["components"]}
        validator = OAS30Validator(schema, format_checker=OAS30Validator.FORMAT_CHECKER)
        errors = [e.message for e in validator.iter_errors(media["example"])]
        assert not errors, (where, errors)


def test_a_wrong_example_is_refused(spec):
    # The check above bites: a missing required key and an unknown one are errors.
    media = spec["paths"]["/api/v1/health"]["get"]["responses"]["200"]["content"][
        "application/json"]
    schema = {**media["schema"], "components": spec["components"]}
    wrong = {**media["example"], "surprise": 1}
    del wrong["version"]
    assert len(list(OAS30Validator(schema).iter_errors(wrong))) == 2


def test_every_response_with_a_body_shows_its_example(spec, html):
    examples = sum(1 for where, _ in bodies(spec))
    assert html.count('<pre class="example">') == examples


def test_markdown_is_rendered_not_shown_raw(spec, html):
    # Docstrings and field descriptions use code spans; the page shows them as <code>.
    assert "``" not in html
    assert "<code>all=true</code>" in html
    assert "<code>publisher withdraw</code>" in html
    assert "<strong>steward token</strong>" in html
    assert "**" not in html


def test_raw_html_in_a_description_is_shown_not_run():
    assert "<script>" not in openapi_html.markdown("a <script>x()</script> b")
    assert "&lt;script&gt;" in openapi_html.markdown_inline("<script>")


def test_nullable_nested_schemas_are_labelled_with_their_schema(spec):
    rows = {f.name: f for f in openapi_html.fields(spec, {"$ref": "#/components/schemas/"
                                                              "DatasetOut"})}
    assert rows["hold"].ref == "HoldOut" and rows["hold"].nullable
    assert rows["deadlines"].type == "array of DeadlineOut"
    assert rows["name"].required and not rows["name"].nullable
