"""Queries on recorded conversation events."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from api.models import ConversationEvent


def add_new(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose `key` isn't recorded yet; how many were inserted."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(ConversationEvent)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(ConversationEvent.key)
    )
    return len(session.execute(statement).all())


def of_sender(
    session: Session, sender_id: str, after: int, limit: int
) -> Sequence[ConversationEvent]:
    """One conversation's events after sequence `after`, oldest first."""
    return session.scalars(
        select(ConversationEvent)
        .where(ConversationEvent.sender_id == sender_id, ConversationEvent.sequence > after)
        .order_by(ConversationEvent.sequence)
        .limit(limit)
    ).all()
