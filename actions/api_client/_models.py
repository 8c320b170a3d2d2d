"""Pydantic models mirroring the API's payloads (see docs/design.md, "API")."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

Portion = Literal["full", "am", "pm"]
LeaveType = Literal["annual", "special", "flexi", "unpaid", "sick"]
LeaveStatus = Literal["pending", "approved", "rejected", "cancelled"]
Decision = Literal["approve", "reject"]


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
