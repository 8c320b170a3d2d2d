"""Rasa reaches the action server over kept-alive connections (bot/rasa_patches/action_http.py).

Runs `probes/action_http_probe.py` in the Rasa environment, never importing Rasa here.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.rasa_probe import PROBES, run_probe


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ACTION_TIMEOUT_SECONDS", "0.5")
        patch.delenv("TICKET_LOCK_LIFETIME", raising=False)
        return run_probe(str(PROBES / "action_http_probe.py"))


def test_action_calls_share_one_connection_and_keep_rasas_arguments(results):

    assert results["installed"] is True
    assert results["answers"] == ["action_one", "action_two", "action_three"]
    assert results["connections_for_three_calls"] == 1
    assert results["headers"][:3] == ["yes", "yes", "yes"]
    assert results["timeout"] == "timed out"  # the per-call timeout still applies
    assert results["after_timeout"] == "action_after"  # and the session survives it


def test_an_action_call_gives_up_inside_the_lock_lifetime(results):
    """A slow action server costs the turn ACTION_TIMEOUT_SECONDS, not Rasa's 5 minutes."""
    assert results["action_timeout_seconds"] == 0.5
    assert results["slow_action"] == "gave up"
    assert results["slow_action_seconds"] < 1.5
    assert results["refuses_timeout_beyond_lock"] is True
