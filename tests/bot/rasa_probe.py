"""Run a probe in the Rasa environment (Python 3.10) and read the JSON line it prints last.

The tests here run on Python 3.12 and never import Rasa; a probe is Python source (a file under
`probes/` or a string) that imports what it needs from `.venv-rasa` and prints one JSON line.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
PROBES = Path(__file__).parent / "probes"


def run_probe(*argv: str, timeout: float = 600) -> dict[str, Any]:
    """Run `.venv-rasa/bin/python *argv` from the repository root; the last line, parsed.

    Args:
        *argv: A probe file and its arguments, or ``"-c", source``.
        timeout: Seconds before the probe counts as hung.

    Returns:
        The JSON object the probe printed last.
    """
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_INTRA_OP_PARALLELISM_THREADS": "1",
        "TF_INTER_OP_PARALLELISM_THREADS": "1",
    }
    run = subprocess.run(
        [str(RASA_PYTHON), *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result
