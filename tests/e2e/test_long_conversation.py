"""A chat that goes on and on (a Slack or Teams DM never ends) keeps answering the same way.

The session rolls over every `RASA_SESSION_MAX_EVENTS` (120) events between exchanges
(bot/rasa_patches/session_rollover.py), so a turn's cost stays flat; what the person sees must
not change, and a form started after a roll-over works as in a fresh chat.
"""

from __future__ import annotations

import httpx

from scripts.stack import Stack
from tests.e2e.conftest import buttons_of, text_of


def rasa_tracker(stack: Stack, sender: str) -> dict:
    """Rasa's whole tracker of one conversation, every session, from its HTTP API."""
    url = f"http://127.0.0.1:{stack.ports.rasa}/conversations/{sender}/tracker"
    params = {"token": stack.env["RASA_TOKEN"], "include_events": "ALL"}
    response = httpx.get(url, params=params, timeout=30)
    response.raise_for_status()
    result: dict = response.json()
    return result


def test_fifty_turns_answer_alike_across_session_roll_overs(person, stack):
    priya = person("100001")
    remaining = f"{priya.get('/v1/me/leave/balance')['remaining']:g}"
    first_answer = text_of(priya.say("how much leave have I got left?"))
    assert remaining in first_answer
    thanked = priya.say("thank you")
    assert text_of(thanked) == "You're welcome." and buttons_of(thanked) == []

    for _ in range(24):
        assert text_of(priya.say("how much leave have I got left?")) == first_answer
        assert priya.say("thank you") == thanked

    asked = text_of(priya.say("I want to book some leave"))
    assert "?" in asked
    assert "nothing" in text_of(priya.say("never mind")).lower()

    events = rasa_tracker(stack, f"web:100001:{priya.session}")["events"]
    starts = [e for e in events if e["event"] == "session_started"]
    assert len(starts) >= 2, "a 50-exchange chat rolls over at least twice at 120 events"
    latest = max(i for i, e in enumerate(events) if e["event"] == "session_started")
    assert len(events) - latest < 130
    names = {e.get("name") for e in events if e["event"] == "action"}
    assert not names & {"action_default_fallback"}
    intents = {e["parse_data"]["intent"]["name"] for e in events if e["event"] == "user"}
    assert "nlu_fallback" not in intents
