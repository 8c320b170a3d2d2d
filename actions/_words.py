"""Wording kept in the bot's domain, for actions that compose one message from several lines.

Every sentence the assistant says lives in `bot/domain/*.yml` as an `utter_*` response. Most
actions utter a response by name; an action that builds one message out of several lines (a
knowledge-base answer led by a yes or no and the person's own figures) reads each line here
with `line(domain, "utter_x", name=value)` and sends the whole as one message with `send_one`.

One message, because Rasa's REST channel cuts a text at every blank line into separate bubbles:
`send_one` sends it as a custom payload `{"text": ...}`, which reaches every channel whole
(`integrations/messages.py` shows a custom payload's text).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict


def line(domain: DomainDict, name: str, **values: Any) -> str:
    """The first text of the domain's response `name`, with `{placeholders}` filled.

    Raises:
        LookupError: The domain has no such response (a bug the action tests catch).
    """
    variants = ((domain or {}).get("responses") or {}).get(name) or []
    for variant in variants:
        if isinstance(variant, dict) and isinstance(variant.get("text"), str):
            return str(variant["text"]).format(**values)
    raise LookupError(f"the domain has no text response {name!r}")


def send_one(dispatcher: CollectingDispatcher, paragraphs: list[str]) -> None:
    """Send paragraphs as one message, a blank line between them."""
    text = "\n\n".join(part.strip() for part in paragraphs if part and part.strip())
    dispatcher.utter_message(json_message={"text": text})
