"""One publish run at a time per instance, and the recovery of runs a dead process left behind.

The lock is an advisory ``flock`` on a file in the instance folder, held for the whole run by
the process (or the service's thread) doing it. The kernel drops it when that process dies, even
by SIGKILL, so a lock never outlives its run and no stale-lock clean-up is needed. Whoever holds
the lock knows that a run still marked ``running`` in the state database belongs to a dead
process: :func:`recover` marks it ``interrupted`` and revokes the portal token it was using.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from sqlalchemy import select

from publisher import codes
from publisher.models import PublishRun, utcnow
from publisher.services import Services
from publisher.state import audit

LOCK_FILE = "publish.lock"
#: Prefix of the portal token names of runs (see publisher.portal_client.run_token_name).
TOKEN_PREFIX = "publisher run "


codes.define(
    "run-busy", stage="run",
    title=("另一发布运行进行中", "Another run is going"),
    description="Another publish run holds this instance's lock; one run at a time.",
    message=("本实例上另一发布运行正在进行{holder}；请等它结束"
             "（publisher publish --wait SECONDS）",
             "another publish run is going on this instance{holder}; wait for it to end "
             "(publisher publish --wait SECONDS)"),
)


class RunBusy(codes.CodedError, RuntimeError):
    """Another publish run holds this instance's lock."""


@dataclass
class RunLock:
    """A held lock; ``release`` is idempotent."""

    handle: IO[str] | None

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _holder(services: Services) -> str:
    try:
        text = (services.settings.instance_path / LOCK_FILE).read_text(encoding="utf-8")
    except OSError:
        return ""
    return text.strip()


def acquire(services: Services, *, wait: float = 0.0,
            sleep: Callable[[float], None] = time.sleep) -> RunLock:
    """Take the run lock, waiting up to ``wait`` seconds; RunBusy when another run keeps it."""
    path = services.settings.instance_path / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+", encoding="utf-8")
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = _holder(services)
                handle.close()
                raise RunBusy("run-busy", holder=f" ({holder})" if holder else "") from None
            sleep(min(0.5, max(deadline - time.monotonic(), 0.01)))
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}\n")
    handle.flush()
    return RunLock(handle)


def note_run(lock: RunLock, run_id: int) -> None:
    """Write the run's id beside the pid, for the message a second run gets."""
    if lock.handle is not None:
        lock.handle.seek(0)
        lock.handle.truncate()
        lock.handle.write(f"run {run_id}, pid {os.getpid()}\n")
        lock.handle.flush()


def recover(services: Services) -> list[int]:
    """Mark runs left ``running`` interrupted and revoke their tokens; call with the lock held.

    Returns the ids of the runs marked. Their datasets are brought to the state of their
    release by the next sync, which reconciles whatever a killed run left half done.
    """
    from publisher.portal.models import PortalToken

    with services.db.session(write=True) as session:
        stale = list(session.scalars(select(PublishRun).where(PublishRun.status == "running")))
        for run in stale:
            run.status = "interrupted"
            run.finished_at = utcnow()
            audit(session, "publisher", "run-interrupted", run_id=run.id)
        tokens = session.scalars(select(PortalToken).where(
            PortalToken.name.startswith(TOKEN_PREFIX), PortalToken.revoked.is_(False)))
        for token in tokens:
            token.revoked = True
        return [run.id for run in stale]
