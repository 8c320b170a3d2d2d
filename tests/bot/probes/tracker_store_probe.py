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
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)

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

    results["dialect"] = cached.engine.dialect.name
    if results["dialect"] == "sqlite":
        with cached.engine.connect() as connection:
            results["journal_mode"] = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            results["synchronous"] = connection.exec_driver_sql("PRAGMA synchronous").scalar()
    sys.stdout.write(json.dumps(results) + "\n")


asyncio.run(main())
