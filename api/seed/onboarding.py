"""Gareth's onboarding checklist: he joined this week and has the first two items done."""

from datetime import date, timedelta

from sqlalchemy.orm import Session

from api.domain.onboarding import CHECKLIST, due_on
from api.models import Employee, OnboardingItem

NEW_JOINERS = {"100004": 2}  # staff number → how many items are already done


def seed_onboarding(session: Session, people: dict[str, Employee], _today: date) -> None:
    """Add the new joiners' checklists (the caller commits)."""
    for staff_number, done in NEW_JOINERS.items():
        _checklist(session, people[staff_number], done)


def _checklist(session: Session, employee: Employee, done: int) -> None:
    start = employee.start_date
    for position, item in enumerate(CHECKLIST):
        session.add(
            OnboardingItem(
                employee_id=employee.id,
                position=position,
                code=item.code,
                title=item.title,
                description=item.description,
                due_on=due_on(item, start),
                done_on=(start - timedelta(days=14) if item.code == "bpss_check" else start)
                if position < done
                else None,
                self_service=item.self_service,
            )
        )
