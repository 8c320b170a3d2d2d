"""The bot's neutral messages as Slack Block Kit: text as `mrkdwn`, buttons as buttons, or as
one select menu when there are more than fit in a row, or, when a choice's words are longer than
a button can show (75 characters, e.g. a leave request to cancel), one line per choice with its
own "Choose" button beside it, so the person reads every choice whole."""

from typing import Any

from integrations.messages import OutgoingMessage

MAX_BUTTONS = 5
"""More choices than this become a select menu (Slack shows at most 5 buttons in a row well,
and Rasa's own Slack connector drops every button past 5)."""
MAX_SECTION_CHARACTERS = 3000
MAX_BUTTON_TEXT = 75
MAX_OPTIONS = 100
MAX_CHOICE_LINES = 20
"""Long choices up to this many are lines with a button each (a message holds 50 blocks)."""
BUTTON_ACTION = "rasa_button_{index}"
SELECT_ACTION = "rasa_select"
CHOICE_BLOCK = "rasa_choice_{index}"
CHOOSE = "Choose"
"""The button beside each long choice."""


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
    if _too_long_for_buttons(buttons) and len(buttons) <= MAX_CHOICE_LINES:
        blocks.extend(
            {
                "type": "section",
                "block_id": CHOICE_BLOCK.format(index=index),
                "text": {"type": "mrkdwn", "text": escape(button.title)[:MAX_SECTION_CHARACTERS]},
                "accessory": {
                    "type": "button",
                    "action_id": BUTTON_ACTION.format(index=index),
                    "text": {"type": "plain_text", "text": CHOOSE},
                    "value": button.payload,
                },
            }
            for index, button in enumerate(buttons)
        )
    elif buttons and len(buttons) <= MAX_BUTTONS:
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


def is_choice(block: dict[str, Any]) -> bool:
    """Whether the block offers choices (an actions block or a long choice's line)."""
    return block.get("type") == "actions" or str(block.get("block_id", "")).startswith(
        CHOICE_BLOCK.format(index="")
    )


def choice_title(blocks: list[dict[str, Any]], block_id: str | None) -> str | None:
    """The words of the long choice whose line is `block_id`, as the person read them."""
    for block in blocks:
        if block_id and block.get("block_id") == block_id and block.get("type") == "section":
            text = (block.get("text") or {}).get("text")
            return unescape(text) if isinstance(text, str) else None
    return None


def unescape(text: str) -> str:
    """Undoes `escape`."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _too_long_for_buttons(buttons: list[Any]) -> bool:
    return any(len(button.title) > MAX_BUTTON_TEXT for button in buttons)


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
