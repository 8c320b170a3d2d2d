"""A long session rolls over into one that keeps the slots (bot/rasa_patches/session_rollover.py).

Runs `probes/session_rollover_probe.py` in the Rasa environment with `RASA_SESSION_MAX_EVENTS`
at 100: a session of 40 exchanges (163 events) is too long, one of 10 is not.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.rasa_probe import PROBES, ROOT, run_probe


@pytest.fixture(scope="module")
def probe(monkeypatch_module: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch_module.setenv("RASA_SESSION_MAX_EVENTS", "100")
    return run_probe(str(PROBES / "session_rollover_probe.py"), str(ROOT / "bot" / "domain"))


@pytest.fixture(scope="module")
def monkeypatch_module():  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_a_session_rolls_over_once_it_holds_the_limit(probe):
    assert probe["limit"] == 100
    assert probe["events_in_long"] > 100
    assert probe["long_expired"] is True
    assert probe["short_expired"] is False


def test_the_new_session_keeps_the_slots(probe):
    assert probe["long_start"] == [
        {"event": "session_started"},
        {"event": "slot", "name": "leave_type", "value": "sick"},
        {"event": "action"},
    ]


def test_never_inside_a_form_or_while_a_person_has_the_conversation(probe):
    assert probe["in_form_expired"] is False
    assert probe["paused_expired"] is False


def test_a_session_that_expired_by_time_still_starts_afresh(probe):
    assert probe["idle_expired"] is True
    assert probe["idle_start"] == [{"event": "session_started"}, {"event": "action"}]


def test_zero_turns_it_off(probe):
    assert probe["off_expired"] is False


def test_the_next_turn_reads_a_short_session_with_the_slots(probe):
    assert probe["after_events"] < 10
    assert probe["after_leave_type"] == "sick"
    assert probe["after_expired"] is False
    assert probe["full_events"] > 160
