"""Engine and session factory.

SQLite gets WAL, a 5 second busy timeout, foreign keys, and `BEGIN IMMEDIATE` for every
transaction that may write, so writers are serialised and two bookings can never read the same
balance and both succeed. Transactions of the read-only session factory (the API's GET
requests) begin deferred instead: in WAL mode they read a consistent snapshot without taking
the write lock, so a lookup never queues behind a booking or another lookup. On PostgreSQL
the booking service locks the employee row (`SELECT ... FOR UPDATE`).
"""

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def make_engine(database_url: str) -> Engine:
    """Build the engine for `database_url`, with the SQLite settings described above.

    Args:
        database_url: A SQLAlchemy URL (`sqlite:///...` or `postgresql+psycopg://...`).

    Returns:
        A ready engine; the SQLite file's folder is created if missing.
    """
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 5})
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (the documented pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


READ_ONLY = "shared_services_read_only"
"""Execution option marking connections whose transactions only read."""


def _begin(connection: Any) -> None:
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return the session factory the routes use (no autoflush surprises, no expiry on commit)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def make_read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for requests that only read: same pool, transactions begin deferred on SQLite.

    A write through such a session still works (SQLite upgrades the transaction), but without
    `BEGIN IMMEDIATE`'s guarantee; anything that writes uses `make_session_factory`.
    """
    return sessionmaker(bind=engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)
