"""Queries on new joiners' checklists."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import OnboardingItem


def items_of(session: Session, employee_id: int) -> list[OnboardingItem]:
    """The employee's checklist items, in order."""
    query = (
        select(OnboardingItem)
        .where(OnboardingItem.employee_id == employee_id)
        .order_by(OnboardingItem.position)
    )
    return list(session.scalars(query))
