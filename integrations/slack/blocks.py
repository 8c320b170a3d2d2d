"""The bot's neutral messages as Slack Block Kit: text as `mrkdwn`, buttons as buttons, or as
one select menu when there are more than fit in a row."""

from typing import Any

from integrations.messages import OutgoingMessage

MAX_BUTTONS = 5
"""More choices than this become a select menu (Slack shows at most 5 buttons in a row well,
and Rasa's own Slack connector drops every button past 5)."""
MAX_SECTION_CHARACTERS = 3000
MAX_BUTTON_TEXT = 75
MAX_OPTIONS = 100
BUTTON_ACTION = "rasa_button_{index}"
SELECT_ACTION = "rasa_select"


def escape(text: str) -> str:
    """Slack's three control characters in message text (`&`, `<`, `>`)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(message: OutgoingMessage) -> tuple[str, list[dict[str, Any]]]:
    """One message as Slack's fallback `text` and its `blocks`.

    Returns:
        The plain text (for notifications and screen readers) and the blocks.
    """
    text = escape(message.text)
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": part}} for part in _parts(text)
    ]
    buttons = message.buttons
    if buttons and len(buttons) <= MAX_BUTTONS:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": BUTTON_ACTION.format(index=index),
                        "text": {"type": "plain_text", "text": _short(button.title)},
                        "value": button.payload,
                    }
                    for index, button in enumerate(buttons)
                ],
            }
        )
    elif buttons:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "static_select",
                        "action_id": SELECT_ACTION,
                        "placeholder": {"type": "plain_text", "text": "Choose one"},
                        "options": [
                            {
                                "text": {"type": "plain_text", "text": _short(button.title)},
                                "value": button.payload,
                            }
                            for button in buttons[:MAX_OPTIONS]
                        ],
                    }
                ],
            }
        )
    return text or "(choices)", blocks


def _parts(text: str) -> list[str]:
    if not text:
        return []
    parts: list[str] = []
    while len(text) > MAX_SECTION_CHARACTERS:
        cut = text.rfind("\n", 0, MAX_SECTION_CHARACTERS)
        cut = cut if cut > 0 else MAX_SECTION_CHARACTERS
        parts.append(text[:cut])
        text = text[cut:].lstrip("\n")
    parts.append(text)
    return parts


def _short(title: str) -> str:
    return title if len(title) <= MAX_BUTTON_TEXT else title[: MAX_BUTTON_TEXT - 1] + "…"
