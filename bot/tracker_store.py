"""Rasa's SQL tracker store, with its connection kept open and recent conversations remembered.

Rasa 3.6.21's `SQLTrackerStore` does, for every turn of a conversation, three times over (the
first read, the save after the user's message, the save after the bot's reply):

- open a new database connection (SQLAlchemy gives SQLite files a `NullPool`) and close it;
- run a query over the conversation's latest session (a sub-query for its start, then every
  event of it), either to rebuild the tracker or only to *count* the events already stored,
  so that `save` knows which of the tracker's events are new.

Measured under load that was a third of Rasa's CPU per turn (reports/tuning.md). This store
keeps the same table, the same rows and the same answers, and changes only how it gets them:

- SQLite: one connection per thread, kept open, in WAL mode with ``synchronous=NORMAL`` (a
  commit survives the process dying; only a power cut can lose the last commits) and a busy
  timeout, instead of a new connection three times a turn. PostgreSQL keeps Rasa's pool.
- The events of each conversation's latest session are remembered (as the JSON text stored in
  the row) for the most recent `cache_conversations` conversations. Before a remembered copy is
  used, one indexed query checks that the newest event id stored for the conversation is the
  one this process wrote or read last: if anything else wrote to the conversation (another
  replica, a restart, a tool), the copy is dropped and the events are read from the database
  as Rasa reads them. The database stays the only source of truth.

Configure it in `endpoints.yml` with ``type: bot.tracker_store.CachedSQLTrackerStore`` and the
same keys as Rasa's ``type: SQL``; ``cache_conversations: 0`` turns the memory off.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import SingletonThreadPool

logger = logging.getLogger(__name__)

DEFAULT_CACHE_CONVERSATIONS = 2000
_NEWEST_ID = sa.text("SELECT max(id) FROM events WHERE sender_id = :sender_id")
SQLITE_BUSY_TIMEOUT_MS = 10_000


@dataclass
class _Session:
    """What the database holds of one conversation's latest session, as Rasa would query it."""

    newest_id: int
    """The largest event id stored for the conversation (any session)."""
    rows: list[tuple[float | None, str, str]]
    """(timestamp, type name, JSON data) of each event of the latest session, in id order."""


def _set_sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _latest_session(
    rows: list[tuple[float | None, str, str]],
) -> list[tuple[float | None, str, str]]:
    """Keep the rows Rasa's session query would return: from the newest SessionStarted on."""
    starts = [
        timestamp
        for timestamp, type_name, _ in rows
        if type_name == SessionStarted.type_name and timestamp is not None
    ]
    if not starts:
        return rows
    start = max(starts)
    return [row for row in rows if row[0] is not None and row[0] >= start]


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
        self._capacity = max(0, int(cache_conversations))
        self._sessions: OrderedDict[str, _Session] = OrderedDict()

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
        with self.session_scope() as session:
            entry = self._checked(session, sender_id)
            if entry is None:
                stored = self._event_query(
                    session, sender_id, fetch_events_from_all_sessions=False
                ).all()
                if not stored:
                    return None
                entry = _Session(
                    # Rows come in id order and the newest event belongs to the latest session;
                    # were it ever not so, the next check would only miss and read again.
                    newest_id=stored[-1].id,
                    rows=[(row.timestamp, row.type_name, row.data) for row in stored],
                )
                self._remember(sender_id, entry)
        if not self.domain or not entry.rows:
            return None
        events = [json.loads(data) for _, _, data in entry.rows]
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker's new events, as Rasa's store does, counting them from memory."""
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        with self.session_scope() as session:
            entry = self._checked(session, sender_id) if self._capacity else None
            if entry is None:
                already = self._event_query(
                    session, sender_id, fetch_events_from_all_sessions=False
                ).count()
            else:
                already = len(entry.rows)
            new_rows: list[tuple[float | None, str, str]] = []
            newest_id = None
            insert = self.SQLEvent.__table__.insert()
            for event in itertools.islice(tracker.events, already, len(tracker.events)):
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
                new_rows.append((row["timestamp"], row["type_name"], row["data"]))
            session.commit()
        if entry is not None and newest_id is not None:
            rows = _latest_session(entry.rows + new_rows)
            self._remember(sender_id, _Session(newest_id, rows))
        logger.debug("Tracker with sender_id '%s' stored to database", sender_id)
