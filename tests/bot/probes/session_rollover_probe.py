"""Run in the Rasa environment by tests/bot/test_session_rollover.py; prints one JSON line.

Drives `bot.rasa_patches.session_rollover`'s patches of Rasa's processor and session-start
action with real trackers of our domain, and a roll-over through the tracker store.

    session_rollover_probe.py DOMAIN
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from rasa.core.actions.action import ActionSessionStart
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

import bot.components  # noqa: F401  (installs bot.rasa_patches, as loading our model does)
from bot.rasa_patches import session_rollover
from bot.tracker_store import CachedSQLTrackerStore

DOMAIN = Domain.load(sys.argv[1])
PROCESSOR = SimpleNamespace(domain=DOMAIN)  # all Rasa's expiry check reads of its processor


def conversation(exchanges: int, started: float) -> DialogueStateTracker:
    """A session of `exchanges` question-and-answer turns, then a slot set off its default."""
    tracker = DialogueStateTracker("alice", DOMAIN.slots)
    tracker.update(ActionExecuted("action_session_start", timestamp=started))
    tracker.update(SessionStarted(timestamp=started))
    tracker.update(ActionExecuted("action_listen", timestamp=started))
    for n in range(exchanges):
        at = started + n
        tracker.update(UserUttered("thanks", {"name": "thank"}, timestamp=at))
        tracker.update(ActionExecuted("utter_thank", timestamp=at + 0.1))
        tracker.update(BotUttered("You're welcome.", timestamp=at + 0.2))
        tracker.update(ActionExecuted("action_listen", timestamp=at + 0.3))
    tracker.update(SlotSet("leave_type", "sick", timestamp=started + exchanges))
    return tracker


def expired(tracker: DialogueStateTracker) -> bool:
    return bool(MessageProcessor._has_session_expired(PROCESSOR, tracker))


async def start(tracker: DialogueStateTracker) -> list[dict]:
    events = await ActionSessionStart().run(None, None, tracker, DOMAIN)
    described = []
    for event in events:
        row = {"event": event.type_name}
        if isinstance(event, SlotSet):
            row.update(name=event.key, value=event.value)
        described.append(row)
    return described


async def main() -> None:
    now = time.time()
    found: dict = {"limit": session_rollover.max_events()}
    short = conversation(10, now - 60)
    long = conversation(40, now - 60)
    found["events_in_long"] = session_rollover.events_in_session(long)
    found["short_expired"] = expired(short)
    found["long_expired"] = expired(long)
    found["long_start"] = await start(long)

    in_form = conversation(40, now - 60)
    in_form.update(ActiveLoop("leave_form", timestamp=now))
    found["in_form_expired"] = expired(in_form)

    paused = conversation(40, now - 60)
    paused._paused = True
    found["paused_expired"] = expired(paused)

    idle = conversation(40, now - 2 * 3600)  # older than the domain's 60-minute expiry
    found["idle_expired"] = expired(idle)
    found["idle_start"] = await start(idle)

    os.environ["RASA_SESSION_MAX_EVENTS"] = "0"
    found["off_expired"] = expired(conversation(40, now - 60))
    os.environ["RASA_SESSION_MAX_EVENTS"] = str(found["limit"])

    # Through the store: the rolled-over session is what the next turn reads, slots and all.
    database = str(Path(tempfile.mkdtemp()) / "tracker.db")
    store = CachedSQLTrackerStore(DOMAIN, dialect="sqlite", db=database)
    tracker = conversation(40, now - 60)
    await store.save(tracker)
    assert expired(tracker)
    tracker.update(ActionExecuted("action_session_start", timestamp=now))
    for event in await ActionSessionStart().run(None, None, tracker, DOMAIN):
        event.timestamp = now
        tracker.update(event)
    tracker.update(UserUttered("how much leave", {"name": "leave_balance"}, timestamp=now + 1))
    await store.save(tracker)
    after = await store.retrieve("alice")
    found["after_events"] = len(after.events)
    found["after_leave_type"] = after.get_slot("leave_type")
    found["after_expired"] = expired(after)
    full = await store.retrieve_full_tracker("alice")
    found["full_events"] = len(full.events)
    sys.stdout.write(json.dumps(found) + "\n")


asyncio.run(main())
