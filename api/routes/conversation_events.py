"""Conversation events for audit and insights, recorded by the event-broker consumer.

`POST /v1/conversation-events` takes a batch as Rasa's event broker published it; a retried
batch records nothing twice (each event's `key`). `GET` reads one conversation's events in
order. Both need the recorder's credential (`X-Events-Key`), not a person's token: nobody
reads transcripts by chatting. Any value under a key named `token` is removed before storing
(the on-behalf-of token travels in a message's metadata and is never kept).
"""

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from api.deps import NowDep, SessionDep, SettingsDep
from api.domain.errors import Unauthorised
from api.models import ConversationEvent
from api.schemas import ErrorBody

router = APIRouter(prefix="/v1/conversation-events", tags=["conversation events"])

MAX_BATCH = 500
REDACTED = "[removed]"


class EventIn(BaseModel):
    """One event as the broker carried it."""

    key: str = Field(min_length=1, max_length=100)
    sender_id: str = Field(min_length=1, max_length=255)
    sequence: int = Field(ge=0)
    event: dict[str, Any]


class EventsIn(BaseModel):
    """A batch of events, in any order."""

    events: list[EventIn] = Field(max_length=MAX_BATCH)


class RecordedOut(BaseModel):
    """How many events of the batch were new, and how many were already recorded."""

    recorded: int
    duplicates: int


class EventOut(BaseModel):
    """One recorded event."""

    key: str
    sender_id: str
    sequence: int
    type: str
    timestamp: float | None
    intent: str | None
    action: str | None
    event: dict[str, Any]


class EventsOut(BaseModel):
    """One conversation's events, oldest first."""

    events: list[EventOut]


def _check_key(settings: SettingsDep, given: str | None) -> None:
    expected = settings.events_api_key.get_secret_value().encode()
    if given is None or not hmac.compare_digest(given.encode(), expected):
        raise Unauthorised("invalid_events_key", "This needs the event recorder's credential.")


def redact(value: Any) -> Any:
    """The value with everything under a key named `token` replaced."""
    if isinstance(value, dict):
        return {k: REDACTED if k == "token" else redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(item) for item in value]
    return value


def _text_or_none(value: Any, limit: int = 255) -> str | None:
    return value[:limit] if isinstance(value, str) else None


@router.post("", responses={401: {"model": ErrorBody}})
def record(
    body: EventsIn,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    x_events_key: Annotated[str | None, Header()] = None,
) -> RecordedOut:
    """Record a batch of events; those already recorded (by `key`) are left as they are."""
    _check_key(settings, x_events_key)
    if not body.events:
        return RecordedOut(recorded=0, duplicates=0)
    rows = []
    for item in body.events:
        event = redact(item.event)
        intent = (event.get("parse_data") or {}).get("intent") or {}
        rows.append(
            {
                "key": item.key,
                "sender_id": item.sender_id,
                "sequence": item.sequence,
                "type_name": _text_or_none(event.get("event"), 64) or "unknown",
                "timestamp": event.get("timestamp")
                if isinstance(event.get("timestamp"), int | float)
                else None,
                "intent": _text_or_none(intent.get("name") if isinstance(intent, dict) else None),
                "action": _text_or_none(event.get("name")),
                "data": event,
                "recorded_at": now,
            }
        )
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(ConversationEvent)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(ConversationEvent.key)
    )
    recorded = len(session.execute(statement).all())
    session.commit()
    return RecordedOut(recorded=recorded, duplicates=len(rows) - recorded)


@router.get("", responses={401: {"model": ErrorBody}})
def read(
    session: SessionDep,
    settings: SettingsDep,
    sender_id: Annotated[str, Query(min_length=1, max_length=255)],
    after: Annotated[int, Query(ge=0, description="Only events after this sequence.")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
    x_events_key: Annotated[str | None, Header()] = None,
) -> EventsOut:
    """One conversation's recorded events, in the order they happened."""
    _check_key(settings, x_events_key)
    rows = session.scalars(
        select(ConversationEvent)
        .where(ConversationEvent.sender_id == sender_id, ConversationEvent.sequence > after)
        .order_by(ConversationEvent.sequence)
        .limit(limit)
    )
    return EventsOut(
        events=[
            EventOut(
                key=row.key,
                sender_id=row.sender_id,
                sequence=row.sequence,
                type=row.type_name,
                timestamp=row.timestamp,
                intent=row.intent,
                action=row.action,
                event=row.data,
            )
            for row in rows
        ]
    )
