"""Payslips, year-to-date totals and comparisons for the signed-in employee."""

from datetime import date
from decimal import Decimal
from itertools import pairwise

from sqlalchemy.orm import Session

from api.domain.errors import NotFound, RuleBroken
from api.domain.money import ZERO
from api.domain.pay import Line, add_months, parse_period, pay_dates, tax_year_of
from api.domain.pay_compare import Comparison, SlipView, compare
from api.models import Employee, Payslip
from api.repositories import pay as pay_repo

NO_PAYSLIP = "We couldn't find a payslip for that month."


def next_pay_dates(today: date, count: int) -> list[tuple[str, date]]:
    """This month's pay date and the next ones, `count` in all, as (period, pay date)."""
    return pay_dates(today, count)


def payslips(session: Session, employee: Employee) -> list[Payslip]:
    """The employee's payslips, newest first."""
    return list(reversed(pay_repo.payslips_of(session, employee.id)))


def lines_of(payslip: Payslip) -> tuple[Line, ...]:
    """A stored payslip's lines as the domain sees them."""
    return tuple(Line(line.code, line.label, line.kind, line.amount) for line in payslip.lines)


def amount(payslip: Payslip, code: str) -> Decimal:
    """The amount of one line (0 if the payslip hasn't got it)."""
    return sum((line.amount for line in payslip.lines if line.code == code), ZERO)


def find(session: Session, employee: Employee, period: str) -> Payslip:
    """One of the employee's payslips.

    Raises:
        NotFound: when there is none for that period (or it isn't a `YYYY-MM` period).
    """
    for payslip in pay_repo.payslips_of(session, employee.id):
        if payslip.period == period:
            return payslip
    raise NotFound(NO_PAYSLIP)


def year_to_date(session: Session, payslip: Payslip) -> dict[str, Decimal]:
    """Gross, tax, NI and pension of the payslip's tax year up to and including it."""
    year = tax_year_of(payslip.period)
    slips = [
        slip
        for slip in pay_repo.payslips_of(session, payslip.employee_id)
        if tax_year_of(slip.period) == year and slip.period <= payslip.period
    ]
    return {
        "gross": sum((slip.gross for slip in slips), ZERO),
        "tax": sum((amount(slip, "TAX") for slip in slips), ZERO),
        "ni": sum((amount(slip, "NI") for slip in slips), ZERO),
        "pension": sum((amount(slip, "PENSION") for slip in slips), ZERO),
    }


def _view(payslip: Payslip) -> SlipView:
    return SlipView(
        period=payslip.period,
        tax_code=payslip.tax_code,
        annual_salary=payslip.annual_salary,
        lines=lines_of(payslip),
        net=payslip.net,
    )


def _award_start(slips: list[Payslip], older: Payslip, newer: Payslip) -> str | None:
    """When a pay award between the two payslips took effect (arrears reach back to it)."""
    for before, after in pairwise(slips):
        if (
            older.period < after.period <= newer.period
            and after.annual_salary > before.annual_salary
        ):
            monthly_rise = (after.annual_salary - before.annual_salary) / 12
            months = int((amount(after, "ARREARS") / monthly_rise).to_integral_value())
            return add_months(after.period, -months)
    return None


def comparison(
    session: Session, employee: Employee, from_period: str | None, to_period: str | None
) -> Comparison:
    """Compare two of the employee's payslips (by default the latest two).

    Raises:
        NotFound: when either payslip doesn't exist.
        RuleBroken: `invalid_request` when a month isn't `YYYY-MM` or `from` isn't before `to`.
    """
    slips = pay_repo.payslips_of(session, employee.id)
    by_period = {slip.period: slip for slip in slips}
    for period in (from_period, to_period):
        if period is not None:
            _check_period(period)
    if to_period is None:
        to_period = slips[-1].period if slips else None
    if from_period is None and to_period is not None:
        earlier = [slip.period for slip in slips if slip.period < to_period]
        from_period = earlier[-1] if earlier else None
    if from_period is None or to_period is None:
        raise NotFound("You need at least two payslips to compare.")
    if from_period not in by_period or to_period not in by_period:
        raise NotFound(NO_PAYSLIP)
    if from_period >= to_period:
        raise RuleBroken(
            "invalid_request", "Please give the earlier month as from and the later as to."
        )
    older, newer = by_period[from_period], by_period[to_period]
    return compare(_view(older), _view(newer), _award_start(slips, older, newer))


def _check_period(period: str) -> None:
    try:
        parse_period(period)
    except ValueError as error:
        raise RuleBroken(
            "invalid_request", "Please give months as YYYY-MM, for example 2026-10."
        ) from error
