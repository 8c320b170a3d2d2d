"""Rasa finds event classes from a table (bot/components/event_types.py), with Rasa's answers.

Runs in the Rasa environment through `.venv-rasa/bin/python`, never importing Rasa here.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"

PROBE = """
import json
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.utils.common import all_subclasses
import bot.components  # installs the table, as loading our model does
from bot.components import event_types

rasas = event_types._rasa_resolve_by_type
names = sorted({cls.type_name for cls in all_subclasses(Event)})
results = {
    "installed": Event.resolve_by_type is event_types.resolve_by_type,
    "names": len(names),
    "same_class_for_every_name": all(Event.resolve_by_type(n) is rasas(n) for n in names),
    "topic": Event.resolve_by_type("topic"),
    "default": Event.resolve_by_type("no_such_event", UserUttered) is UserUttered,
}
try:
    Event.resolve_by_type("no_such_event")
    results["unknown"] = "accepted"
except ValueError as error:
    results["unknown"] = str(error)
print(json.dumps(results))
"""


def test_every_event_name_resolves_to_the_class_rasa_would_find():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    run = subprocess.run(
        [str(RASA_PYTHON), "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(run.stdout.strip().splitlines()[-1])

    assert results["installed"] is True
    assert results["names"] > 20
    assert results["same_class_for_every_name"] is True
    assert results["topic"] is None
    assert results["default"] is True
    assert results["unknown"] == "Unknown event name 'no_such_event'."
