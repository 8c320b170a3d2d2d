"""Conversation events for audit and insights, recorded by the event-broker consumer.

`POST /v1/conversation-events` takes a batch as Rasa's event broker published it; a retried
batch records nothing twice (each event's `key`). `GET` reads one conversation's events in
order. Both need the recorder's credential (`X-Events-Key`), not a person's token: nobody
reads transcripts by chatting. Any value under a key named `token` is removed before storing
(the on-behalf-of token travels in a message's metadata and is never kept).
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query

from api.deps import NowDep, SessionDep, SettingsDep
from api.presenters.conversation_events import events_out
from api.schemas.common import ErrorBody
from api.schemas.conversation_events import EventsIn, EventsOut, RecordedOut
from api.services import conversation_events


async def _recorder_only(
    settings: SettingsDep, x_events_key: Annotated[str | None, Header()] = None
) -> None:
    conversation_events.require_recorder(settings, x_events_key)


router = APIRouter(
    prefix="/v1/conversation-events",
    tags=["conversation events"],
    dependencies=[Depends(_recorder_only)],
    responses={401: {"model": ErrorBody}},
)


@router.post("")
def record(body: EventsIn, session: SessionDep, now: NowDep) -> RecordedOut:
    """Record a batch of events; those already recorded (by `key`) are left as they are."""
    recorded, duplicates = conversation_events.record(session, body.events, now)
    return RecordedOut(recorded=recorded, duplicates=duplicates)


@router.get("")
def read(
    session: SessionDep,
    sender_id: Annotated[str, Query(min_length=1, max_length=255)],
    after: Annotated[int, Query(ge=0, description="Only events after this sequence.")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 1000,
) -> EventsOut:
    """One conversation's recorded events, in the order they happened."""
    return events_out(conversation_events.read(session, sender_id, after, limit))
