"""``/api/v1/health``: is the service up and can it reach its database."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text

from publisher import __version__
from publisher.app import services_of

bp = Blueprint("health", __name__)


@bp.get("/api/v1/health")
def health() -> ResponseReturnValue:
    services = services_of(current_app)
    try:
        with services.db.session() as session:
            session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # health must answer, whatever the database does
        database = f"error: {type(exc).__name__}"
    status = 200 if database == "ok" else 503
    return jsonify({"status": "ok" if status == 200 else "degraded", "version": __version__,
                    "database": database}), status
