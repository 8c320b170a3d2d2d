"""Rasa's SQL tracker store, with its connection kept open and recent trackers kept built.

Rasa 3.6.21's `SQLTrackerStore` does, for every turn of a conversation, three times over (the
first read, the save after the user's message, the save after the bot's reply):

- open a new database connection (SQLAlchemy gives SQLite files a `NullPool`) and close it;
- run a query over the conversation's latest session (a sub-query for its start, then every
  event of it), either to rebuild the tracker or only to *count* the events already stored,
  so that `save` knows which of the tracker's events are new;
- rebuild the tracker by parsing every event of the session and replaying it: a cost that
  grows with every message, so the 200th turn of a long chat was several times slower than
  the first (issue 16).

This store keeps the same table, the same rows and the same answers, and changes only how it
gets them:

- SQLite: one connection per thread, kept open, in WAL mode with ``synchronous=NORMAL`` (a
  commit survives the process dying; only a power cut can lose the last commits) and a busy
  timeout, instead of a new connection three times a turn. PostgreSQL keeps Rasa's pool, with
  each connection checked before use (a database restart costs no turn).
- For the most recent `cache_conversations` conversations the *built* tracker of the latest
  session is kept, as it stood after the last save, and each retrieve hands out a cheap copy of
  it (the event list and the slots copied, the events themselves shared: Rasa only ever
  appends events). Before a kept tracker is used, one indexed query checks that the newest
  event id stored for the conversation is the one this process wrote or read last: if anything
  else wrote to the conversation (another replica, a restart, a tool), the tracker is dropped
  and rebuilt from the database as Rasa builds it. After a save the new events are appended to
  what is kept, after checking that nobody else wrote in between. The database stays the only
  source of truth; a turn that failed before its save leaves the kept tracker untouched.
- Events go to the event broker (if configured) after they are committed, counted from memory
  instead of by a second retrieve, each with its row id as ``event_id`` (so a consumer can
  keep each event once, in order).

Configure it in `endpoints.yml` with ``type: bot.tracker_store.CachedSQLTrackerStore`` and the
same keys as Rasa's ``type: SQL``; ``cache_conversations: 0`` turns the memory off.
"""

from __future__ import annotations

import copy
import dataclasses
import itertools
import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import SingletonThreadPool

logger = logging.getLogger(__name__)

DEFAULT_CACHE_CONVERSATIONS = 2000
_NEWEST_ID = sa.text("SELECT max(id) FROM events WHERE sender_id = :sender_id")
_WRITTEN_SINCE = sa.text("SELECT count(*) FROM events WHERE id > :after AND sender_id = :sender_id")
SQLITE_BUSY_TIMEOUT_MS = 10_000


@dataclass
class _Session:
    """One conversation's latest session as this process last stored or read it."""

    newest_id: int
    """The largest event id stored for the conversation (any session)."""
    tracker: DialogueStateTracker
    """The tracker built from the latest session's stored events; never handed out itself."""


def clone_tracker(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A copy of `tracker` in the same state, without replaying its events.

    Rasa's own `copy()` replays every event. Everything a tracker holds besides its events is
    state those events produced; the copy gets its own event list, slots, latest action and
    active loop (the parts Rasa changes in place), and shares the event objects and the latest
    messages, which Rasa never changes once applied.
    """
    twin = copy.copy(tracker)
    twin.events = tracker._create_events(list(tracker.events))
    slots = copy.copy(tracker.slots)
    for name, slot in tracker.slots.items():
        slots[name] = copy.copy(slot)
    twin.slots = slots
    if isinstance(tracker.latest_action, dict):
        twin.latest_action = dict(tracker.latest_action)
    if tracker.active_loop is not None:
        twin.active_loop = dataclasses.replace(tracker.active_loop)
    return twin


def _set_sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


class CachedSQLTrackerStore(SQLTrackerStore):
    """`SQLTrackerStore` with a kept-open SQLite connection and a checked per-process cache."""

    def __init__(
        self,
        *args: Any,
        cache_conversations: int = DEFAULT_CACHE_CONVERSATIONS,
        **kwargs: Any,
    ) -> None:
        """Open the store as Rasa's SQL store does, then tune the SQLite connection.

        Args:
            *args: Rasa's `SQLTrackerStore` arguments (domain, dialect, db, ...).
            cache_conversations: How many conversations' latest sessions to remember.
            **kwargs: Rasa's `SQLTrackerStore` keyword arguments.
        """
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(
                url,
                poolclass=SingletonThreadPool,
                connect_args={"check_same_thread": False},
            )
            sa.event.listen(self.engine, "connect", _set_sqlite_pragmas)
            self.sessionmaker = sessionmaker(bind=self.engine)
        else:
            # Rasa's pool (SQL_POOL_SIZE, SQL_MAX_OVERFLOW), with each connection checked as it
            # is taken: after a database restart the first turn gets a new connection instead
            # of failing on one the restart closed.
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, **create_engine_kwargs(url), pool_pre_ping=True)
            self.sessionmaker = sessionmaker(bind=self.engine)
        self._capacity = max(0, int(cache_conversations))
        self._sessions: OrderedDict[str, _Session] = OrderedDict()
        self.trackers_rebuilt = 0
        """How many times a tracker was rebuilt from stored events (the cost that grows)."""

    # -- the remembered sessions ---------------------------------------------------------------

    def _remember(self, sender_id: str, entry: _Session) -> None:
        if not self._capacity:
            return
        self._sessions[sender_id] = entry
        self._sessions.move_to_end(sender_id)
        while len(self._sessions) > self._capacity:
            self._sessions.popitem(last=False)

    def _newest_id(self, session: Any, sender_id: str) -> int | None:
        # Plain SQL: the ORM query costs more to build than the indexed lookup costs to run.
        return session.execute(_NEWEST_ID, {"sender_id": sender_id}).scalar()

    def _checked(self, session: Any, sender_id: str) -> _Session | None:
        """The remembered session, if the database still ends where this process left it."""
        entry = self._sessions.get(sender_id)
        if entry is None:
            return None
        if self._newest_id(session, sender_id) != entry.newest_id:
            logger.debug("Conversation '%s' changed outside this process; re-reading it", sender_id)
            del self._sessions[sender_id]
            return None
        self._sessions.move_to_end(sender_id)
        return entry

    # -- Rasa's interface ----------------------------------------------------------------------

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        if fetch_events_from_all_sessions or not self._capacity:
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        if not self.domain:
            return None
        with self.session_scope() as session:
            entry = self._checked(session, sender_id)
            if entry is None:
                stored = self._event_query(
                    session, sender_id, fetch_events_from_all_sessions=False
                ).all()
                if not stored:
                    return None
                self.trackers_rebuilt += 1
                tracker = DialogueStateTracker.from_dict(
                    sender_id, [json.loads(row.data) for row in stored], self.domain.slots
                )
                # Rows come in id order and the newest event belongs to the latest session;
                # were it ever not so, the next check would only miss and read again.
                entry = _Session(newest_id=stored[-1].id, tracker=tracker)
                self._remember(sender_id, entry)
        return clone_tracker(entry.tracker)

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """Nothing here: `save` publishes the events it stored, once they are stored."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker's new events, as Rasa's store does, counting them from memory.

        Then publish them to the event broker, if there is one: only what was stored.
        """
        sender_id = tracker.sender_id
        with self.session_scope() as session:
            entry = self._checked(session, sender_id) if self._capacity else None
            if entry is None:
                already = self._event_query(
                    session, sender_id, fetch_events_from_all_sessions=False
                ).count()
            else:
                already = len(entry.tracker.events)
            new_events = list(itertools.islice(tracker.events, already, len(tracker.events)))
            newest_id = None
            bodies = []
            insert = self.SQLEvent.__table__.insert()
            for event in new_events:
                data = event.as_dict()
                intent = data.get("parse_data", {}).get("intent", {})
                row = {
                    "sender_id": sender_id,
                    "type_name": event.type_name,
                    "timestamp": data.get("timestamp"),
                    "intent_name": intent.get(INTENT_NAME_KEY),
                    "action_name": data.get("name"),
                    "data": json.dumps(data),
                }
                # Core, not the ORM's unit of work: the same INSERT, and the new row's id.
                newest_id = session.execute(insert, row).inserted_primary_key[0]
                bodies.append({"sender_id": sender_id, "event_id": newest_id, **data})
            session.commit()
            if entry is not None and newest_id is not None:
                self._after_write(session, sender_id, entry, tracker, new_events, newest_id)
        if self.event_broker is not None:
            # Numbered by their row ids: the recorder keeps each once, in order.
            for body in bodies:
                self.event_broker.publish(body)
        logger.debug("Tracker with sender_id '%s' stored to database", sender_id)

    def _after_write(
        self,
        session: Any,
        sender_id: str,
        entry: _Session,
        tracker: DialogueStateTracker,
        new_events: list[Event],
        newest_id: int,
    ) -> None:
        """Remember the tracker as saved, unless the database holds more than this process knows.

        A new session is read afresh next time (Rasa then reads from its `SessionStarted`), and
        so is a conversation someone else wrote to while this process was writing.
        """
        if any(isinstance(event, SessionStarted) for event in new_events):
            self._sessions.pop(sender_id, None)
            return
        written_since = session.execute(
            _WRITTEN_SINCE, {"sender_id": sender_id, "after": entry.newest_id}
        ).scalar()
        if written_since != len(new_events):
            logger.debug("Conversation '%s' was written elsewhere meanwhile", sender_id)
            self._sessions.pop(sender_id, None)
            return
        self._remember(sender_id, _Session(newest_id, clone_tracker(tracker)))
