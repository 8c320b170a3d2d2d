"""Bring a database to the current schema (Alembic) and seed it when it is empty."""

from datetime import date
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import func, select

from api.core.config import ApiSettings
from api.core.db import make_engine, make_session_factory
from api.knowledge import load_all
from api.models import Employee
from api.seed import seed_department
from api.services.knowledge import upsert

ALEMBIC_INI = Path(__file__).with_name("alembic.ini")


def alembic_config(settings: ApiSettings) -> Config:
    """The Alembic configuration pointed at `settings.database_url`."""
    config = Config(str(ALEMBIC_INI))
    config.attributes["database_url"] = settings.database_url
    return config


def prepare_database(
    settings: ApiSettings, *, seed: bool = True, today: date | None = None
) -> None:
    """Migrate the database to head and, if it has no employees, seed the synthetic department.

    Args:
        settings: Gives `DATABASE_URL`.
        seed: Whether to seed an empty database.
        today: The date the seed is relative to (defaults to today by the settings' clock:
            `CLOCK_PINNED_AT`, or the system clock).
    """
    command.upgrade(alembic_config(settings), "head")
    if not seed:
        return
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as session:
            if session.scalar(select(func.count()).select_from(Employee)) == 0:
                seed_department(session, today or settings.clock().today())
                session.commit()
    finally:
        engine.dispose()


def reset_database(settings: ApiSettings) -> None:
    """Drop every table (downgrade to base), so `prepare_database` rebuilds from scratch."""
    command.downgrade(alembic_config(settings), "base")


def load_knowledge(settings: ApiSettings, today: date | None = None) -> int:
    """Add or update the knowledge base from `api/knowledge/*.md` (the schema must be current).

    Returns:
        How many answers were added or changed.
    """
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as session:
            changed = upsert(session, load_all(), today or settings.clock().today())
            session.commit()
            return changed
    finally:
        engine.dispose()
