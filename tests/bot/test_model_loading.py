"""Rasa serves our model loaded without its throw-away training step, with identical answers.

Runs `probes/model_loading_probe.py` in the Rasa environment (never importing Rasa here): it
loads the trained model with `bot/rasa_patches/model_loading.py` and with Rasa's own loader and
parses the same messages with both.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.bot.rasa_probe import PROBES, ROOT, run_probe

MODEL = Path(os.environ.get("ASSISTANT_MODEL", ROOT / "bot" / "models" / "assistant.tar.gz"))


def test_the_serving_load_gives_exactly_the_answers_of_rasas_load():
    results = run_probe(str(PROBES / "model_loading_probe.py"), str(MODEL))

    assert results["installed"] is True
    assert results["fell_back"] == []  # no model needed Rasa's own path
    assert results["same_top_intents"] is True
    assert results["largest_confidence_gap"] < 1e-6
    assert results["tops"][:4] == ["leave_balance", "request_leave", "thank", "faq"]
