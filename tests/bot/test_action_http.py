"""Rasa reaches the action server over kept-alive connections (bot/components/action_http.py).

Runs `probes/action_http_probe.py` in the Rasa environment, never importing Rasa here.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
PROBE = Path(__file__).parent / "probes" / "action_http_probe.py"


def test_action_calls_share_one_connection_and_keep_rasas_arguments():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    run = subprocess.run(
        [str(RASA_PYTHON), str(PROBE)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(run.stdout.strip().splitlines()[-1])

    assert results["installed"] is True
    assert results["answers"] == ["action_one", "action_two", "action_three"]
    assert results["connections_for_three_calls"] == 1
    assert results["headers"][:3] == ["yes", "yes", "yes"]
    assert results["timeout"] == "timed out"  # the per-call timeout still applies
    assert results["after_timeout"] == "action_after"  # and the session survives it
