"""Rasa checks action-server responses with a validator built once.

The patch is `bot/rasa_patches/action_validation.py`. Runs in the Rasa environment through
`.venv-rasa/bin/python`, never importing Rasa here.
"""

from __future__ import annotations

from tests.bot.rasa_probe import run_probe

PROBE = """
import json, sys
import bot.components  # installs bot.rasa_patches, as loading our model does
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from bot.rasa_patches.action_validation import _validate_action_result

action = RemoteAction("action_leave_balance", None)
results = {"installed": RemoteAction._validate_action_result is _validate_action_result}
good = {"events": [{"event": "slot", "name": "leave_start", "value": "2026-12-04"}],
        "responses": [{"text": "You have 12 days left."}]}
results["accepts_good"] = action._validate_action_result(good)
for name, bad in {"events_not_a_list": {"events": "nope"},
                  "unknown_event": {"events": [{"event": "no_such_event"}]},
                  "response_not_object": {"responses": ["text"]}}.items():
    try:
        action._validate_action_result(bad)
        results[name] = "accepted"
    except ValidationError as error:
        results[name] = "Failed to validate Action server response" in error.message
print(json.dumps(results))
"""


def test_the_compiled_validator_is_installed_and_checks_responses_as_rasa_does():
    results = run_probe("-c", PROBE)

    assert results == {
        "installed": True,
        "accepts_good": True,
        "events_not_a_list": True,
        "unknown_event": True,
        "response_not_object": True,
    }
