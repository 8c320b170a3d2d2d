"""What the person reads: the actions' domain responses rendered as the Rasa server renders them.

Actions send `utter_message(response="utter_…", **values)`; Rasa fills the response's
`{variables}` from those values and adds the buttons. `Dispatcher` does the same at once, so a
test reads `messages[0]["text"]` as the person would, and fails on an unknown response or a
variable the action forgot (Rasa would send the template's raw `{braces}`).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk.executor import CollectingDispatcher

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "bot" / "domain"
_VARIABLE = re.compile(r"{([^\n{}]+?)}")


@functools.cache
def responses() -> dict[str, list[dict[str, Any]]]:
    """Every response of the bot's split domain."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        found.update((yaml.safe_load(path.read_text()) or {}).get("responses") or {})
    return found


def interpolate(template: str, values: dict[str, Any]) -> str:
    """Rasa 3.6's `interpolate_text` (`rasa/core/nlg/interpolator.py`): `{name}` from the
    values; `{{…}}` stays as literal braces. A variable without a value fails the test (Rasa
    would log an error and send the template as written)."""
    try:
        text = _VARIABLE.sub(r"{0[\1]}", template).format(values)
    except KeyError as missing:
        raise AssertionError(f"no value for {missing} in {template!r}") from None
    if "0[" in text:  # a tag inside double braces: Rasa sends the template with {{ }} unescaped
        return template.format({})
    return text


def render(response: str, **values: Any) -> dict[str, Any]:
    """The message Rasa sends for a response with these values: text and buttons."""
    assert response in responses(), f"{response} is not a response in bot/domain"
    variant = responses()[response][0]
    message: dict[str, Any] = {"text": interpolate(variant["text"], values)}
    message["buttons"] = [
        {key: interpolate(str(value), values) for key, value in button.items()}
        for button in variant.get("buttons") or []
    ]
    return message


def text(response: str, **values: Any) -> str:
    """The text a response reads as."""
    return str(render(response, **values)["text"])


class Dispatcher(CollectingDispatcher):
    """A `CollectingDispatcher` whose messages carry the text and buttons Rasa would send."""

    def utter_message(self, *args: Any, **kwargs: Any) -> None:
        """Collect the message; a `response` is rendered as the Rasa server would."""
        super().utter_message(*args, **kwargs)
        message = self.messages[-1]
        response = message.get("response")
        if not response:
            return
        assert message.get("text") is None, "an action passes words as text= and a response"
        values = {k: v for k, v in kwargs.items() if k not in ("response", "buttons")}
        rendered = render(response, **values)
        message["text"] = rendered["text"]
        message["buttons"] = [*rendered["buttons"], *(message.get("buttons") or [])]


SIGN_IN_AGAIN = text("utter_sign_in_again")
UNAVAILABLE = text("utter_api_unavailable")
