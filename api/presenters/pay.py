"""Pay dates, payslips, comparisons and tax documents, as the API shows them."""

from datetime import date
from decimal import Decimal

from api.domain.pay import PAY_DATE_RULE
from api.domain.pay_compare import Comparison
from api.models import Payslip
from api.presenters import fill
from api.schemas.pay import (
    PayComparisonOut,
    PayDateOut,
    PayDatesOut,
    PayslipOut,
    PayslipSummaryOut,
    TaxDocumentOut,
)
from api.services.tax_documents import Listed


def pay_dates_out(dates: list[tuple[str, date]]) -> PayDatesOut:
    """The department's pay-date rule and the pay dates of some months."""
    return PayDatesOut(
        rule=PAY_DATE_RULE,
        dates=[PayDateOut(period=period, pay_date=day) for period, day in dates],
    )


def summary_out(payslip: Payslip) -> PayslipSummaryOut:
    """One payslip's totals."""
    return fill(PayslipSummaryOut, payslip)


def payslip_out(payslip: Payslip, year_to_date: dict[str, Decimal]) -> PayslipOut:
    """A payslip with its lines and the tax year's totals up to it."""
    return fill(PayslipOut, payslip, year_to_date=year_to_date)


def comparison_out(comparison: Comparison) -> PayComparisonOut:
    """What changed between two payslips, line by line, and why."""
    change = comparison.tax_code_change
    return fill(
        PayComparisonOut,
        comparison,
        from_=comparison.from_period,
        to=comparison.to_period,
        tax_code_change=None if change is None else {"from": change[0], "to": change[1]},
    )


def tax_document_out(listed: Listed) -> TaxDocumentOut:
    """A P60 or P11D, its address for a bearer and its signed link for a browser."""
    return fill(
        TaxDocumentOut,
        listed,
        available=True,
        url=f"/v1/me/tax-documents/{listed.kind}/{listed.tax_year}",
        link_expires_at=listed.expires_at,
    )
