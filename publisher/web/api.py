"""The status API (``/api/v1``): registers the blueprint with every view module below."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask

# Views register themselves on ``bp``; imported here so registering ``bp`` brings them all.
from publisher.web import (
    datasets_api,  # noqa: F401
    deadlines_api,  # noqa: F401
    docs_page,  # noqa: F401
    health,  # noqa: F401
    runs_api,  # noqa: F401
)
from publisher.web.blueprint import bp


def init_app(app: APIFlask) -> None:
    """Declare the steward token scheme and register the blueprint."""
    app.config["SECURITY_SCHEMES"] = {
        "StewardToken": {"type": "http", "scheme": "bearer",
                         "description": "A steward token: Authorization: Bearer <token>"}}
    app.register_blueprint(bp)

    @app.spec_processor
    def only_the_status_api(spec: dict[Any, Any] | str) -> dict[Any, Any] | str:
        if isinstance(spec, str):
            return spec
        # Plain Flask views of the other surfaces (portal, feeds, pages) would appear in the
        # document too; it describes the status API alone.
        spec["paths"] = {p: v for p, v in spec.get("paths", {}).items()
                         if p.startswith("/api/v1/")}
        return spec
