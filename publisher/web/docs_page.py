"""``GET /api/v1/docs``: the status API's documentation, rendered on the server from its OpenAPI
document (``publisher.web.openapi_html``).

No CDN assets and no script: the bureau's machine may be offline, and the Content-Security-Policy
allows no inline code. The page is HTML with one local stylesheet: every operation with its
parameters, request and response fields and an example per response, the "Authenticating"
section (the security schemes' descriptions) and every schema.
"""

# apiflask's route decorators carry no type hints; the views themselves are typed.
# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

from typing import Any

from apiflask import APIFlask
from flask import Response, current_app, render_template, url_for

from publisher.web import openapi_html as oh
from publisher.web.blueprint import bp


def page(spec: dict[str, Any], spec_url: str) -> str:
    """The page's HTML for an OpenAPI document (needs an app context for ``url_for``)."""
    schemes = [(name, {**scheme, "html": oh.markdown(scheme.get("description"))})
               for name, scheme in spec.get("components", {}).get("securitySchemes", {}).items()]
    return render_template("api/docs.html", spec=spec, spec_url=spec_url,
                           description=oh.markdown(spec.get("info", {}).get("description")),
                           schemes=schemes, operations=oh.operations(spec),
                           components=oh.components(spec))


@bp.get("/docs")
@bp.doc(hide=True)
def docs() -> Response:
    """The API documentation page (HTML, no external assets)."""
    app: APIFlask = current_app  # type: ignore[assignment]
    spec: dict[str, Any] = app.spec  # type: ignore[assignment]
    return Response(page(spec, url_for("openapi.spec")), mimetype="text/html")
