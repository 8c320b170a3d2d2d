"""What goes on a P60 and which tax documents someone has (pure rules)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from api.domain.money import ZERO
from api.domain.pay import Line, tax_year_bounds, tax_year_of

KINDS = ("P60", "P11D")


@dataclass(frozen=True)
class SlipTotals:
    """One payslip as a P60 needs it."""

    period: str
    tax_code: str
    gross: Decimal
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class P60Figures:
    """The year's totals in one employment."""

    tax_year: str
    final_tax_code: str
    gross: Decimal
    pension: Decimal
    taxable_pay: Decimal
    tax: Decimal
    ni: Decimal
    student_loan: Decimal


def _total(slips: Iterable[SlipTotals], code: str) -> Decimal:
    return sum((line.amount for slip in slips for line in slip.lines if line.code == code), ZERO)


def p60_figures(tax_year: str, slips: Sequence[SlipTotals]) -> P60Figures | None:
    """Totals of the payslips in `tax_year`, or None when there are none."""
    mine = sorted((slip for slip in slips if tax_year_of(slip.period) == tax_year), key=_period)
    if not mine:
        return None
    gross = sum((slip.gross for slip in mine), ZERO)
    pension = _total(mine, "PENSION")
    return P60Figures(
        tax_year=tax_year,
        final_tax_code=mine[-1].tax_code,
        gross=gross,
        pension=pension,
        taxable_pay=gross - pension,
        tax=_total(mine, "TAX"),
        ni=_total(mine, "NI"),
        student_loan=_total(mine, "STUDENT_LOAN"),
    )


def _period(slip: SlipTotals) -> str:
    return slip.period


def is_complete(tax_year: str, today: date) -> bool:
    """Whether the tax year has ended (a P60 is only issued then)."""
    return tax_year_bounds(tax_year)[1] < today


def available_documents(
    periods: Iterable[str], benefit_years: Iterable[str], today: date
) -> list[tuple[str, str]]:
    """(kind, tax year) of each document: a P60 for each complete tax year with pay, a P11D for
    each complete tax year with a taxable benefit; newest year first, P60 before P11D."""
    p60 = {tax_year_of(period) for period in periods}
    p11d = set(benefit_years)
    found = [("P60", year) for year in p60 if is_complete(year, today)]
    found += [("P11D", year) for year in p11d if is_complete(year, today)]
    return sorted(found, key=lambda item: (item[1], -KINDS.index(item[0])), reverse=True)


def tax_year_text(tax_year: str) -> str:
    """`2025-26` → `6 April 2025 to 5 April 2026`."""
    start, end = tax_year_bounds(tax_year)
    return f"6 April {start.year} to 5 April {end.year}"
