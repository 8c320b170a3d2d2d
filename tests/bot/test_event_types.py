"""Rasa finds event classes from a table (bot/rasa_patches/event_types.py), with Rasa's answers.

Runs in the Rasa environment through `.venv-rasa/bin/python`, never importing Rasa here.
"""

from __future__ import annotations

from tests.bot.rasa_probe import run_probe

PROBE = """
import json
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.utils.common import all_subclasses
import bot.components  # installs bot.rasa_patches, as loading our model does
from bot.rasa_patches import event_types

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
    results = run_probe("-c", PROBE)

    assert results["installed"] is True
    assert results["names"] > 20
    assert results["same_class_for_every_name"] is True
    assert results["topic"] is None
    assert results["default"] is True
    assert results["unknown"] == "Unknown event name 'no_such_event'."
