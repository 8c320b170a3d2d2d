"""Pydantic models mirroring the API's payloads (see docs/design.md, "API")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Portion = Literal["full", "am", "pm"]
LeaveType = Literal["annual", "special", "flexi", "unpaid", "sick"]
LeaveStatus = Literal["pending", "approved", "rejected", "cancelled"]
Decision = Literal["approve", "reject"]
ExpenseClaimType = Literal["travel", "subsistence", "accommodation", "other"]
ExpenseStatus = Literal["submitted", "approved", "rejected", "paid"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, coerce_numbers_to_str=True)


class StaffRef(_Model):
    """A person named in another payload (approver, line manager, decider)."""

    staff_number: str
    name: str


class Me(_Model):
    """The caller, from `GET /v1/me`."""

    staff_number: str
    name: str
    email: str | None = None
    grade: str | None = None
    job_title: str | None = None
    region: str | None = None
    working_days: list[int] = []
    roles: list[str] = []
    line_manager: StaffRef | None = None
    start_date: dt.date | None = None

    @property
    def first_name(self) -> str:
        """The first word of the person's name."""
        return self.name.split()[0] if self.name.strip() else self.name


class LeaveBalance(_Model):
    """The caller's leave balance for one leave year."""

    leave_year_start: dt.date
    leave_year_end: dt.date
    entitlement: float
    carried_over: float
    taken: float
    booked: float
    pending: float
    remaining: float


class LeaveRequestIn(_Model):
    """A leave request as sent to the quote and booking endpoints.

    Give either `end_date` or (quote only) `working_days`.
    """

    start_date: dt.date
    end_date: dt.date | None = None
    working_days: int | None = None
    portion: Portion = "full"
    leave_type: LeaveType = "annual"
    note: str | None = None


class LeaveQuote(_Model):
    """What a leave request would cost, from `POST /v1/me/leave/quote`."""

    start_date: dt.date
    end_date: dt.date
    portion: Portion
    leave_type: LeaveType
    days: float
    balance_before: float
    balance_after: float
    approver: StaffRef | None = None


class LeaveRequest(_Model):
    """A leave request as the API stores it."""

    id: str
    reference: str
    staff_number: str
    employee_name: str
    start_date: dt.date
    end_date: dt.date
    portion: Portion
    leave_type: LeaveType
    days: float
    status: LeaveStatus
    cancellable: bool = False  # whether its owner can still cancel it (the API decides)
    created_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    decided_by: StaffRef | None = None
    note: str | None = None


class BankHoliday(_Model):
    """One bank holiday."""

    date: dt.date
    name: str


class BankHolidays(_Model):
    """The next bank holidays where the caller works."""

    region: str
    holidays: list[BankHoliday]


# --- Purchase orders, invoices, onboarding and the knowledge base (docs/design-pay-procurement.md)

PoStatus = Literal["awaiting_approval", "approved", "rejected", "ordered", "received", "closed"]
InvoiceStatus = Literal["received", "matched", "approved", "paid"]


class PoEvent(_Model):
    """A status a purchase order reached, when, and who moved it there."""

    status: PoStatus
    at: dt.datetime
    by: StaffRef | None = None


class PurchaseOrder(_Model):
    """A purchase order as the caller may see it.

    `within_limit` says whether the *caller's* delegated limit covers its value.
    """

    number: str
    supplier: str
    description: str
    value: Decimal
    status: PoStatus
    requester: StaffRef
    approver: StaffRef | None = None
    waiting_on: StaffRef | None = None
    waiting_since: dt.datetime | None = None
    created_at: dt.datetime
    history: list[PoEvent] = []
    within_limit: bool = False


class Invoice(_Model):
    """A supplier invoice and its payment against the 30-day target."""

    number: str
    supplier: str
    po_number: str
    amount: Decimal
    status: InvoiceStatus
    received_on: dt.date
    matched_on: dt.date | None = None
    approved_on: dt.date | None = None
    paid_on: dt.date | None = None
    due_on: dt.date
    days_to_pay: int | None = None
    on_time: bool | None = None


class OnboardingItem(_Model):
    """One thing a new joiner has to do, by when, and whether they can tick it off."""

    code: str
    title: str
    description: str = ""
    due_on: dt.date
    done_on: dt.date | None = None
    overdue: bool = False
    self_service: bool = False


class OnboardingChecklist(_Model):
    """A new joiner's checklist, from `GET /v1/me/onboarding`."""

    start_date: dt.date
    items: list[OnboardingItem]


class KnowledgeArticle(_Model):
    """An answer from the knowledge base, written in plain English."""

    topic: str
    title: str
    body: str
    text: str = ""
    yes_no: str | None = None
    updated_on: dt.date | None = None


class PayDate(_Model):
    """The pay date of one month (`period` is `YYYY-MM`)."""

    period: str
    pay_date: dt.date


class PayDates(_Model):
    """The department's pay-date rule in words, and this month's and the next pay dates."""

    rule: str
    dates: list[PayDate]


class PayslipSummary(_Model):
    """One payslip's totals, from `GET /v1/me/payslips`."""

    period: str
    pay_date: dt.date
    gross: Decimal
    deductions: Decimal
    net: Decimal
    tax_code: str


class PayslipLine(_Model):
    """An earning or a deduction on a payslip (`code` such as `TAX`, `PENSION`)."""

    code: str
    label: str
    kind: Literal["earning", "deduction"]
    amount: Decimal


class YearToDate(_Model):
    """Totals of the tax year up to and including a payslip."""

    gross: Decimal
    tax: Decimal
    ni: Decimal
    pension: Decimal


class Payslip(PayslipSummary):
    """A payslip with its lines, from `GET /v1/me/payslips/{period}`."""

    lines: list[PayslipLine]
    ni_category: str
    year_to_date: YearToDate


class LineChange(_Model):
    """A payslip line that differs between two months."""

    code: str
    label: str
    from_amount: Decimal
    to_amount: Decimal
    change: Decimal


class TaxCodeChange(_Model):
    """The tax code before and after."""

    from_: str = Field(alias="from")
    to: str


class PayComparison(_Model):
    """Why pay differs between two months, from `GET /v1/me/payslips/compare`."""

    from_: str = Field(alias="from")
    to: str
    net_change: Decimal
    changes: list[LineChange]
    tax_code_change: TaxCodeChange | None = None
    explanation: list[str]


class TaxDocument(_Model):
    """A P60 or P11D the caller can open.

    `url` is a path on the API that needs the bearer token; `link`, when the API gives one, is
    a signed path a browser can open without it until `link_expires_at`.
    """

    kind: Literal["P60", "P11D"]
    tax_year: str
    available: bool
    url: str
    link: str | None = None
    link_expires_at: dt.datetime | None = None


class ExpenseClaimIn(_Model):
    """A new expense claim as sent to `POST /v1/me/expenses`."""

    claim_type: ExpenseClaimType
    spent_on: dt.date
    amount: Decimal
    description: str
    receipt_attached: bool = False


class ExpenseClaim(_Model):
    """An expense claim and where it has got to."""

    reference: str
    claim_type: ExpenseClaimType
    spent_on: dt.date
    amount: Decimal
    description: str
    status: ExpenseStatus
    submitted_at: dt.datetime
    approved_at: dt.datetime | None = None
    paid_at: dt.datetime | None = None
    paid_in_period: str | None = None
    approver: StaffRef | None = None
    receipt_required: bool = False
    receipt_attached: bool = False
