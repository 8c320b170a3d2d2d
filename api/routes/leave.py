"""The signed-in employee's leave: balance, requests, quotes, bookings, bank holidays."""

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, status

from api.deps import CurrentEmployee, NowDep, RetriedWriteDep, SessionDep, TodayDep
from api.domain.leave import Ask
from api.presenters.leave import balance_out, bank_holidays_out, quote_out, request_out
from api.schemas.common import ErrorBody
from api.schemas.leave import (
    BalanceOut,
    BankHolidaysOut,
    LeaveQuoteIn,
    LeaveRequestIn,
    LeaveRequestOut,
    QuoteOut,
)
from api.services import leave as leave_service

router = APIRouter(prefix="/v1/me", tags=["leave"], responses={401: {"model": ErrorBody}})
REFUSAL: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "A refusal: the code says which rule."}
}


@router.get("/leave/balance")
def balance(
    employee: CurrentEmployee, session: SessionDep, today: TodayDep, on: date | None = None
) -> BalanceOut:
    """Annual leave of the leave year containing `on` (default today), in days."""
    return balance_out(leave_service.balance_for(session, employee, on or today))


@router.get("/leave/requests")
def list_requests(
    employee: CurrentEmployee,
    session: SessionDep,
    today: TodayDep,
    status: Literal["pending", "approved", "rejected", "cancelled"] | None = None,
    upcoming: bool = False,
) -> list[LeaveRequestOut]:
    """The employee's requests, newest start first; `upcoming=true` keeps those not yet over."""
    requests = leave_service.requests_of(session, employee, status, today if upcoming else None)
    return [request_out(request, today) for request in requests]


@router.post("/leave/quote", responses=REFUSAL)
def quote(
    body: LeaveQuoteIn, employee: CurrentEmployee, session: SessionDep, today: TodayDep
) -> QuoteOut:
    """What a request would cost and leave, or the refusal it would get. Writes nothing.

    Give `end_date`, or `working_days` to have the API find the end date.
    """
    ask = Ask(**body.model_dump(exclude={"note"}))
    return quote_out(leave_service.quote(session, employee, ask, today), employee.line_manager)


@router.post(
    "/leave/requests",
    status_code=status.HTTP_201_CREATED,
    responses={**REFUSAL, 200: {"model": LeaveRequestOut}, 409: {"model": ErrorBody}},
)
def book(
    body: LeaveRequestIn,
    employee: CurrentEmployee,
    session: SessionDep,
    today: TodayDep,
    now: NowDep,
    write: RetriedWriteDep,
) -> LeaveRequestOut:
    """Ask for leave. It starts as pending until the line manager decides.

    Send a fresh `Idempotency-Key` per request: the same key and body again answers 200 with the
    same request; the same key with another body is 409 `idempotency_key_reused`.
    """
    request, created = leave_service.book(session, employee, body, write.key, today, now)
    write.answer(created)
    return request_out(request, today)


@router.post(
    "/leave/requests/{request_id}/cancel",
    responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def cancel(
    request_id: int, employee: CurrentEmployee, session: SessionDep, today: TodayDep
) -> LeaveRequestOut:
    """Cancel your own pending request, or approved leave that hasn't started (idempotent)."""
    return request_out(leave_service.cancel(session, employee, request_id, today), today)


@router.get("/bank-holidays")
def bank_holidays(
    employee: CurrentEmployee,
    today: TodayDep,
    count: Annotated[int, Query(ge=1, le=50)] = 5,
) -> BankHolidaysOut:
    """The next bank holidays where the employee works (from today)."""
    holidays = leave_service.next_bank_holidays(employee, today, count)
    return bank_holidays_out(employee.region, holidays)
