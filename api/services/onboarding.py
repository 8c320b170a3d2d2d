"""The signed-in new joiner's checklist."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.domain.errors import NotFound
from api.domain.onboarding import check_can_complete
from api.models import Employee, OnboardingItem

NO_CHECKLIST = "You don't have an onboarding checklist."
NO_ITEM = "There's no item with that name on your onboarding checklist."


def items_of(session: Session, employee: Employee) -> list[OnboardingItem]:
    """The employee's checklist, in order.

    Raises:
        NotFound: when they have none.
    """
    query = (
        select(OnboardingItem)
        .where(OnboardingItem.employee_id == employee.id)
        .order_by(OnboardingItem.position)
    )
    items = list(session.scalars(query))
    if not items:
        raise NotFound(NO_CHECKLIST)
    return items


def complete(session: Session, employee: Employee, code: str, today: date) -> OnboardingItem:
    """Tick an item off (idempotent: the first date stays).

    Raises:
        NotFound: when they have no such item.
        Conflict: `not_self_service` for items only HR can tick.
    """
    item = next((i for i in items_of(session, employee) if i.code == code), None)
    if item is None:
        raise NotFound(NO_ITEM)
    check_can_complete(item.self_service, item.title)
    if item.done_on is None:
        item.done_on = today
        session.commit()
    return item
