"""Holds: a withdrawal that lasts. Every surface hides a held dataset and runs skip it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher import codes
from publisher.models import Hold, utcnow
from publisher.state.records import audit

codes.define(
    "hold-needs-reason", stage="holds",
    title=("须说明由谁、为何", "Who and why needed"),
    description="Placing or lifting a hold needs who does it (--by) and why (--reason).",
    message=("暂停与解除暂停都须提供操作人（--by）与理由（--reason）",
             "a hold and its lifting need who does it (--by) and why (--reason)"),
)
codes.define(
    "hold-absent", stage="holds",
    title=("数据集未被暂停", "Dataset not held"),
    description="release-hold was asked for a dataset that has no hold in force.",
    message=("数据集 {dataset} 未被暂停", "dataset {dataset} is not held"),
)


class HoldError(codes.CodedError, LookupError):
    """A hold request that cannot be carried out (a user mistake: report it, exit 2)."""


def active_hold(session: Session, dataset: str) -> Hold | None:
    """The hold in force on a dataset, if any."""
    return session.scalar(select(Hold).where(Hold.dataset == dataset, Hold.lifted_at.is_(None))
                          .order_by(Hold.id.desc()).limit(1))


def active_holds(session: Session) -> dict[str, Hold]:
    """Every hold in force, by dataset name."""
    return {h.dataset: h for h in session.scalars(
        select(Hold).where(Hold.lifted_at.is_(None)).order_by(Hold.id))}


def place_hold(session: Session, dataset: str, by: str, reason: str,
               mode: str = "private") -> Hold:
    """Hold a dataset (who, when, why) and audit it; an existing hold stays as it was."""
    if not by.strip() or not reason.strip():
        raise HoldError("hold-needs-reason")
    existing = active_hold(session, dataset)
    if existing is not None:
        return existing
    hold = Hold(dataset=dataset, held_by=by, reason=reason, mode=mode)
    session.add(hold)
    audit(session, by, "hold", dataset, reason=reason, mode=mode)
    return hold


def lift_hold(session: Session, dataset: str, by: str, reason: str) -> Hold:
    """Lift the hold on a dataset and audit it; the next run may publish it again."""
    if not by.strip() or not reason.strip():
        raise HoldError("hold-needs-reason")
    hold = active_hold(session, dataset)
    if hold is None:
        raise HoldError("hold-absent", dataset=dataset)
    hold.lifted_by, hold.lift_reason, hold.lifted_at = by, reason, utcnow()
    audit(session, by, "release-hold", dataset, reason=reason, held_by=hold.held_by,
          held_reason=hold.reason)
    return hold
