"""Which tax documents exist and what a P60 adds up."""

from datetime import date
from decimal import Decimal

from api.domain.pay import Line
from api.domain.tax_documents import (
    SlipTotals,
    available_documents,
    p60_figures,
    tax_year_text,
)

D = Decimal


def slip(period: str, code: str = "1257L") -> SlipTotals:
    return SlipTotals(
        period,
        code,
        D("3000.00"),
        (
            Line("BASIC", "Basic pay", "earning", D("3000.00")),
            Line("TAX", "Income tax", "deduction", D("357.80")),
            Line("NI", "National Insurance", "deduction", D("156.16")),
            Line("PENSION", "Pension (alpha)", "deduction", D("163.50")),
        ),
    )


def test_only_complete_tax_years_have_documents():
    periods = ["2025-03", "2025-04", "2026-03", "2026-04"]

    found = available_documents(periods, ["2025-26"], date(2026, 11, 25))

    assert found == [("P60", "2025-26"), ("P11D", "2025-26"), ("P60", "2024-25")]


def test_the_p60_totals_one_tax_year():
    slips = [slip("2025-03"), slip("2025-04"), slip("2026-03", "1185L"), slip("2026-04")]

    figures = p60_figures("2025-26", slips)

    assert figures is not None
    assert figures.gross == D("6000.00")
    assert figures.tax == D("715.60")
    assert figures.taxable_pay == D("6000.00") - D("327.00")
    assert figures.final_tax_code == "1185L"
    assert figures.student_loan == D("0.00")
    assert p60_figures("2020-21", slips) is None
    assert tax_year_text("2025-26") == "6 April 2025 to 5 April 2026"
