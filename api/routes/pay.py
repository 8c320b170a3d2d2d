"""Pay dates, payslips and why pay changed."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import CurrentEmployee, SessionDep, TodayDep
from api.presenters.pay import comparison_out, pay_dates_out, payslip_out, summary_out
from api.schemas.common import ErrorBody
from api.schemas.pay import PayComparisonOut, PayDatesOut, PayslipOut, PayslipSummaryOut
from api.services import pay as pay_service

router = APIRouter(prefix="/v1", tags=["pay"], responses={401: {"model": ErrorBody}})
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody}}


@router.get("/pay/dates")
def dates(
    _employee: CurrentEmployee, today: TodayDep, count: Annotated[int, Query(ge=1, le=24)] = 3
) -> PayDatesOut:
    """The pay-date rule, and this month's pay date and the next ones (`count` in all)."""
    return pay_dates_out(pay_service.next_pay_dates(today, count))


@router.get("/me/payslips")
def payslips(employee: CurrentEmployee, session: SessionDep) -> list[PayslipSummaryOut]:
    """Your payslips, newest first."""
    return [summary_out(slip) for slip in pay_service.payslips(session, employee)]


@router.get("/me/payslips/compare", responses={**NOT_FOUND, 422: {"model": ErrorBody}})
def compare(
    employee: CurrentEmployee,
    session: SessionDep,
    from_period: Annotated[str | None, Query(alias="from")] = None,
    to_period: Annotated[str | None, Query(alias="to")] = None,
) -> PayComparisonOut:
    """What changed between two payslips (default: your latest two), line by line, and why."""
    return comparison_out(pay_service.comparison(session, employee, from_period, to_period))


@router.get("/me/payslips/{period}", responses=NOT_FOUND)
def payslip(period: str, employee: CurrentEmployee, session: SessionDep) -> PayslipOut:
    """One payslip (`YYYY-MM`) with its lines and the tax year's totals so far."""
    slip = pay_service.find(session, employee, period)
    return payslip_out(slip, pay_service.year_to_date(session, slip))
