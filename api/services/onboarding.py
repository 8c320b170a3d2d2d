"""The signed-in new joiner's checklist."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.domain.errors import Conflict, NotFound
from api.domain.onboarding import check_can_complete, is_overdue
from api.models import Employee, OnboardingItem
from api.schemas.onboarding import OnboardingItemOut

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


def item_out(item: OnboardingItem, today: date) -> OnboardingItemOut:
    """An item as the API shows it, with whether it is overdue today."""
    return OnboardingItemOut(
        code=item.code,
        title=item.title,
        description=item.description,
        due_on=item.due_on,
        done_on=item.done_on,
        overdue=is_overdue(item.due_on, item.done_on, today),
        self_service=item.self_service,
    )


def complete(session: Session, employee: Employee, code: str, today: date) -> OnboardingItem:
    """Tick an item off (idempotent: the first date stays).

    Raises:
        NotFound: when they have no such item.
        Conflict: `not_self_service` for items only HR can tick.
    """
    item = next((i for i in items_of(session, employee) if i.code == code), None)
    if item is None:
        raise NotFound(NO_ITEM)
    try:
        check_can_complete(item.self_service, item.title)
    except Conflict:
        session.rollback()
        raise
    if item.done_on is None:
        item.done_on = today
        session.commit()
    return item
