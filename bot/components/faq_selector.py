"""A ResponseSelector that only picks an answer when the message was classified as a question.

Rasa's `ResponseSelector` runs its TensorFlow model on every message, whatever its intent,
and its pick is only ever read when the intent is its retrieval intent (`faq`: `action_faq`
turns ``faq/<topic>`` into the knowledge-base answer). Under load that was about a tenth of
Rasa's CPU per turn spent on answers nobody reads (reports/tuning.md). This subclass trains
exactly as Rasa's does and predicts exactly as Rasa's does, for the messages whose intent,
as the intent classifier before it left it, is the retrieval intent; other messages pass
through untouched, with no ``response_selector`` key (as if the selector had no opinion).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class RetrievalIntentResponseSelector(ResponseSelector):
    """`ResponseSelector` that skips messages whose intent is not its retrieval intent."""

    def _asked(self, message: Message) -> bool:
        if not self.retrieval_intent:  # a selector for all retrieval intents: always run
            return True
        intent = message.get(INTENT) or {}
        return intent.get(INTENT_NAME_KEY) == self.retrieval_intent

    def process(self, messages: list[Message]) -> list[Message]:
        """Select a response for the messages classified as the retrieval intent.

        Args:
            messages: The messages being parsed (one, when serving).

        Returns:
            The same messages; those of the retrieval intent carry Rasa's response selection.
        """
        asked = [message for message in messages if self._asked(message)]
        if asked:
            super().process(asked)
        return messages
