"""The knowledge base's answers, from `api/knowledge/*.md`."""

from datetime import date

from sqlalchemy.orm import Session

from api.knowledge import load_all
from api.models import Employee
from api.services.knowledge import upsert


def seed_knowledge(session: Session, _people: dict[str, Employee], today: date) -> None:
    """Load every answer, dated `today` (the caller commits)."""
    upsert(session, load_all(), today)
