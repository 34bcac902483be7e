"""State database models (SQLAlchemy 2.x). Migrations live in ``publisher/migrations``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import DeclarativeBase, Mapped, Mapper, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class DatasetRow(Base):
    """What the publisher last saw of a declared dataset."""

    __tablename__ = "datasets"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    attribute: Mapped[str] = mapped_column(String(20), default="")
    department: Mapped[str] = mapped_column(String(100), default="")
    catalogue_column: Mapped[str] = mapped_column(String(100), default="")
    openness: Mapped[str] = mapped_column(String(20), default="")
    update_frequency: Mapped[str] = mapped_column(String(50), default="")
    check_state: Mapped[str] = mapped_column(String(20), default="unknown")
    check_findings: Mapped[list[Any]] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ValidationReport(Base):
    """One resource's validation result; keyed by the source file's checksum for re-use."""

    __tablename__ = "validation_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(String(200), index=True)
    resource: Mapped[str] = mapped_column(String(200))
    source_sha256: Mapped[str] = mapped_column(String(64))
    schema_sha256: Mapped[str] = mapped_column(String(64), default="")
    valid: Mapped[bool]
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    counts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Release(Base):
    """An immutable, versioned release folder of one dataset."""

    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("dataset", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[int]
    checksum: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(Text)
    manifest: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    approvals: Mapped[list[Approval]] = relationship(back_populates="release")


class DeidReport(Base):
    """A de-identification report: counts per field, action and category; never values."""

    __tablename__ = "deid_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(String(200), index=True)
    release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id"))
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Approval(Base):
    """A named reviewer's approval (审查) of one release's exact checksum."""

    __tablename__ = "approvals"
    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"))
    checksum: Mapped[str] = mapped_column(String(64))
    reviewer: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    release: Mapped[Release] = relationship(back_populates="approvals")


class Rejection(Base):
    """A named reviewer's refusal of one release's exact checksum: that release never goes out."""

    __tablename__ = "rejections"
    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"), index=True)
    checksum: Mapped[str] = mapped_column(String(64))
    reviewer: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Hold(Base):
    """A withdrawal that holds: the dataset stays off every surface until the hold is lifted."""

    __tablename__ = "holds"
    id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(String(200), index=True)
    held_by: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(String(20), default="private")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    lifted_by: Mapped[str | None] = mapped_column(String(200))
    lift_reason: Mapped[str | None] = mapped_column(Text)
    lifted_at: Mapped[datetime | None]

    @property
    def active(self) -> bool:
        return self.lifted_at is None


class PublishRun(Base):
    __tablename__ = "publish_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")
    dry_run: Mapped[bool] = mapped_column(default=False)
    portal_url: Mapped[str] = mapped_column(Text, default="")
    trigger: Mapped[str] = mapped_column(String(50), default="cli")
    progress: Mapped[dict[str, Any]] = mapped_column(default=dict)
    items: Mapped[list[PublishItem]] = relationship(back_populates="run", order_by="PublishItem.id")


class PublishItem(Base):
    """One dataset's outcome in a run: published, unchanged, blocked (with code) or failed."""

    __tablename__ = "publish_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("publish_runs.id"), index=True)
    dataset: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(100), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    release_version: Mapped[int | None]
    portal_url: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    run: Mapped[PublishRun] = relationship(back_populates="items")


class AccessToken(Base):
    """A token of a person: ``steward`` (sign in, approve, reject, withdraw, requests) or
    ``admin`` (tokens, settings). Portal write tokens live in the portal's own store."""

    __tablename__ = "access_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    scope: Mapped[str] = mapped_column(String(20))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked: Mapped[bool] = mapped_column(default=False)


class WebSession(Base):
    """A signed-in browser: the cookie carries a random id whose digest is kept here, never the
    token. Signing out deletes the row, so a copied cookie stops working."""

    __tablename__ = "web_sessions"
    id_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("access_tokens.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Append-only audit log: rows are never updated or deleted."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    dataset: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(mapper: Mapper[Any], connection: Any, target: AuditEntry) -> None:
    raise AuditLogIsAppendOnly("the audit log is append-only")


class HarvestItem(Base):
    """One resource's outcome in a harvest: new, changed, unchanged, skipped or failed.

    ``provenance`` says where the snapshot came from (kind, remote dataset, URL without
    credentials, row count); it never holds a cell value.
    """

    __tablename__ = "harvest_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    harvest_id: Mapped[str] = mapped_column(String(36), index=True)
    dataset: Mapped[str] = mapped_column(String(200), index=True)
    resource: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    etag: Mapped[str] = mapped_column(Text, default="")
    last_modified: Mapped[str] = mapped_column(String(64), default="")
    provenance: Mapped[dict[str, Any]] = mapped_column(default=dict)
    dry_run: Mapped[bool] = mapped_column(default=False)
    publish_run_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
