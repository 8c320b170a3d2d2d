"""Run in the Rasa environment by tests/bot/test_tracker_store.py; prints one JSON line.

Plays the same conversations into Rasa's own `SQLTrackerStore` and into our
`CachedSQLTrackerStore`, each on its own database, and reports what a test needs to compare.

    tracker_store_probe.py DOMAIN sqlite
    tracker_store_probe.py DOMAIN postgresql HOST PORT USER PLAIN_DB CACHED_DB
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.tracker_store import CachedSQLTrackerStore

DOMAIN = Domain.load(sys.argv[1])
T = time.time() + 60  # after the action_listen a new tracker starts with, stamped now


def turn(tracker, text: str, intent: str, action: str, at: float) -> None:
    """One user message and the bot's answer, with fixed timestamps."""
    tracker.update(UserUttered(text, {"name": intent, "confidence": 0.9}, timestamp=at))
    tracker.update(ActionExecuted(action, timestamp=at + 0.1))
    tracker.update(BotUttered(f"answer to {text}", timestamp=at + 0.2))
    tracker.update(ActionExecuted("action_listen", timestamp=at + 0.3))


def _untimed(data: dict) -> dict:
    """An event without its timestamp: a new tracker's first event is stamped with `now`."""
    return {key: value for key, value in data.items() if key != "timestamp"}


def rows(store) -> list[list]:
    with store.engine.connect() as connection:
        return [
            [sender, type_name, intent, action, _untimed(json.loads(data))]
            for sender, type_name, intent, action, data in connection.exec_driver_sql(
                "SELECT sender_id, type_name, intent_name, action_name, data "
                "FROM events ORDER BY id"
            )
        ]


def event_dicts(tracker) -> list[dict]:
    return [_untimed(event.as_dict()) for event in tracker.events] if tracker else []


async def play(store) -> dict:
    """The same story for either store; what each retrieve returned along the way."""
    seen = {}
    tracker = await store.get_or_create_tracker("alice")
    turn(tracker, "hello", "greet", "utter_greet", T)
    await store.save(tracker)
    tracker = await store.retrieve("alice")
    seen["after_first_turn"] = event_dicts(tracker)
    tracker.update(SlotSet("leave_type", "annual", timestamp=T + 1))
    turn(tracker, "book leave", "request_leave", "leave_form", T + 2)
    await store.save(tracker)
    await store.save(tracker)  # saving again adds nothing
    seen["after_second_turn"] = event_dicts(await store.retrieve("alice"))
    # A new session: Rasa then reads only the events from its SessionStarted on.
    tracker = await store.retrieve("alice")
    tracker.update(ActionExecuted("action_session_start", timestamp=T + 100))
    tracker.update(SessionStarted(timestamp=T + 100.1))
    tracker.update(ActionExecuted("action_listen", timestamp=T + 100.2))
    turn(tracker, "thanks", "thank", "utter_welcome", T + 101)
    await store.save(tracker)
    seen["new_session"] = event_dicts(await store.retrieve("alice"))
    seen["all_sessions"] = event_dicts(await store.retrieve_full_tracker("alice"))
    tracker = await store.get_or_create_tracker("bob")
    turn(tracker, "hi", "greet", "utter_greet", T + 200)
    await store.save(tracker)
    seen["bob"] = event_dicts(await store.retrieve("bob"))
    seen["nobody"] = event_dicts(await store.retrieve("nobody"))
    return seen


def databases() -> tuple[dict, str, str]:
    """Connection keywords for the stores, and the plain and cached databases' names."""
    if sys.argv[2] == "sqlite":
        work = Path(tempfile.mkdtemp())
        return {"dialect": "sqlite"}, str(work / "plain.db"), str(work / "cached.db")
    host, port, username, plain_db, cached_db = sys.argv[3:8]
    server = {"dialect": "postgresql", "host": host, "port": int(port), "username": username}
    return server, plain_db, cached_db


def state(tracker) -> dict:
    """Everything a tracker holds: its events and the state they produced."""
    return tracker.current_state(EventVerbosity.ALL) if tracker else {}


def form_turn(tracker, n: int, at: float) -> None:
    """A turn that opens, fills or closes the leave form, by turn number."""
    step = n % 3
    tracker.update(UserUttered(f"form {n}", {"name": "request_leave"}, timestamp=at))
    if step == 0:
        tracker.update(ActionExecuted("leave_form", timestamp=at + 0.1))
        tracker.update(ActiveLoop("leave_form", timestamp=at + 0.11))
        tracker.update(SlotSet("requested_slot", "leave_start", timestamp=at + 0.12))
    elif step == 1:
        tracker.update(ActionExecuted("leave_form", timestamp=at + 0.1))
        tracker.update(SlotSet("leave_start", f"2030-01-{n % 28 + 1:02d}", timestamp=at + 0.11))
        tracker.update(SlotSet("requested_slot", "leave_end", timestamp=at + 0.12))
    else:
        tracker.update(ActionExecuted("leave_form", timestamp=at + 0.1))
        tracker.update(SlotSet("leave_type", "annual", timestamp=at + 0.11))
        tracker.update(ActiveLoop(None, timestamp=at + 0.12))
        tracker.update(SlotSet("requested_slot", None, timestamp=at + 0.13))
    tracker.update(BotUttered(f"answer {n}", timestamp=at + 0.2))
    tracker.update(ActionExecuted("action_listen", timestamp=at + 0.3))


async def two_replicas(server: dict, db: str) -> dict:
    """Two cached stores (two replicas) take turns on one conversation; a plain store reads.

    After every save, each replica's retrieve must equal Rasa's own reading of the database;
    a turn that fails before its save must leave no trace; a long conversation on one replica
    must not be rebuilt from its events turn after turn.
    """
    first = CachedSQLTrackerStore(DOMAIN, db=db, **server)
    second = CachedSQLTrackerStore(DOMAIN, db=db, **server)
    reader = SQLTrackerStore(DOMAIN, db=db, **server)
    found: dict = {"mismatches": [], "turns": 0}
    sender = "shared"
    at = T + 1000
    for n in range(24):
        store = first if n % 4 < 2 else second  # two turns on each, in turn
        tracker = await store.get_or_create_tracker(sender)
        form_turn(tracker, n, at + n)
        await store.save(tracker)
        found["turns"] += 1
        expected = state(await reader.retrieve(sender))
        for name, replica in (("first", first), ("second", second)):
            if state(await replica.retrieve(sender)) != expected:
                found["mismatches"].append([n, name])

    # A turn that fails after changing its tracker (the active loop, a slot, new events) but
    # before saving: the next retrieve is the stored state, untouched.
    before = state(await first.retrieve(sender))
    failed = await first.retrieve(sender)
    form_turn(failed, 0, at + 100)
    failed.active_loop.is_interrupted = True
    failed.slots["leave_type"].value = "sick"
    found["failed_turn_left_no_trace"] = state(await first.retrieve(sender)) == before
    found["failed_turn_matches_rasa"] = before == state(await reader.retrieve(sender))

    # Flat cost: 300 more turns on one replica; count the trackers rebuilt from stored events
    # and the events replayed by the last retrieve.
    rebuilt_before = first.trackers_rebuilt
    for n in range(300):
        tracker = await first.retrieve(sender)
        turn(tracker, f"long {n}", "greet", "utter_greet", at + 200 + n)
        await first.save(tracker)
    applied = []
    original_update = DialogueStateTracker.update

    def counting_update(self, event, domain=None):
        applied.append(event)
        return original_update(self, event, domain)

    DialogueStateTracker.update = counting_update
    try:
        last = await first.retrieve(sender)
    finally:
        DialogueStateTracker.update = original_update
    found["rebuilt_during_long_run"] = first.trackers_rebuilt - rebuilt_before
    found["events_replayed_by_last_retrieve"] = len(applied)
    found["last_retrieve_events"] = len(last.events)
    found["long_run_matches_rasa"] = state(last) == state(await reader.retrieve(sender))
    return found


async def main() -> None:
    server, plain_db, cached_db = databases()
    results: dict = {}
    plain = SQLTrackerStore(DOMAIN, db=plain_db, **server)
    cached = CachedSQLTrackerStore(DOMAIN, db=cached_db, **server)
    results["plain"] = await play(plain)
    results["cached"] = await play(cached)
    results["rows_equal"] = rows(plain) == rows(cached)
    results["row_count"] = len(rows(cached))
    results["remembered"] = sorted(cached._sessions)

    # Somebody else (another process, another replica) writes to a remembered conversation:
    # the next retrieve must see it, and the next save must not write over or skip it.
    other = SQLTrackerStore(DOMAIN, db=cached_db, **server)
    outside = await other.retrieve("bob")
    outside.update(UserUttered("written elsewhere", {"name": "greet"}, timestamp=T + 300))
    await other.save(outside)
    mine = await cached.retrieve("bob")
    results["sees_outside_write"] = [e.get("text") for e in event_dicts(mine)].count(
        "written elsewhere"
    )
    mine.update(ActionExecuted("utter_greet", timestamp=T + 300.1))
    await cached.save(mine)
    results["bob_after_both"] = [(row[1], row[3]) for row in rows(cached) if row[0] == "bob"]

    # A bounded memory: the oldest conversation is forgotten, and still read correctly.
    small = CachedSQLTrackerStore(DOMAIN, db=cached_db, cache_conversations=1, **server)
    await small.retrieve("alice")
    await small.retrieve("bob")
    results["small_remembers"] = sorted(small._sessions)
    results["small_reads_alice"] = (
        event_dicts(await small.retrieve("alice")) == results["cached"]["new_session"]
    )
    off = CachedSQLTrackerStore(DOMAIN, db=cached_db, cache_conversations=0, **server)
    results["off_reads_alice"] = (
        event_dicts(await off.retrieve("alice")) == results["cached"]["new_session"]
    )
    results["off_remembers"] = sorted(off._sessions)

    results["two_replicas"] = await two_replicas(server, cached_db)

    results["dialect"] = cached.engine.dialect.name
    if results["dialect"] == "sqlite":
        with cached.engine.connect() as connection:
            results["journal_mode"] = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            results["synchronous"] = connection.exec_driver_sql("PRAGMA synchronous").scalar()
    sys.stdout.write(json.dumps(results) + "\n")


asyncio.run(main())
