"""Bodies of the pay and tax-document answers. Money is a string with two decimals."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field, PlainSerializer

Money = Annotated[Decimal, PlainSerializer(lambda value: f"{value:.2f}", return_type=str)]


class PayDateOut(BaseModel):
    """The pay date of one month."""

    period: str
    pay_date: date


class PayDatesOut(BaseModel):
    """The department's pay-date rule and the next pay dates."""

    rule: str
    dates: list[PayDateOut]


class PayslipSummaryOut(BaseModel):
    """One payslip's totals."""

    period: str
    pay_date: date
    gross: Money
    deductions: Money
    net: Money
    tax_code: str


class PayslipLineOut(BaseModel):
    """An earning or a deduction."""

    code: str
    label: str
    kind: Literal["earning", "deduction"]
    amount: Money


class YearToDateOut(BaseModel):
    """Totals of the tax year up to and including this payslip."""

    gross: Money
    tax: Money
    ni: Money
    pension: Money


class PayslipOut(PayslipSummaryOut):
    """A payslip with its lines."""

    lines: list[PayslipLineOut]
    ni_category: str
    year_to_date: YearToDateOut


class LineChangeOut(BaseModel):
    """A line that differs between two payslips."""

    code: str
    label: str
    from_amount: Money
    to_amount: Money
    change: Money


class PayComparisonOut(BaseModel):
    """Why pay differs between two months (`from` and `to` are periods)."""

    from_: str = Field(serialization_alias="from")
    to: str
    net_change: Money
    changes: list[LineChangeOut]
    tax_code_change: dict[str, str] | None = Field(description='`{"from", "to"}` or null.')
    explanation: list[str]


class TaxDocumentOut(BaseModel):
    """A P60 or P11D the employee can open."""

    kind: Literal["P60", "P11D"]
    tax_year: str
    available: bool
    url: str
    link: str
    """`url` needs your bearer token; `link` opens in a browser without one until `link_expires_at`
    (a signed link: share it with no one)."""
    link_expires_at: datetime
