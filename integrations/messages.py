"""Neutral messages: what every channel renders, whatever Rasa sent."""

import logging
from typing import Any

from pydantic import BaseModel, Field

logger = logging.getLogger(__name__)


class Button(BaseModel):
    """A choice offered by the assistant; answering it means sending `payload` as text."""

    title: str
    payload: str


class OutgoingMessage(BaseModel):
    """One message for the person: plain text and, possibly, buttons."""

    text: str
    buttons: list[Button] = Field(default_factory=list)


class MessagesOut(BaseModel):
    """The body every channel route answers with."""

    messages: list[OutgoingMessage]


def to_neutral(responses: list[Any]) -> list[OutgoingMessage]:
    """Turns the REST channel's answer into neutral messages.

    Text and buttons are kept. An image becomes a line with its address, a custom payload keeps
    its `text` if it has one; anything else is dropped (and logged), never shown raw.

    Args:
        responses: the JSON list Rasa's `/webhooks/rest/webhook` answered.

    Returns:
        The messages to render, in Rasa's order.
    """
    messages: list[OutgoingMessage] = []
    for response in responses:
        if not isinstance(response, dict):
            logger.warning("Dropped a Rasa response that is not an object: %r", response)
            continue
        message = _one(response)
        if message is None:
            logger.warning(
                "Dropped a Rasa response with nothing to show: keys %s", sorted(response)
            )
        else:
            messages.append(message)
    return messages


def _one(response: dict[str, Any]) -> OutgoingMessage | None:
    parts: list[str] = []
    if isinstance(response.get("text"), str) and response["text"].strip():
        parts.append(response["text"])
    custom = response.get("custom")
    if isinstance(custom, dict) and isinstance(custom.get("text"), str) and custom["text"].strip():
        parts.append(custom["text"])
    if isinstance(response.get("image"), str) and response["image"]:
        parts.append(f"Image: {response['image']}")
    buttons = _buttons(response.get("buttons"))
    if not parts and not buttons:
        return None
    return OutgoingMessage(text="\n".join(parts), buttons=buttons)


def _buttons(raw: Any) -> list[Button]:
    if not isinstance(raw, list):
        return []
    buttons: list[Button] = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("title"), str):
            continue
        payload = item.get("payload")
        if not isinstance(payload, str) or not payload:
            payload = item["title"]
        buttons.append(Button(title=item["title"], payload=payload))
    return buttons
