"""CKAN's error types and response envelope: ``{help, success, result | error}``."""

from __future__ import annotations

from typing import Any


class ActionError(Exception):
    """An error an action returns to its caller (never a fault of the portal)."""

    status = 400
    type_name = "Bad request"

    def __init__(self, message: str = "", **detail: Any) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail

    def error_dict(self) -> dict[str, Any]:
        return {"__type": self.type_name, "message": self.message}


class NotFound(ActionError):
    status = 404
    type_name = "Not Found Error"

    def __init__(self, message: str = "Not found") -> None:
        super().__init__(message)


class NotAuthorized(ActionError):
    status = 403
    type_name = "Authorization Error"

    def __init__(self, message: str = "Access denied") -> None:
        super().__init__(message)


class ValidationError(ActionError):
    """Per-field messages, as CKAN reports them: ``{"name": ["That URL is already in use."]}``."""

    status = 409
    type_name = "Validation Error"

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__("Validation Error")
        self.errors = errors

    def error_dict(self) -> dict[str, Any]:
        return {"__type": self.type_name, **self.errors}


class BadRequest(ActionError):
    status = 400
    type_name = "Bad request"

    def error_dict(self) -> dict[str, Any]:
        return {"__type": "Bad request", "message": self.message}


def help_url(base: str, action: str) -> str:
    return f"{base}api/3/action/help_show?name={action}"


def envelope(base: str, action: str, result: Any) -> dict[str, Any]:
    return {"help": help_url(base, action), "success": True, "result": result}


def error_envelope(base: str, action: str, error: ActionError) -> dict[str, Any]:
    return {"help": help_url(base, action), "success": False, "error": error.error_dict()}


def missing(*names: str) -> ValidationError:
    return ValidationError({n: ["Missing value"] for n in names})
