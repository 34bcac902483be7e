"""The status API's error handlers, all in one place, and its one error shape.

Every error under ``/api/v1`` (and ``/metrics``) answers
``{"error": {"code": "not-found", "message": "…", "status": 404}}``, plus ``detail`` for
invalid input. ``code`` is stable kebab-case: clients select on it, never on the message.
Other surfaces (the portal's CKAN envelope, the HTML pages) keep their own errors.
"""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask, HTTPError
from flask import request
from werkzeug.exceptions import HTTPException

PREFIXES = ("/api/v1", "/metrics")

CODES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "invalid-request",
    429: "too-many-requests",
    500: "internal-error",
    503: "unavailable",
}

#: The OpenAPI schema of the error shape (documented on every operation's error responses).
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "status"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "object"},
            },
        }
    },
}


def api_error(status: int, message: str, code: str | None = None,
              headers: dict[str, str] | None = None) -> HTTPError:
    """An error to raise from a view; ``code`` defaults to the status's code."""
    return HTTPError(status, message=message, headers=headers,
                     extra_data={"code": code or CODES.get(status, "error")})


def error_body(error: HTTPError) -> tuple[dict[str, Any], int, Any]:
    code = error.extra_data.get("code") or CODES.get(error.status_code, "error")
    body: dict[str, Any] = {"code": code, "message": str(error.message),
                            "status": error.status_code}
    if error.detail:
        body["detail"] = error.detail
    return {"error": body}, error.status_code, error.headers


def init_app(app: APIFlask) -> None:
    """Route apiflask's errors and werkzeug's (under the API prefixes) to the one shape."""
    app.config["HTTP_ERROR_SCHEMA"] = ERROR_SCHEMA
    app.config["VALIDATION_ERROR_SCHEMA"] = ERROR_SCHEMA
    app.error_processor(error_body)

    @app.errorhandler(HTTPException)
    def werkzeug_error(exc: HTTPException) -> Any:
        if not request.path.startswith(PREFIXES):
            return exc  # other surfaces: Flask's default page, or their own handlers
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        status = exc.code or 500
        message = exc.description if status != 500 else "internal error"
        return error_body(HTTPError(status, message=str(message or exc.name), headers=headers))
