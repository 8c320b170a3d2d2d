"""Database tables, as typed SQLAlchemy 2 models. The schema itself comes from Alembic."""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database (SQLite drops the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store UTC."""
        if value is None:
            return None
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Read back an aware UTC datetime."""
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Money(TypeDecorator[Decimal]):
    """Pounds and pence: `Decimal` in Python, NUMERIC(12, 2) in the database.

    SQLite has no decimal type, so values travel as floats and are rounded back to the penny
    (exact for any amount below ten billion pounds).
    """

    impl = Numeric(12, 2, asdecimal=False)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> float | None:
        """Store the amount."""
        return None if value is None else float(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        """Read back a `Decimal` with two places."""
        if value is None:
            return None
        return Decimal(f"{float(value):.2f}")


class Base(DeclarativeBase):
    """Base of every model."""


class Employee(Base):
    """A civil servant of the department."""

    __tablename__ = "employees"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_number: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    grade: Mapped[str] = mapped_column(String(20))
    job_title: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(32))
    working_days: Mapped[list[int]] = mapped_column(JSON)
    roles: Mapped[list[str]] = mapped_column(JSON)
    line_manager_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    fte: Mapped[float] = mapped_column(Float)

    line_manager: Mapped["Employee | None"] = relationship(remote_side=[id], lazy="joined")


class ChannelIdentity(Base):
    """One of an employee's accounts on a channel: who a Slack or Teams user is in the
    department, where to reach them there, and when they last used it.

    Web accounts are recorded too (`channel_user_id` is the staff number), so "the channel the
    person last used" covers every channel.
    """

    __tablename__ = "channel_identities"
    __table_args__ = (UniqueConstraint("channel", "channel_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    channel_user_id: Mapped[str] = mapped_column(String(200))
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    address: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    employee: Mapped[Employee] = relationship(lazy="joined")


class ChannelEvent(Base):
    """A platform event the gateway has already handled (Slack retries, Teams redeliveries)."""

    __tablename__ = "channel_events"
    __table_args__ = (UniqueConstraint("channel", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(200))
    seen_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class LeaveYear(Base):
    """Per employee and leave year: the days carried over from the year before."""

    __tablename__ = "leave_years"
    __table_args__ = (UniqueConstraint("employee_id", "start_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    start_date: Mapped[date] = mapped_column(Date)
    carried_over: Mapped[float] = mapped_column(Numeric(5, 1, asdecimal=False))


class LeaveRequest(Base):
    """A request for leave and its decision."""

    __tablename__ = "leave_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    portion: Mapped[str] = mapped_column(String(8))
    leave_type: Mapped[str] = mapped_column(String(16))
    days: Mapped[float] = mapped_column(Numeric(5, 1, asdecimal=False))
    status: Mapped[str] = mapped_column(String(16), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employees.id"))
    decision_note: Mapped[str | None] = mapped_column(Text)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id], lazy="joined")
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id], lazy="joined")

    @property
    def reference(self) -> str:
        """The reference people quote, e.g. `LR-000123`."""
        return f"LR-{self.id:06d}"


class IdempotencyKey(Base):
    """A booking's `Idempotency-Key`, so a retried POST never books twice."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("employee_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employees.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    body_hash: Mapped[str] = mapped_column(String(64))
    leave_request_id: Mapped[int] = mapped_column(
        ForeignKey("leave_requests.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Notification(Base):
    """A message for an employee that starts outside a conversation."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    leave_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("leave_requests.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    delivered_via: Mapped[str | None] = mapped_column(String(16))


# The other skills' tables live in their own modules; importing them registers them on `Base`.
from api.models.conversation_events import ConversationEvent  # noqa: E402
from api.models.expenses import ExpenseClaim, ExpenseIdempotencyKey  # noqa: E402
from api.models.onboarding import KnowledgeArticle, OnboardingItem  # noqa: E402
from api.models.pay import Payslip, PayslipLine, TaxableBenefit  # noqa: E402
from api.models.procurement import (  # noqa: E402
    DelegatedLimit,
    Invoice,
    PurchaseOrder,
    PurchaseOrderEvent,
)

__all__ = [
    "Base",
    "ChannelEvent",
    "ChannelIdentity",
    "ConversationEvent",
    "DelegatedLimit",
    "Employee",
    "ExpenseClaim",
    "ExpenseIdempotencyKey",
    "IdempotencyKey",
    "Invoice",
    "KnowledgeArticle",
    "LeaveRequest",
    "LeaveYear",
    "Money",
    "Notification",
    "OnboardingItem",
    "Payslip",
    "PayslipLine",
    "PurchaseOrder",
    "PurchaseOrderEvent",
    "TaxableBenefit",
    "UtcDateTime",
]
