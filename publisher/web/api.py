"""The status API blueprint (``/api/v1``); its views live in the modules imported below."""

from __future__ import annotations

from typing import Any

from apiflask import APIBlueprint, APIFlask

bp = APIBlueprint("status", __name__, url_prefix="/api/v1", tag="status")


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

# Views register themselves on ``bp``; imported here so registering ``bp`` brings them all.
from publisher.web import (  # noqa: E402
    datasets_api,  # noqa: F401
    deadlines_api,  # noqa: F401
    docs_page,  # noqa: F401
    health,  # noqa: F401
    requests_api,  # noqa: F401
    runs_api,  # noqa: F401
)
