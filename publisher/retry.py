"""Calls to a portal that survive passing faults: 5xx, dropped connections, timeouts.

This is the one place where ckanapi's and requests' exceptions are classified. A 4xx answer
(validation, not found, not authorised) is not retried: it is a finding for that dataset.
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

log = logging.getLogger(__name__)
T = TypeVar("T")


class PortalUnavailable(Exception):
    """The portal kept failing with transient errors after every retry."""


class PortalRejected(Exception):
    """The portal refused a call with a 4xx answer; ``kind`` is CKAN's error type."""

    def __init__(self, action: str, kind: str, detail: str) -> None:
        super().__init__(f"{action}: {kind}: {detail}")
        self.action, self.kind, self.detail = action, kind, detail


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
         sleep: Callable[[float], None] = time.sleep) -> Any:
    """``client.call_action`` with exponential backoff on transient faults.

    NotFound is re-raised as is (callers use it to learn that something is absent); other
    4xx answers become :class:`PortalRejected`.
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
            raise PortalRejected(action, kind, str(exc)[:300]) from None
        except Exception as exc:
            if not is_transient(exc):
                raise PortalRejected(action, type(exc).__name__, str(exc)[:300]) from None
            if attempt == attempts:
                raise PortalUnavailable(f"{action}: {type(exc).__name__} after {attempts} "
                                        "attempts") from None
            delay = base_delay * 2 ** (attempt - 1)
            log.warning("portal call %s failed (%s); retry %d/%d in %.1fs", action,
                        type(exc).__name__, attempt, attempts - 1, delay)
            sleep(delay)
    raise AssertionError("unreachable")
