"""``GET /api/v1/docs``: a self-contained page that renders the OpenAPI document.

No CDN assets: the bureau's machine may be offline, so the page is plain HTML with a few
lines of script that fetch ``openapi.json`` and list every operation with its parameters.
Script and style are static files: the Content-Security-Policy allows no inline code.
"""

# apiflask's route decorators carry no type hints; the views themselves are typed.
# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

from flask import Response, url_for

from publisher.web.blueprint import bp

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Status API</title>
<link rel="stylesheet" href="{css}"></head><body>
<h1 id="title">Status API</h1>
<p>OpenAPI document: <a href="{spec}">{spec}</a></p>
<div id="ops" data-spec="{spec}">Loading…</div>
<script src="{js}"></script></body></html>
"""


@bp.get("/docs")
@bp.doc(hide=True)
def docs() -> Response:
    """The API documentation page (HTML, no external assets)."""
    html = (PAGE.replace("{spec}", url_for("openapi.spec"))
            .replace("{css}", url_for("pages.static", filename="api-docs.css"))
            .replace("{js}", url_for("pages.static", filename="api-docs.js")))
    return Response(html, mimetype="text/html")
