"""The NumPy all-MiniLM-L6-v2 encoder (bot/sentence_encoder.py) and its Rasa featurizer.

`minilm_reference.json` holds embeddings that sentence-transformers 6.2.0 (torch 2.13.0, CPU)
computed from the same package's model for a few awkward messages (typos, emoji, accents,
a message longer than the model's 256 word pieces). Runs in the Rasa environment through
`.venv-rasa/bin/python`, never importing Rasa or NumPy here.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.bot.rasa_probe import run_probe

REFERENCE = Path(__file__).parent / "minilm_reference.json"

ENCODER_PROBE = """
import json, sys
import numpy as np
from bot.sentence_encoder import MiniLMEncoder
reference = json.load(open(sys.argv[1]))
encoder = MiniLMEncoder()
together = encoder.encode(reference["texts"], batch_size=4)
one_by_one = np.vstack([encoder.encode([t]) for t in reference["texts"]])
expected = np.array(reference["vectors"], dtype=np.float32)
print(json.dumps({
    "shape": list(together.shape),
    "largest_difference": float(np.abs(together - expected).max()),
    "batching_changes": float(np.abs(together - one_by_one).max()),
    "norms": [round(float(n), 5) for n in np.linalg.norm(together, axis=1)],
    "nothing": list(encoder.encode([]).shape),
}))
"""

FEATURIZER_PROBE = """
import json
import numpy as np
import bot.components  # as Rasa's pipeline loading does
from bot.components.minilm import MiniLMFeaturizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
config = {**MiniLMFeaturizer.get_default_config(), "scale": 2.0}
featurizer = MiniLMFeaturizer(config, "minilm")
messages = [
    Message(data={"text": "how much annual leave have I got left"}),
    Message(data={"text": "what's the weather in Leeds"}),
    Message(data={"intent": "greet"}),
]
featurizer.process(messages)
example = {"text": "how many holiday days do I have remaining", "intent": "leave_balance"}
data = TrainingData([Message(data=example)])
featurizer.process_training_data(data)
sequence, sentence = messages[0].get_dense_features("text")
_, unrelated = messages[1].get_dense_features("text")
_, trained = data.training_examples[0].get_dense_features("text")
print(json.dumps({
    "sequence": sequence is None,
    "sentence_shape": list(sentence.features.shape),
    "sentence_norm": round(float(np.linalg.norm(sentence.features)), 4),
    "origins": [f.origin for f in messages[0].features],
    "no_text_untouched": messages[2].features == [],
    "training_shape": list(trained.features.shape),
    "paraphrase": round(float(sentence.features @ trained.features.T) / 4.0, 2),
    "unrelated": round(float(sentence.features @ unrelated.features.T) / 4.0, 2),
}))
"""


def test_the_numpy_encoder_gives_sentence_transformers_embeddings():
    results = run_probe("-c", ENCODER_PROBE, str(REFERENCE))

    count = len(json.loads(REFERENCE.read_text())["texts"])
    assert results["shape"] == [count, 384]
    assert results["largest_difference"] < 1e-5
    assert results["batching_changes"] < 1e-5
    assert results["norms"] == [1.0] * count
    assert results["nothing"] == [0, 384]


def test_the_featurizer_adds_one_scaled_sentence_feature_to_text_only():
    results = run_probe("-c", FEATURIZER_PROBE)

    assert results["sequence"] is True  # no per-token features
    assert results["sentence_shape"] == [1, 384]
    assert results["sentence_norm"] == 2.0
    assert results["origins"] == ["minilm"]
    assert results["no_text_untouched"] is True
    assert results["training_shape"] == [1, 384]
    assert results["paraphrase"] > results["unrelated"] + 0.3
