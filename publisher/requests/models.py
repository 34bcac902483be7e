"""Tables of the request register (migration 0008).

The applicant's identity is personal data: it lives in ``applicant`` only, is shown to
stewards on the request's own page and in ``publisher requests show``, and is never exported,
published, logged or audited.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from publisher.models import Base, utcnow


class DisclosureRequest(Base):
    """One request for government information, as received."""

    __tablename__ = "disclosure_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(100), unique=True)
    received: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    applicant_type: Mapped[str] = mapped_column(String(20))
    content: Mapped[str] = mapped_column(Text, default="")
    department: Mapped[str] = mapped_column(String(100), default="")
    applicant: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    steps: Mapped[list[RequestStep]] = relationship(
        back_populates="request", order_by="[RequestStep.day, RequestStep.id]",
        cascade="all, delete-orphan")


class RequestStep(Base):
    """One step of handling: 补正 notice or answer, extension, consultation, reply."""

    __tablename__ = "disclosure_request_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("disclosure_requests.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(60), default="")
    approver: Mapped[str] = mapped_column(String(200), default="")
    fee: Mapped[int] = mapped_column(default=0)  # 信息处理费, yuan
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    request: Mapped[DisclosureRequest] = relationship(back_populates="steps")
