"""Our fixes to Rasa install only on the Rasa they were written for (bot/rasa_patches).

Runs in the Rasa environment through `.venv-rasa/bin/python`, never importing Rasa here.
"""

from __future__ import annotations

from tests.bot.rasa_probe import run_probe

PROBE = """
import json
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.events import Event
from rasa.utils.endpoints import EndpointConfig
from bot import rasa_patches

rasas = (
    RemoteAction._validate_action_result,
    EndpointConfig.session,
    Event.resolve_by_type,
    FailSafeTrackerStore.retrieve,
)
results = {}
try:
    rasa_patches.install(rasa_version="3.7.0")
    results["other_version"] = "installed"
except rasa_patches.UnsupportedRasaVersion as error:
    results["other_version"] = str(error)
results["untouched_after_refusal"] = (
    RemoteAction._validate_action_result,
    EndpointConfig.session,
    Event.resolve_by_type,
    FailSafeTrackerStore.retrieve,
) == rasas
import bot.components  # what Rasa's pipeline loading does: installs for the installed Rasa
results["patched"] = [
    RemoteAction._validate_action_result is not rasas[0],
    EndpointConfig.session is not rasas[1],
    Event.resolve_by_type is not rasas[2],
    FailSafeTrackerStore.retrieve is not rasas[3],
]
rasa_patches.install()  # a second install changes nothing
results["idempotent"] = Event.resolve_by_type("user").__name__
print(json.dumps(results))
"""


def test_patches_refuse_another_rasa_and_install_once_on_this_one():
    results = run_probe("-c", PROBE)

    assert results["other_version"].startswith(
        "bot/rasa_patches replaces methods of Rasa 3.6.21, but Rasa 3.7.0 is installed."
    )
    assert results["untouched_after_refusal"] is True
    assert results["patched"] == [True, True, True, True]
    assert results["idempotent"] == "UserUttered"
