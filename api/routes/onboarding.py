"""A new joiner's checklist."""

from fastapi import APIRouter

from api.deps import CurrentEmployee, SessionDep, TodayDep
from api.presenters.onboarding import checklist_out, item_out
from api.schemas.common import ErrorBody
from api.schemas.onboarding import OnboardingItemOut, OnboardingOut
from api.services import onboarding

router = APIRouter(
    prefix="/v1/me/onboarding",
    tags=["onboarding"],
    responses={401: {"model": ErrorBody}, 404: {"model": ErrorBody}},
)


@router.get("")
def checklist(employee: CurrentEmployee, session: SessionDep, today: TodayDep) -> OnboardingOut:
    """Your onboarding checklist with due dates and what is overdue (404 if you have none)."""
    return checklist_out(employee.start_date, onboarding.items_of(session, employee), today)


@router.post("/{code}/complete", responses={409: {"model": ErrorBody}})
def complete(
    code: str, employee: CurrentEmployee, session: SessionDep, today: TodayDep
) -> OnboardingItemOut:
    """Tick an item off (idempotent). Items only HR can tick are 409 `not_self_service`."""
    return item_out(onboarding.complete(session, employee, code, today), today)
