"""Payslips for the synthetic department, relative to `today` and deterministic.

Everyone is paid from the April of the last complete tax year (so its P60 is whole), or the
month before a year ago if that is earlier, up to the latest pay date; never before their first
paid month (`first_paid_period`: Gareth, who joined this week, after payroll closed, has no
payslip yet on any day). A 5% pay award takes effect in the most recent August that has been
followed by two paydays; it is paid from September with August's difference as arrears, so
basic pay never goes up between anyone's latest two payslips. Priya's tax code changes from
1257L to 1185L on her latest payslip (HMRC collecting tax on her medical insurance, which her
P11D shows), so "why has my pay changed?" always has a tax code to explain. Sam has overtime
once, Aisha two days of unpaid leave once, and Priya and Gareth repay a plan 2 student loan.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from api.domain.money import ZERO, pennies
from api.domain.pay import (
    PayInputs,
    add_months,
    calculate_payslip,
    first_paid_period,
    latest_paid_period,
    pay_date,
    tax_year_of_date,
)
from api.models import Employee, Payslip, PayslipLine, TaxableBenefit

PAY_AWARD = Decimal("0.05")
WORKING_DAYS_A_YEAR = Decimal(260)
HOURS_A_WEEK = Decimal(37)


@dataclass(frozen=True)
class PayProfile:
    """A persona's full-time salary before the award and their payroll quirks."""

    salary: Decimal
    student_loan: bool = False
    overtime_hours: int = 0
    unpaid_days: int = 0
    new_tax_code: str | None = None


PROFILES = {
    "100010": PayProfile(Decimal(78000)),
    "100002": PayProfile(Decimal(58500)),
    "100001": PayProfile(Decimal(36000), student_loan=True, new_tax_code="1185L"),
    "100003": PayProfile(Decimal(29000), unpaid_days=2),
    "100004": PayProfile(Decimal(24000), student_loan=True),
    "100005": PayProfile(Decimal(29000), overtime_hours=12),
    "100006": PayProfile(Decimal(42000)),
}
BENEFITS = {"100001": ("Private medical insurance", Decimal(720))}


def most_recent(month: int, latest: str) -> str:
    """The newest period on or before `latest` that falls in calendar `month`."""
    period = latest
    while int(period[5:]) != month:
        period = add_months(period, -1)
    return period


def first_period(today: date) -> str:
    """The first seeded period: April of the last complete tax year, or 11 months back."""
    last_complete_start = int(tax_year_of_date(today)[:4]) - 1
    return min(f"{last_complete_start}-04", add_months(latest_paid_period(today), -11))


def award_period(latest: str) -> str:
    """The month the pay award took effect: the most recent August followed by two paydays."""
    return most_recent(8, add_months(latest, -2))


def _inputs(profile: PayProfile, employee: Employee, period: str, latest: str) -> PayInputs:
    award = award_period(latest)
    fte = Decimal(str(employee.fte))
    base = profile.salary * fte
    salary = pennies(base * (1 + PAY_AWARD)) if period > award else base
    arrears = (salary - base) / 12 if period == add_months(award, 1) else ZERO
    overtime = ZERO
    if profile.overtime_hours and period == most_recent(3, latest):
        hourly = profile.salary / 52 / HOURS_A_WEEK
        overtime = hourly * Decimal("1.5") * profile.overtime_hours
    unpaid = ZERO
    if profile.unpaid_days and period == most_recent(5, latest):
        unpaid = profile.salary / WORKING_DAYS_A_YEAR * profile.unpaid_days
    new_code = profile.new_tax_code
    changed = new_code is not None and period == latest
    return PayInputs(
        annual_salary=salary,
        tax_code=new_code if changed and new_code else "1257L",
        student_loan=profile.student_loan,
        arrears=arrears,
        overtime=overtime,
        unpaid_leave=unpaid,
    )


def seed_pay(session: Session, people: dict[str, Employee], today: date) -> None:
    """Add everyone's payslips and taxable benefits (the caller commits)."""
    for employee in people.values():
        profile = PROFILES.get(employee.staff_number)
        if profile is not None:
            _payslips(session, employee, profile, today)


def _payslips(session: Session, employee: Employee, profile: PayProfile, today: date) -> None:
    latest = latest_paid_period(today)
    period = max(first_period(today), first_paid_period(employee.start_date))
    while period <= latest:
        inputs = _inputs(profile, employee, period, latest)
        figures = calculate_payslip(inputs)
        session.add(
            Payslip(
                employee_id=employee.id,
                period=period,
                pay_date=pay_date(period),
                tax_code=figures.tax_code,
                ni_category="A",
                annual_salary=inputs.annual_salary,
                gross=figures.gross,
                deductions=figures.deductions,
                net=figures.net,
                lines=[
                    PayslipLine(
                        position=index,
                        code=line.code,
                        label=line.label,
                        kind=line.kind,
                        amount=line.amount,
                    )
                    for index, line in enumerate(figures.lines)
                ],
            )
        )
        period = add_months(period, 1)
    benefit = BENEFITS.get(employee.staff_number)
    if benefit is not None:
        last_complete = f"{int(tax_year_of_date(today)[:4]) - 1}"
        session.add(
            TaxableBenefit(
                employee_id=employee.id,
                tax_year=f"{last_complete}-{(int(last_complete) + 1) % 100:02d}",
                description=benefit[0],
                cash_equivalent=benefit[1],
            )
        )
