"""A conversation as the person saw it, rebuilt from Rasa's tracker events.

Only what was said is kept: the person's messages (a button's payload shown as the button's
title, as it was when they chose it) and the assistant's messages with their buttons. Metadata,
slots and actions never leave the gateway.
"""

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from integrations.messages import Button, to_neutral


class HistoryMessage(BaseModel):
    """One message of the conversation, with when it was said."""

    speaker: Literal["user", "assistant"]
    text: str
    buttons: list[Button] = Field(default_factory=list)
    at: datetime | None = None
    answered: bool = Field(
        default=False, description="The person has already chosen one of this message's buttons."
    )


class HistoryOut(BaseModel):
    """The body of `GET /web/history`."""

    messages: list[HistoryMessage]


def from_events(events: list[Any]) -> list[HistoryMessage]:
    """Rebuilds the conversation from a tracker's events, oldest first.

    Args:
        events: the `events` list of Rasa's `GET /conversations/{id}/tracker`.

    Returns:
        The messages the person and the assistant exchanged.
    """
    history: list[HistoryMessage] = []
    for event in events:
        if not isinstance(event, dict):
            continue
        at = _moment(event.get("timestamp"))
        if event.get("event") == "user" and isinstance(event.get("text"), str):
            history.append(_user_message(history, event["text"], at))
        elif event.get("event") == "bot":
            history.extend(_bot_messages(event, at))
    return history


def _user_message(history: list[HistoryMessage], text: str, at: datetime | None) -> HistoryMessage:
    """The person's message; a button's payload becomes that button's title."""
    for earlier in reversed(history):
        if earlier.speaker == "user":
            break
        chosen = next((b for b in earlier.buttons if b.payload == text), None)
        if chosen is not None:
            earlier.answered = True
            return HistoryMessage(speaker="user", text=chosen.title, at=at)
    return HistoryMessage(speaker="user", text=text, at=at)


def _bot_messages(event: dict[str, Any], at: datetime | None) -> list[HistoryMessage]:
    raw = event.get("data")
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    response = {
        "text": event.get("text"),
        "buttons": data.get("buttons"),
        "image": data.get("image"),
        "custom": data.get("custom"),
    }
    return [
        HistoryMessage(speaker="assistant", text=m.text, buttons=m.buttons, at=at)
        for m in to_neutral([response])
    ]


def _moment(timestamp: Any) -> datetime | None:
    if isinstance(timestamp, int | float) and not isinstance(timestamp, bool):
        try:
            return datetime.fromtimestamp(timestamp, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    return None
