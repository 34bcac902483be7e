"""Calls to a portal that survive passing faults: 5xx, dropped connections, timeouts.

This is the one place where ckanapi's and requests' exceptions are classified. A 4xx answer
(validation, not found, not authorised) is not retried: it is a finding for that dataset.

Only calls that are safe to repeat are repeated. After a timeout or a dropped answer the portal
may have acted; a create or an insert sent again would then act twice. For those the caller can
pass ``landed``: a read that tells whether the call took effect. Without one, a non-idempotent
call is not repeated and :class:`PortalUncertain` tells the caller to read the portal again.
"""

from __future__ import annotations

import ast
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
from ckanapi import errors

from publisher import codes

log = logging.getLogger(__name__)
T = TypeVar("T")


codes.define(
    "portal-unavailable", stage="sync", title=("门户不可用", "Portal unavailable"),
    description="A portal call kept failing with transient errors after every retry.",
    message=("{action}：重试 {attempts} 次后仍失败（{kind}）",
             "{action}: {kind} after {attempts} attempts"),
)
codes.define(
    "portal-uncertain", stage="sync", title=("门户调用结果不明", "Portal call uncertain"),
    description="A call that must not be repeated failed in transit: it may or may not have "
                "landed, so it is not sent again.",
    message=("{action}：{kind}；未重发（可能已生效）",
             "{action}: {kind}; not repeated (it may have taken effect)"),
)


class PortalUnavailable(codes.CodedError):
    """The portal kept failing with transient errors after every retry."""


class PortalUncertain(PortalUnavailable):
    """A call that must not be repeated failed in transit: it may or may not have landed."""


class PortalRejected(Exception):
    """The portal refused a call with a 4xx answer; ``kind`` is CKAN's error type.

    ``detail`` is what the portal said, field by field (``field: message``), so a refusal
    names what was wrong instead of only "Validation Error".
    """

    def __init__(self, action: str, kind: str, detail: str) -> None:
        super().__init__(f"{action}: {kind}: {detail}")
        self.action, self.kind, self.detail = action, kind, detail


#: Actions that act again when repeated (a second package, resource or row).
CREATES = frozenset({"package_create", "resource_create", "organization_create",
                     "group_create"})


def idempotent(action: str, data: dict[str, Any] | None) -> bool:
    """Whether sending the call twice leaves the portal as sending it once."""
    data = data or {}
    if action in CREATES:
        return False
    if action == "datastore_upsert":
        return bool(data.get("method", "upsert") != "insert")
    if action == "datastore_create":
        return not data.get("records")
    return True


def refusal(exc: errors.ValidationError) -> str:
    """CKAN's error dict as ``field: message; …`` (ckanapi keeps it in ``error_dict``)."""
    found = getattr(exc, "error_dict", None)
    if not isinstance(found, dict):
        return str(exc)[:300]
    parts = []
    for key, value in found.items():
        if key == "__type":
            continue
        messages = value if isinstance(value, list) else [value]
        parts.append(f"{key}: {'; '.join(str(m) for m in messages)}")
    return " | ".join(parts)[:500] or "Validation Error"


def _status_of(exc: errors.CKANAPIError) -> int | None:
    # ckanapi puts repr([url, status, body]) in extra_msg for responses it cannot map.
    try:
        parsed = ast.literal_eval(str(exc.extra_msg))
        return int(parsed[1])
    except (ValueError, SyntaxError, TypeError, IndexError):
        return None


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        return True
    if isinstance(exc, (errors.ValidationError, errors.NotFound, errors.NotAuthorized)):
        return False
    if isinstance(exc, errors.CKANAPIError):
        status = _status_of(exc)
        return status is None or status >= 500 or status == 429
    return isinstance(exc, errors.ServerIncompatibleError)


@dataclass(frozen=True)
class Policy:
    """How patiently to talk to a portal; attach one to a client as ``retry_policy``."""

    attempts: int = 5
    base_delay: float = 0.2
    timeout: float = 30.0


def call(client: Any, action: str, data: dict[str, Any] | None = None, *,
         files: dict[str, Any] | None = None, policy: Policy | None = None,
         sleep: Callable[[float], None] = time.sleep,
         landed: Callable[[], bool] | None = None) -> Any:
    """``client.call_action`` with exponential backoff on transient faults.

    NotFound is re-raised as is (callers use it to learn that something is absent); other
    4xx answers become :class:`PortalRejected`. After a transient fault ``landed`` (if given)
    is asked first: when the call took effect, ``None`` is returned instead of sending it
    again. A non-idempotent call without ``landed`` raises :class:`PortalUncertain`.
    """
    policy = policy or getattr(client, "retry_policy", None) or Policy()
    attempts, base_delay, timeout = policy.attempts, policy.base_delay, policy.timeout
    for attempt in range(1, attempts + 1):
        try:
            if files:
                for handle in files.values():
                    handle.seek(0)
            return client.call_action(action, data or {}, files=files,
                                      requests_kwargs={"timeout": timeout})
        except errors.NotFound:
            raise
        except (errors.ValidationError, errors.NotAuthorized) as exc:
            kind = "Validation Error" if isinstance(exc, errors.ValidationError) else \
                "Authorization Error"
            detail = refusal(exc) if isinstance(exc, errors.ValidationError) else \
                str(exc)[:300]
            raise PortalRejected(action, kind, detail) from None
        except Exception as exc:
            if not is_transient(exc):
                raise PortalRejected(action, type(exc).__name__, str(exc)[:300]) from None
            if landed is not None and landed():
                log.warning("portal call %s failed (%s) but had taken effect", action,
                            type(exc).__name__)
                return None
            if landed is None and not idempotent(action, data):
                raise PortalUncertain("portal-uncertain", action=action,
                                      kind=type(exc).__name__) from None
            if attempt == attempts:
                raise PortalUnavailable("portal-unavailable", action=action,
                                        kind=type(exc).__name__, attempts=attempts) from None
            delay = base_delay * 2 ** (attempt - 1)
            log.warning("portal call %s failed (%s); retry %d/%d in %.1fs", action,
                        type(exc).__name__, attempt, attempts - 1, delay)
            sleep(delay)
    raise AssertionError("unreachable")
