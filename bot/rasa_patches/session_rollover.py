"""A long conversation session rolls over into a new one that keeps the slots.

Much of what Rasa does per turn walks every event of the session: the policies build their
states from `applied_events()`, the form and slot checks scan it, and a tracker read from the
database is replayed event by event. A Slack or Teams DM is one conversation that never ends,
and a busy person can stay inside one 60-minute session all day, so those turns grew slower
with every message (issue 16).

`install()` makes Rasa's processor also start a new session when the latest one holds
`RASA_SESSION_MAX_EVENTS` events or more (default 120, about 20 exchanges; 0 turns this off),
but only between exchanges: never while a form is active or the conversation is paused
(handed to a person). Such a roll-over carries every slot's value into the new session, as
``carry_over_slots_to_new_session: true`` would, whatever the domain says for sessions that
expire after idle time (those still start afresh). Every rule and story of this assistant
starts with a person's message, so nothing a policy needs is lost between exchanges.

When it can go: when Rasa ends sessions by length as well as by idle time, or when a Rasa
turn's cost no longer grows with the session (tests/e2e/test_long_conversation.py measures it);
it is a feature more than a fix, so it may well stay.
"""

from __future__ import annotations

import os
from typing import Any

from rasa.core.actions.action import ActionSessionStart
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import Event, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_MAX_EVENTS = 120

_rasa_has_session_expired = MessageProcessor._has_session_expired
_rasa_session_start_run = ActionSessionStart.run


def max_events() -> int:
    """Events a session may hold before it rolls over (`RASA_SESSION_MAX_EVENTS`; 0: never)."""
    raw = os.environ.get("RASA_SESSION_MAX_EVENTS", "").strip()
    return int(raw) if raw else DEFAULT_MAX_EVENTS


def events_in_session(tracker: DialogueStateTracker) -> int:
    """How many events the tracker holds since its latest `SessionStarted`."""
    count = 0
    for event in reversed(tracker.events):
        if isinstance(event, SessionStarted):
            break
        count += 1
    return count


def is_too_long(tracker: DialogueStateTracker) -> bool:
    """Whether the session should roll over now: long, and between exchanges."""
    limit = max_events()
    return bool(
        limit > 0
        and tracker.active_loop_name is None
        and not tracker.is_paused()
        and events_in_session(tracker) >= limit
    )


_ROLLED_OVER = "_ask_rolled_over"
"""Marks a tracker whose new session is a roll-over (not an idle expiry) for the start action."""


def _has_session_expired(self: MessageProcessor, tracker: DialogueStateTracker) -> bool:
    if _rasa_has_session_expired(self, tracker):
        return True
    if is_too_long(tracker):
        setattr(tracker, _ROLLED_OVER, True)
        return True
    return False


def carried_slots(tracker: DialogueStateTracker) -> list[Event]:
    """One `SlotSet` per slot whose value differs from its initial value."""
    return [
        SlotSet(name, slot.value)
        for name, slot in tracker.slots.items()
        if slot.value != slot.initial_value
    ]


async def _session_start_run(
    self: ActionSessionStart, output_channel: Any, nlg: Any, tracker: Any, domain: Any
) -> list[Event]:
    events: list[Event] = await _rasa_session_start_run(self, output_channel, nlg, tracker, domain)
    if not getattr(tracker, _ROLLED_OVER, False) or domain.session_config.carry_over_slots:
        return events
    setattr(tracker, _ROLLED_OVER, False)
    # SessionStarted first, then the slots, then Rasa's action_listen (as Rasa's carry-over).
    return [events[0], *carried_slots(tracker), *events[1:]]


def install() -> None:
    """Roll long sessions over in every processor of this process (idempotent)."""
    MessageProcessor._has_session_expired = _has_session_expired  # type: ignore[method-assign]
    ActionSessionStart.run = _session_start_run  # type: ignore[method-assign]
