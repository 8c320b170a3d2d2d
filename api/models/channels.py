"""Employees' accounts on each channel, and the platform events the gateway has handled."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.models.base import Base, UtcDateTime
from api.models.employees import Employee


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
