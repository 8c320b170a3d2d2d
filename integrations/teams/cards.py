"""The bot's neutral messages as Teams activities: text alone, or an Adaptive Card whose
buttons submit their payload (a choice list when there are many)."""

from typing import Any

from microsoft_agents.activity import Activity, Attachment

from integrations.messages import OutgoingMessage

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
MAX_BUTTONS = 5
"""More choices than this become one choice list and a Send button (Teams shows few actions
side by side)."""
PAYLOAD = "payload"
"""The key of a submitted card's `value` that holds the chosen payload. The card also echoes
its question and the choices' titles, so the answered card can be redrawn without them."""


def render(message: OutgoingMessage) -> Activity:
    """One message as a Teams activity."""
    if not message.buttons:
        return Activity(type="message", text=message.text, text_format="plain")
    return Activity(
        type="message",
        text=message.text,
        attachments=[Attachment(content_type=CARD_TYPE, content=card(message))],
    )


def card(message: OutgoingMessage, chosen: str | None = None) -> dict[str, Any]:
    """The Adaptive Card of a message with buttons; with `chosen`, the card after a choice:
    the question and what was chosen, and no buttons left to press again."""
    body: list[dict[str, Any]] = [{"type": "TextBlock", "text": message.text, "wrap": True}]
    actions: list[dict[str, Any]] = []
    if chosen is not None:
        body.append(
            {"type": "TextBlock", "text": f"You chose: {chosen}", "wrap": True, "isSubtle": True}
        )
    elif len(message.buttons) <= MAX_BUTTONS:
        actions = [
            {
                "type": "Action.Submit",
                "title": b.title,
                "data": {PAYLOAD: b.payload, "question": message.text, "title": b.title},
            }
            for b in message.buttons
        ]
    else:
        body.append(
            {
                "type": "Input.ChoiceSet",
                "id": PAYLOAD,
                "label": "Choose one",
                "style": "compact",
                "isRequired": True,
                "choices": [{"title": b.title, "value": b.payload} for b in message.buttons],
            }
        )
        titles = {b.payload: b.title for b in message.buttons}
        actions = [
            {
                "type": "Action.Submit",
                "title": "Send",
                "data": {"question": message.text, "titles": titles},
            }
        ]
    content: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.4",
        "body": body,
    }
    if actions:
        content["actions"] = actions
    return content


def answered(value: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """From a submitted card's `value`: the payload to send, and the card to show instead
    (the question and the choice, no buttons). None when it holds no payload."""
    payload = value.get(PAYLOAD)
    if not isinstance(payload, str) or not payload:
        return None
    raw_titles = value.get("titles")
    titles: dict[str, Any] = raw_titles if isinstance(raw_titles, dict) else {}
    title = value.get("title") or titles.get(payload) or payload
    question = value.get("question") if isinstance(value.get("question"), str) else ""
    return payload, card(OutgoingMessage(text=question), chosen=str(title))
