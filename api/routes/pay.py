"""Pay dates, payslips and why pay changed."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import CurrentEmployee, SessionDep, TodayDep
from api.domain.pay import PAY_DATE_RULE, pay_dates
from api.models import Payslip
from api.repositories import pay as pay_repo
from api.schemas import ErrorBody
from api.schemas.pay import (
    LineChangeOut,
    PayComparisonOut,
    PayDateOut,
    PayDatesOut,
    PayslipLineOut,
    PayslipOut,
    PayslipSummaryOut,
    YearToDateOut,
)
from api.services import pay as pay_service

router = APIRouter(prefix="/v1", tags=["pay"], responses={401: {"model": ErrorBody}})
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody}}


def _summary(payslip: Payslip) -> PayslipSummaryOut:
    return PayslipSummaryOut(
        period=payslip.period,
        pay_date=payslip.pay_date,
        gross=payslip.gross,
        deductions=payslip.deductions,
        net=payslip.net,
        tax_code=payslip.tax_code,
    )


@router.get("/pay/dates")
def dates(
    _employee: CurrentEmployee, today: TodayDep, count: Annotated[int, Query(ge=1, le=24)] = 3
) -> PayDatesOut:
    """The pay-date rule, and this month's pay date and the next ones (`count` in all)."""
    return PayDatesOut(
        rule=PAY_DATE_RULE,
        dates=[PayDateOut(period=period, pay_date=day) for period, day in pay_dates(today, count)],
    )


@router.get("/me/payslips")
def payslips(employee: CurrentEmployee, session: SessionDep) -> list[PayslipSummaryOut]:
    """Your payslips, newest first."""
    return [_summary(slip) for slip in reversed(pay_repo.payslips_of(session, employee.id))]


@router.get("/me/payslips/compare", responses={**NOT_FOUND, 422: {"model": ErrorBody}})
def compare(
    employee: CurrentEmployee,
    session: SessionDep,
    from_period: Annotated[str | None, Query(alias="from")] = None,
    to_period: Annotated[str | None, Query(alias="to")] = None,
) -> PayComparisonOut:
    """What changed between two payslips (default: your latest two), line by line, and why."""
    result = pay_service.comparison(session, employee, from_period, to_period)
    return PayComparisonOut(
        from_=result.from_period,
        to=result.to_period,
        net_change=result.net_change,
        changes=[
            LineChangeOut(
                code=change.code,
                label=change.label,
                from_amount=change.from_amount,
                to_amount=change.to_amount,
                change=change.change,
            )
            for change in result.changes
        ],
        tax_code_change=(
            None
            if result.tax_code_change is None
            else {"from": result.tax_code_change[0], "to": result.tax_code_change[1]}
        ),
        explanation=list(result.explanation),
    )


@router.get("/me/payslips/{period}", responses=NOT_FOUND)
def payslip(period: str, employee: CurrentEmployee, session: SessionDep) -> PayslipOut:
    """One payslip (`YYYY-MM`) with its lines and the tax year's totals so far."""
    slip = pay_service.find(session, employee, period)
    totals = pay_service.year_to_date(session, slip)
    return PayslipOut(
        **_summary(slip).model_dump(),
        lines=[
            PayslipLineOut(code=line.code, label=line.label, kind=line.kind, amount=line.amount)
            for line in slip.lines
        ],
        ni_category=slip.ni_category,
        year_to_date=YearToDateOut(**totals),
    )
