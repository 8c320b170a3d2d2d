"""Pay dates and payslip arithmetic (PAYE, National Insurance, pension alpha, student loan).

Pure functions on `Decimal` pounds. A payslip's lines are rounded to the penny one by one, and
its totals are sums of those lines, so gross − deductions = net always holds to the penny.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from api.domain.calendar import bank_holidays
from api.domain.money import ZERO, pennies, whole_pounds_down

PAY_DATE_RULE = (
    "You're paid on the last working day of each month (Monday to Friday, not a bank holiday "
    "in England and Wales). In December you're paid earlier: on the last working day on or "
    "before 20 December."
)
PAY_REGION = "england"
PAYROLL_CUT_OFF = timedelta(days=14)  # payroll closes two weeks before the pay date

BASIC_RATE = Decimal("0.20")
HIGHER_RATE = Decimal("0.40")
BASIC_RATE_BAND = Decimal(37700)
NI_PRIMARY_THRESHOLD = Decimal(1048)
NI_UPPER_EARNINGS_LIMIT = Decimal(4189)
NI_MAIN_RATE = Decimal("0.08")
NI_UPPER_RATE = Decimal("0.02")
STUDENT_LOAN_THRESHOLD = Decimal("2372.50")
STUDENT_LOAN_RATE = Decimal("0.09")
# Alpha's tiered employee rates: (annual pensionable pay up to, rate).
ALPHA_TIERS = (
    (Decimal(32000), Decimal("0.046")),
    (Decimal(56000), Decimal("0.0545")),
    (Decimal(150000), Decimal("0.0735")),
)
ALPHA_TOP_RATE = Decimal("0.0805")
MONTHS = Decimal(12)

LABELS = {
    "BASIC": "Basic pay",
    "ARREARS": "Pay award arrears",
    "OVERTIME": "Overtime",
    "UNPAID_LEAVE": "Unpaid leave",
    "TAX": "Income tax",
    "NI": "National Insurance",
    "PENSION": "Pension (alpha)",
    "STUDENT_LOAN": "Student loan (plan 2)",
}
_TAX_CODE = re.compile(r"^(\d{1,4})[LMNT]$")


def period_of(day: date) -> str:
    """The pay period `YYYY-MM` of a date."""
    return f"{day.year:04d}-{day.month:02d}"


def parse_period(period: str) -> tuple[int, int]:
    """`"2026-10"` → `(2026, 10)`.

    Raises:
        ValueError: Not a `YYYY-MM` period.
    """
    match = re.fullmatch(r"(\d{4})-(\d{2})", period)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{period!r} is not a month written as YYYY-MM")
    return int(match.group(1)), int(match.group(2))


def add_months(period: str, months: int) -> str:
    """The period `months` after (or before, if negative) `period`."""
    year, month = parse_period(period)
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def pay_date(period: str) -> date:
    """The pay date of a period: the last working day, or on or before 20 December."""
    year, month = parse_period(period)
    last = date(year, 12, 20) if month == 12 else date(year + month // 12, month % 12 + 1, 1)
    day = last if month == 12 else last - timedelta(days=1)
    closed = bank_holidays(PAY_REGION, day - timedelta(days=14), day)
    while day.weekday() >= 5 or day in closed:
        day -= timedelta(days=1)
    return day


def pay_dates(today: date, count: int) -> list[tuple[str, date]]:
    """This month's pay date and the next `count - 1`."""
    first = period_of(today)
    return [(add_months(first, n), pay_date(add_months(first, n))) for n in range(count)]


def latest_paid_period(today: date) -> str:
    """The newest period whose pay date is today or earlier."""
    period = period_of(today)
    return period if pay_date(period) <= today else add_months(period, -1)


def first_paid_period(start: date) -> str:
    """A joiner's first paid month: the first whose payroll closed on or after they started.

    Payroll closes two weeks before the pay date, so someone who starts after that is first
    paid the month after (with arrears for the days they missed).
    """
    period = period_of(start)
    while pay_date(period) - PAYROLL_CUT_OFF < start:
        period = add_months(period, 1)
    return period


def tax_year_of(period: str) -> str:
    """The tax year (`2025-26`) a monthly payslip belongs to (pay dates are after the 5th)."""
    year, month = parse_period(period)
    start = year if month >= 4 else year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def tax_year_of_date(day: date) -> str:
    """The tax year (6 April to 5 April) containing `day`."""
    start = day.year if (day.month, day.day) >= (4, 6) else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def tax_year_bounds(tax_year: str) -> tuple[date, date]:
    """First and last day of a tax year such as `2025-26`.

    Raises:
        ValueError: Not a tax year written like `2025-26`.
    """
    match = re.fullmatch(r"(\d{4})-(\d{2})", tax_year)
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{tax_year!r} is not a tax year written like 2025-26")
    start = int(match.group(1))
    return date(start, 4, 6), date(start + 1, 4, 5)


def monthly_allowance(tax_code: str) -> Decimal | None:
    """Tax-free pay a month for a tax code (`1257L` → £1,047.50); None for `BR` (none at all).

    Raises:
        ValueError: A tax code this payroll doesn't handle.
    """
    if tax_code == "BR":
        return None
    match = _TAX_CODE.match(tax_code)
    if not match:
        raise ValueError(f"unsupported tax code {tax_code!r}")
    return Decimal(int(match.group(1)) * 10) / MONTHS


def income_tax(taxable_pay: Decimal, tax_code: str) -> Decimal:
    """PAYE for one month on the month 1 basis."""
    allowance = monthly_allowance(tax_code)
    if allowance is None:
        return pennies(max(taxable_pay, ZERO) * BASIC_RATE)
    taxable = max(taxable_pay - allowance, ZERO)
    band = BASIC_RATE_BAND / MONTHS
    basic = min(taxable, band) * BASIC_RATE
    higher = max(taxable - band, ZERO) * HIGHER_RATE
    return pennies(basic + higher)


def national_insurance(pay: Decimal) -> Decimal:
    """Category A employee National Insurance for one month."""
    main = max(min(pay, NI_UPPER_EARNINGS_LIMIT) - NI_PRIMARY_THRESHOLD, ZERO) * NI_MAIN_RATE
    upper = max(pay - NI_UPPER_EARNINGS_LIMIT, ZERO) * NI_UPPER_RATE
    return pennies(main + upper)


def alpha_rate(annual_pensionable_pay: Decimal) -> Decimal:
    """The alpha employee contribution rate for a yearly pensionable pay."""
    for ceiling, rate in ALPHA_TIERS:
        if annual_pensionable_pay <= ceiling:
            return rate
    return ALPHA_TOP_RATE


def student_loan(pay: Decimal) -> Decimal:
    """Plan 2 repayment for one month, in whole pounds (rounded down, as HMRC's tables are)."""
    return whole_pounds_down(max(pay - STUDENT_LOAN_THRESHOLD, ZERO) * STUDENT_LOAN_RATE)


@dataclass(frozen=True)
class PayInputs:
    """What one month's payslip is worked out from (amounts in pounds)."""

    annual_salary: Decimal
    tax_code: str = "1257L"
    student_loan: bool = False
    arrears: Decimal = ZERO
    overtime: Decimal = ZERO
    unpaid_leave: Decimal = ZERO


@dataclass(frozen=True)
class Line:
    """A payslip line; `UNPAID_LEAVE` is a negative earning, so gross is what was earned."""

    code: str
    label: str
    kind: str
    amount: Decimal


@dataclass(frozen=True)
class PayslipFigures:
    """A worked-out payslip."""

    tax_code: str
    lines: tuple[Line, ...]
    gross: Decimal
    deductions: Decimal
    net: Decimal


def _line(code: str, kind: str, amount: Decimal) -> Line:
    return Line(code=code, label=LABELS[code], kind=kind, amount=pennies(amount))


def calculate_payslip(inputs: PayInputs) -> PayslipFigures:
    """Work out one month's payslip.

    Pension is taken before tax (a net pay arrangement) but not before National Insurance or
    student loan. Overtime isn't pensionable; arrears and unpaid leave are.

    Args:
        inputs: The month's salary, tax code and one-off items.

    Returns:
        Lines in payslip order (earnings, then deductions; zero lines left out) and totals.
    """
    earnings = [
        _line("BASIC", "earning", inputs.annual_salary / MONTHS),
        _line("ARREARS", "earning", inputs.arrears),
        _line("OVERTIME", "earning", inputs.overtime),
        _line("UNPAID_LEAVE", "earning", -inputs.unpaid_leave),
    ]
    gross = sum((line.amount for line in earnings), ZERO)
    pensionable = gross - earnings[2].amount
    pension = pennies(max(pensionable, ZERO) * alpha_rate(inputs.annual_salary))
    deductions = [
        _line("TAX", "deduction", income_tax(gross - pension, inputs.tax_code)),
        _line("NI", "deduction", national_insurance(gross)),
        _line("PENSION", "deduction", pension),
        _line("STUDENT_LOAN", "deduction", student_loan(gross) if inputs.student_loan else ZERO),
    ]
    kept = tuple(line for line in (*earnings, *deductions) if line.amount != ZERO)
    total_deductions = sum((line.amount for line in deductions), ZERO)
    return PayslipFigures(
        tax_code=inputs.tax_code,
        lines=kept,
        gross=gross,
        deductions=total_deductions,
        net=gross - total_deductions,
    )


def amounts_by_code(lines: Iterable[Line]) -> dict[str, Decimal]:
    """Line code → amount."""
    return {line.code: line.amount for line in lines}
