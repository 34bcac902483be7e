"""Review (审查): a named reviewer approves, or rejects, one release's exact checksum.

A rejected release is never published: it cannot be approved afterwards, and a run reports it
``release-rejected`` until a new release (new checksum) is built and approved.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher.models import Approval, Rejection, Release
from publisher.state import audit

NO_RELEASE = "dataset %(name)s has no release yet; `publisher publish %(name)s` builds one"
NO_VERSION = "dataset %(name)s has no release %(version)s; `publisher publish %(name)s` builds one"
REJECTED = ("release %(version)s of %(name)s was rejected and can never be approved; change the "
            "data or descriptor and publish again")


class ReviewError(LookupError):
    """The release to review does not exist or was rejected (a user mistake: report it, exit 2).

    ``msgid`` and ``params`` let the command line say it in the catalogue's languages.
    """

    def __init__(self, msgid: str, **params: object) -> None:
        super().__init__(msgid % params if params else msgid)
        self.msgid = msgid
        self.params = params


def latest_release(session: Session, dataset: str) -> Release | None:
    return session.scalar(select(Release).where(Release.dataset == dataset)
                          .order_by(Release.version.desc()).limit(1))


def approve(session: Session, dataset: str, reviewer: str,
            version: int | None = None) -> Approval:
    """Record approval of a release (the newest when no version is given) and audit it."""
    release = _release(session, dataset, reviewer, version)
    if rejection_of(session, release) is not None:
        raise ReviewError(REJECTED, name=dataset, version=release.version)
    existing = approval_of(session, release)
    if existing is not None and existing.reviewer == reviewer:
        return existing
    approval = Approval(release_id=release.id, checksum=release.checksum, reviewer=reviewer)
    session.add(approval)
    audit(session, reviewer, "approve", dataset, version=release.version,
          checksum=release.checksum)
    return approval


def reject(session: Session, dataset: str, reviewer: str, reason: str,
           version: int | None = None) -> Rejection:
    """Record a reviewer's rejection of a release (the newest by default) and audit it."""
    if not reason.strip():
        raise ReviewError("a rejection needs a reason (--reason)")
    release = _release(session, dataset, reviewer, version)
    rejection = Rejection(release_id=release.id, checksum=release.checksum, reviewer=reviewer,
                          reason=reason)
    session.add(rejection)
    audit(session, reviewer, "reject", dataset, version=release.version,
          checksum=release.checksum, reason=reason)
    return rejection


def _release(session: Session, dataset: str, reviewer: str, version: int | None) -> Release:
    if not reviewer.strip():
        raise ReviewError("a reviewer name is required (--by)")
    if version is None:
        release = latest_release(session, dataset)
    else:
        release = session.scalar(select(Release).where(Release.dataset == dataset,
                                                       Release.version == version))
    if release is None:
        if version is None:
            raise ReviewError(NO_RELEASE, name=dataset)
        raise ReviewError(NO_VERSION, name=dataset, version=version)
    return release


def rejection_of(session: Session, release: Release) -> Rejection | None:
    """The rejection of exactly this release's checksum, if any."""
    return session.scalar(select(Rejection).where(Rejection.release_id == release.id,
                                                  Rejection.checksum == release.checksum)
                          .order_by(Rejection.id.desc()).limit(1))


def approval_of(session: Session, release: Release) -> Approval | None:
    """The approval of exactly this release's checksum, if any."""
    return session.scalar(select(Approval).where(Approval.release_id == release.id,
                                                 Approval.checksum == release.checksum)
                          .order_by(Approval.id.desc()).limit(1))
