"""The synthetic department of the embedded profile, generated from `today` (the clock's).

`seed_department` adds the personas and their leave (`department.py`), then runs each skill's
seed in `SKILL_SEEDS`, in order. A skill's seed is `seed_<skill>(session, people, today)` in
`api/seed/<skill>.py`: it adds its rows for the people it concerns (`people` by staff number)
relative to `today`, reads no other clock, and leaves the commit to the caller. The story it tells
must hold on any day: `tests/api/test_seed_story.py` checks it at awkward days.
"""

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from api.models import Employee
from api.seed.department import most_recent_monday, seed_people
from api.seed.expenses import seed_expenses
from api.seed.knowledge import seed_knowledge
from api.seed.onboarding import seed_onboarding
from api.seed.pay import seed_pay
from api.seed.procurement import seed_procurement

__all__ = ["SKILL_SEEDS", "most_recent_monday", "seed_department"]

SkillSeed = Callable[[Session, dict[str, Employee], date], None]

SKILL_SEEDS: tuple[SkillSeed, ...] = (
    seed_pay,
    seed_expenses,
    seed_onboarding,
    seed_procurement,
    seed_knowledge,
)


def seed_department(session: Session, today: date) -> None:
    """Add the whole department as of `today` (the caller commits)."""
    people = seed_people(session, today)
    for seed in SKILL_SEEDS:
        seed(session, people, today)
    session.flush()
