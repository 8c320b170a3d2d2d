"""The signed-in employee's leave: balance, requests, quotes, bookings, bank holidays."""

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Response, status

from api.deps import CurrentEmployee, NowDep, SessionDep, TodayDep
from api.domain import calendar, leave
from api.repositories import leave as leave_repo
from api.schemas import (
    BalanceOut,
    BankHolidayOut,
    BankHolidaysOut,
    ErrorBody,
    LeaveQuoteIn,
    LeaveRequestIn,
    LeaveRequestOut,
    QuoteOut,
)
from api.services import leave as leave_service
from api.services.views import leave_request_out, person_ref

router = APIRouter(prefix="/v1/me", tags=["leave"], responses={401: {"model": ErrorBody}})
REFUSAL: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "A refusal: the code says which rule."}
}


@router.get("/leave/balance")
def balance(
    employee: CurrentEmployee, session: SessionDep, today: TodayDep, on: date | None = None
) -> BalanceOut:
    """Annual leave of the leave year containing `on` (default today), in days."""
    result = leave_service.balance_for(session, employee, on or today)
    return BalanceOut(
        leave_year_start=result.leave_year_start,
        leave_year_end=result.leave_year_end,
        entitlement=result.entitlement,
        carried_over=result.carried_over,
        taken=result.taken,
        booked=result.booked,
        pending=result.pending,
        remaining=result.remaining,
    )


@router.get("/leave/requests")
def list_requests(
    employee: CurrentEmployee,
    session: SessionDep,
    today: TodayDep,
    status: Literal["pending", "approved", "rejected", "cancelled"] | None = None,
    upcoming: bool = False,
) -> list[LeaveRequestOut]:
    """The employee's requests, newest start first; `upcoming=true` keeps those not yet over."""
    requests = leave_repo.of_employee(
        session, employee.id, status=status, ending_from=today if upcoming else None
    )
    return [leave_request_out(request, today) for request in requests]


@router.post("/leave/quote", responses=REFUSAL)
def quote(
    body: LeaveQuoteIn, employee: CurrentEmployee, session: SessionDep, today: TodayDep
) -> QuoteOut:
    """What a request would cost and leave, or the refusal it would get. Writes nothing.

    Give `end_date`, or `working_days` to have the API find the end date.
    """
    ask = leave.Ask(**body.model_dump(exclude={"note"}))
    result = leave_service.check_request(session, employee, ask, today)
    session.rollback()
    return QuoteOut(
        start_date=result.start_date,
        end_date=result.end_date,
        portion=result.portion,
        leave_type=result.leave_type,
        days=result.days,
        balance_before=result.balance_before,
        balance_after=result.balance_before - result.days
        if result.leave_type == "annual"
        else result.balance_before,
        approver=person_ref(employee.line_manager),
    )


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
    response: Response,
    idempotency_key: Annotated[str, Header(min_length=1, max_length=200)],
) -> LeaveRequestOut:
    """Ask for leave. It starts as pending until the line manager decides.

    Send a fresh `Idempotency-Key` per request: the same key and body again answers 200 with the
    same request; the same key with another body is 409 `idempotency_key_reused`.
    """
    request, created = leave_service.book(session, employee, body, idempotency_key, today, now)
    if not created:
        response.status_code = status.HTTP_200_OK
    return leave_request_out(request, today)


@router.post(
    "/leave/requests/{request_id}/cancel",
    responses={404: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def cancel(
    request_id: int, employee: CurrentEmployee, session: SessionDep, today: TodayDep
) -> LeaveRequestOut:
    """Cancel your own pending request, or approved leave that hasn't started (idempotent)."""
    return leave_request_out(leave_service.cancel(session, employee, request_id, today), today)


@router.get("/bank-holidays")
def bank_holidays(
    employee: CurrentEmployee,
    today: TodayDep,
    count: Annotated[int, Query(ge=1, le=50)] = 5,
) -> BankHolidaysOut:
    """The next bank holidays where the employee works (from today)."""
    upcoming = calendar.next_bank_holidays(employee.region, today, count)
    return BankHolidaysOut(
        region=employee.region,
        holidays=[BankHolidayOut(date=day, name=name) for day, name in upcoming],
    )
