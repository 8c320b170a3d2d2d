"""A new joiner's checklist, as the API shows it."""

from datetime import date

from api.domain.onboarding import is_overdue
from api.models import OnboardingItem
from api.presenters import fill
from api.schemas.onboarding import OnboardingItemOut, OnboardingOut


def item_out(item: OnboardingItem, today: date) -> OnboardingItemOut:
    """An item, with whether it is overdue `today`."""
    return fill(OnboardingItemOut, item, overdue=is_overdue(item.due_on, item.done_on, today))


def checklist_out(start_date: date, items: list[OnboardingItem], today: date) -> OnboardingOut:
    """The checklist of someone who started on `start_date`, in order."""
    return OnboardingOut(start_date=start_date, items=[item_out(item, today) for item in items])
