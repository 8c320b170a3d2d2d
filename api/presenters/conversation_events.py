"""Recorded conversation events, as the recorder reads them back."""

from collections.abc import Sequence

from api.models import ConversationEvent
from api.presenters import fill
from api.schemas.conversation_events import EventOut, EventsOut


def events_out(rows: Sequence[ConversationEvent]) -> EventsOut:
    """One conversation's events, oldest first."""
    return EventsOut(
        events=[fill(EventOut, row, type=row.type_name, event=row.data) for row in rows]
    )
