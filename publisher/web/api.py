"""The status API (``/api/v1``): registers the blueprint with every view module below."""

from __future__ import annotations

import inspect
from typing import Any

from apiflask import APIFlask

# Views register themselves on ``bp``; imported here so registering ``bp`` brings them all.
from publisher.web import (
    datasets_api,  # noqa: F401
    deadlines_api,  # noqa: F401
    docs_page,  # noqa: F401
    harvest_api,  # noqa: F401
    health,  # noqa: F401
    requests_api,  # noqa: F401
    runs_api,  # noqa: F401
)
from publisher.web.api_examples import add_error_examples
from publisher.web.blueprint import bp

#: The API's own description (markdown): the first thing the docs page shows.
DESCRIPTION = """\
What is valid, published, overdue or blocked, per dataset, and the publish runs that a steward
starts. Every response is JSON; every error has one shape,
`{"error": {"code", "message", "status"}}`, and clients select on `code`, never on `message`.

Lists take `page` (from 1) and `per_page` (1 to 100) and carry `links`; lists and details carry
an `ETag`: send it back in `If-None-Match` for a `304` without a body. Keys are only ever added
to responses, never renamed or removed.
"""

#: How a caller authenticates (markdown): the scheme's description, shown under "Authenticating".
AUTHENTICATING = """\
Anonymous callers need nothing: they see the published, proactively disclosed datasets only.
Operations marked **steward token** need a *steward token*, sent on every request as
`Authorization: Bearer <token>`. There are no API sessions, cookies or keys in the query
string: the header is the only way in.

1. An operator creates the token on the server, once per person; it is printed once, and only
   its SHA-256 digest is stored in the state database:

   ```
   publisher token create zongyun-steward
   ```

2. The steward sends it with each call (`PUBLISHER_SITE_URL` is the service's base URL):

   ```
   TOKEN=...   # what "publisher token create" printed
   curl -H "Authorization: Bearer $TOKEN" "$PUBLISHER_SITE_URL/api/v1/runs"
   curl -X POST -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
        -d '{"datasets": ["bus-network"], "dry_run": true}' "$PUBLISHER_SITE_URL/api/v1/runs"
   ```

3. `publisher token revoke zongyun-steward` ends it (and every page session opened with it).

A wrong, revoked or missing token is treated as anonymous: a steward operation then answers
`401` with `WWW-Authenticate: Bearer`, and the dataset endpoints answer as for anyone else. A
portal write token (`--scope publisher`) or an admin token is not a steward token here. The
catalogue pages' sign-in (`/status/login`) opens a browser session with the same token; that
session cookie is for the pages only, and the API does not read it. Operators' endpoints
(`/api/v1/harvest`) take the same steward token; `/api/v1/health` and `/metrics` are open.
"""


def init_app(app: APIFlask) -> None:
    """Declare the steward token scheme and register the blueprint."""
    app.config["DESCRIPTION"] = DESCRIPTION
    app.config["SECURITY_SCHEMES"] = {
        "StewardToken": {"type": "http", "scheme": "bearer",
                         "description": AUTHENTICATING}}
    app.register_blueprint(bp)
    for endpoint, view in app.view_functions.items():
        spec = getattr(view, "_spec", None)
        if (endpoint.startswith(f"{bp.name}.") and spec is not None and view.__doc__
                and not spec.get("description")):
            # The whole docstring describes the operation (apiflask would drop its first line
            # whenever a summary is given, and that line is often half a sentence).
            spec["description"] = inspect.cleandoc(view.__doc__)

    @app.spec_processor
    def only_the_status_api(spec: dict[Any, Any] | str) -> dict[Any, Any] | str:
        if isinstance(spec, str):
            return spec
        # Plain Flask views of the other surfaces (portal, feeds, pages) would appear in the
        # document too; it describes the status API alone.
        spec["paths"] = {p: v for p, v in spec.get("paths", {}).items()
                         if p.startswith("/api/v1/")}
        add_error_examples(spec)
        return spec
