"""``GET /api/v1/health``: version, state database, and whether the portal answers."""

# apiflask's route decorators carry no type hints; the views themselves are typed.
# mypy: disable-error-code="untyped-decorator"

from __future__ import annotations

from typing import Any

import requests
from flask import current_app
from sqlalchemy import text

from publisher import __version__
from publisher.services import Services
from publisher.web import api_examples as ex
from publisher.web.blueprint import bp
from publisher.web.schemas import HealthOut
from publisher.web.services import services_of

#: 503 answers with the same body as 200, not the error shape: health always reports.
DEGRADED: dict[int | str, dict[str, str | dict[str, dict[str, Any]]]] = {503: {
    "description": "The database or the portal does not answer (same body as 200)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HealthOut"},
                                     "example": ex.HEALTH_DEGRADED}}}}


def portal_state(services: Services) -> str:
    """embedded (this app is the portal), ok, or unreachable."""
    url = services.settings.portal_url.rstrip("/")
    if not url:
        return "embedded"
    try:
        response = requests.get(f"{url}/api/3/action/status_show", timeout=3)
    except requests.RequestException:
        return "unreachable"
    return "ok" if response.ok else "unreachable"


@bp.get("/health")
@bp.output(HealthOut, example=ex.HEALTH)
@bp.doc(summary="Health", responses=DEGRADED)
def health() -> tuple[dict[str, Any], int]:
    """Version, state database and portal reachability; 503 when one of them is down."""
    services = services_of(current_app)
    try:
        with services.db.session() as session:
            session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # health must answer, whatever the database does
        database = f"error: {type(exc).__name__}"
    portal = portal_state(services)
    ok = database == "ok" and portal != "unreachable"
    return ({"status": "ok" if ok else "degraded", "version": __version__,
             "database": database, "portal": portal}, 200 if ok else 503)
