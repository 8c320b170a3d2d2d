"""Conversation events recorded for audit and insights, as Rasa's event broker publishes them."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from api.models.base import Base, UtcDateTime


class ConversationEvent(Base):
    """One event of one conversation (a message, an action, a slot set ...)."""

    __tablename__ = "conversation_events"
    __table_args__ = (Index("ix_conversation_events_sender_order", "sender_id", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    """Who recorded it and its id there (``rasa:<tracker row id>``): a retried post is a no-op."""
    sender_id: Mapped[str] = mapped_column(String(255))
    sequence: Mapped[int] = mapped_column()
    """Its order within the conversation (the tracker store's row id)."""
    type_name: Mapped[str] = mapped_column(String(64))
    timestamp: Mapped[float | None] = mapped_column(Float)
    intent: Mapped[str | None] = mapped_column(String(255))
    action: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The event as Rasa serialised it, every `token` value removed."""
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)
