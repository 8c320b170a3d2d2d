"""Rasa's ResponseSelector picks an answer only for messages classified as its question intent.

Rasa's `ResponseSelector` runs its TensorFlow model on every message, whatever its intent,
and its pick is only ever read when the intent is its retrieval intent (`faq`: `action_faq`
turns ``faq/<topic>`` into the knowledge-base answer). Under load that was about a tenth of
Rasa's CPU per turn spent on answers nobody reads (reports/tuning.md). `install()` makes
`ResponseSelector.process` predict, exactly as Rasa's does, for the messages whose intent (as
the intent classifier before it left it) is the selector's retrieval intent; other messages
pass through untouched, with no ``response_selector`` entry for it. A selector configured
without a retrieval intent (one for all of them) still runs on every message.

A patch rather than a subclass in `config.yml`: Rasa's recipe validator looks for the
`ResponseSelector` class itself and warns, wrongly, that a subclass is no response selector.

When it can go: when `config.yml` has no `ResponseSelector`, or when Rasa's
`ResponseSelector.process` itself skips messages of other intents.
"""

from __future__ import annotations

from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message

_rasa_process = ResponseSelector.process


def _asked(selector: ResponseSelector, message: Message) -> bool:
    if not selector.retrieval_intent:
        return True
    intent = message.get(INTENT) or {}
    return bool(intent.get(INTENT_NAME_KEY) == selector.retrieval_intent)


# `self` unannotated, as in Rasa's method: Rasa's graph validation treats annotated parameters
# of `process` as inputs it must provide.
def process(self, messages: list[Message]) -> list[Message]:
    """Select a response for the messages classified as the retrieval intent.

    Args:
        messages: The messages being parsed (one, when serving).

    Returns:
        The same messages; those of the retrieval intent carry Rasa's response selection.
    """
    asked = [message for message in messages if _asked(self, message)]
    if asked:
        _rasa_process(self, asked)
    return messages


def install() -> None:
    """Make every ResponseSelector skip messages of other intents (idempotent)."""
    ResponseSelector.process = process  # type: ignore[method-assign]
