"""Recording conversation events for audit and insights, and reading them back.

A retried batch records nothing twice (each event's `key`). Any value under a key named
`token` is removed before storing: the on-behalf-of token travels in a message's metadata and is
never kept.
"""

import hmac
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from api.core.config import ApiSettings
from api.domain.errors import Unauthorised
from api.models import ConversationEvent
from api.repositories import conversation_events as events_repo
from api.schemas.conversation_events import EventIn

REDACTED = "[removed]"


def require_recorder(settings: ApiSettings, given: str | None) -> None:
    """Refuse anyone without the event recorder's credential.

    Raises:
        Unauthorised: when `given` is missing or wrong.
    """
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


def _row(item: EventIn, now: datetime) -> dict[str, Any]:
    event = redact(item.event)
    intent = (event.get("parse_data") or {}).get("intent") or {}
    timestamp = event.get("timestamp")
    return {
        "key": item.key,
        "sender_id": item.sender_id,
        "sequence": item.sequence,
        "type_name": _text_or_none(event.get("event"), 64) or "unknown",
        "timestamp": timestamp if isinstance(timestamp, int | float) else None,
        "intent": _text_or_none(intent.get("name") if isinstance(intent, dict) else None),
        "action": _text_or_none(event.get("name")),
        "data": event,
        "recorded_at": now,
    }


def record(session: Session, events: list[EventIn], now: datetime) -> tuple[int, int]:
    """Record a batch; how many were new and how many were already recorded (by `key`)."""
    if not events:
        return 0, 0
    recorded = events_repo.add_new(session, [_row(item, now) for item in events])
    session.commit()
    return recorded, len(events) - recorded


def read(session: Session, sender_id: str, after: int, limit: int) -> Sequence[ConversationEvent]:
    """One conversation's recorded events after sequence `after`, in the order they happened."""
    return events_repo.of_sender(session, sender_id, after, limit)
