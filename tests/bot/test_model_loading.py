"""Rasa serves our model loaded without its throw-away training step, with identical answers.

Runs `probes/model_loading_probe.py` in the Rasa environment (never importing Rasa here): it
loads the trained model with `bot/components/model_loading.py` and with Rasa's own loader and
parses the same messages with both.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
PROBE = Path(__file__).parent / "probes" / "model_loading_probe.py"
MODEL = Path(os.environ.get("ASSISTANT_MODEL", ROOT / "bot" / "models" / "assistant.tar.gz"))


def test_the_serving_load_gives_exactly_the_answers_of_rasas_load():
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_INTRA_OP_PARALLELISM_THREADS": "1",
        "TF_INTER_OP_PARALLELISM_THREADS": "1",
    }
    run = subprocess.run(
        [str(RASA_PYTHON), str(PROBE), str(MODEL)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(run.stdout.strip().splitlines()[-1])

    assert results["installed"] is True
    assert results["fell_back"] == []  # no model needed Rasa's own path
    assert results["same_top_intents"] is True
    assert results["largest_confidence_gap"] < 1e-6
    assert results["tops"][:4] == ["leave_balance", "request_leave", "thank", "faq"]
