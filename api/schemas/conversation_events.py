"""Conversation events as the event recorder posts and reads them."""

from typing import Any

from pydantic import BaseModel, Field

MAX_BATCH = 500


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
