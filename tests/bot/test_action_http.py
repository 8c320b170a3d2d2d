"""Rasa reaches the action server over kept-alive connections (bot/rasa_patches/action_http.py).

Runs `probes/action_http_probe.py` in the Rasa environment, never importing Rasa here.
"""

from __future__ import annotations

from tests.bot.rasa_probe import PROBES, run_probe


def test_action_calls_share_one_connection_and_keep_rasas_arguments():
    results = run_probe(str(PROBES / "action_http_probe.py"))

    assert results["installed"] is True
    assert results["answers"] == ["action_one", "action_two", "action_three"]
    assert results["connections_for_three_calls"] == 1
    assert results["headers"][:3] == ["yes", "yes", "yes"]
    assert results["timeout"] == "timed out"  # the per-call timeout still applies
    assert results["after_timeout"] == "action_after"  # and the session survives it
