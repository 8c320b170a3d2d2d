"""Bodies of the leave answers: balances, quotes, requests and bank holidays."""

from datetime import date, datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.schemas.common import PersonRef


class BalanceOut(BaseModel):
    """Annual leave of one leave year, in days."""

    leave_year_start: date
    leave_year_end: date
    entitlement: float
    carried_over: float
    taken: float
    booked: float
    pending: float
    remaining: float


class LeaveRequestIn(BaseModel):
    """A request for leave. A half day (`am`/`pm`) starts and ends on the same day."""

    model_config = ConfigDict(extra="forbid")

    start_date: date
    end_date: date
    portion: Literal["full", "am", "pm"] = "full"
    leave_type: Literal["annual", "special", "flexi", "unpaid", "sick"] = "annual"
    note: str | None = Field(default=None, max_length=500)


class LeaveQuoteIn(BaseModel):
    """A request to price; give `end_date` or `working_days` (then the API finds the end)."""

    model_config = ConfigDict(extra="forbid")

    start_date: date
    end_date: date | None = None
    working_days: int | None = Field(default=None, ge=1, le=260)
    portion: Literal["full", "am", "pm"] = "full"
    leave_type: Literal["annual", "special", "flexi", "unpaid", "sick"] = "annual"
    note: str | None = Field(default=None, max_length=500)

    @model_validator(mode="after")
    def _end_or_count(self) -> Self:
        if (self.end_date is None) == (self.working_days is None):
            raise ValueError("give either end_date or working_days, not both or neither")
        return self


class QuoteOut(BaseModel):
    """What a request would cost; nothing is written."""

    start_date: date
    end_date: date
    portion: str
    leave_type: str
    days: float
    balance_before: float
    balance_after: float
    approver: PersonRef | None


class LeaveRequestOut(BaseModel):
    """A leave request and where it has got to."""

    id: int
    reference: str
    staff_number: str
    employee_name: str
    start_date: date
    end_date: date
    portion: str
    leave_type: str
    days: float
    status: Literal["pending", "approved", "rejected", "cancelled"]
    cancellable: bool = Field(
        description="Whether its owner can still cancel it: pending, or approved and not started."
    )
    created_at: datetime
    decided_at: datetime | None
    decided_by: PersonRef | None
    note: str | None


class BankHolidayOut(BaseModel):
    """One bank holiday."""

    date: date
    name: str


class BankHolidaysOut(BaseModel):
    """The next bank holidays where the caller works."""

    region: str
    holidays: list[BankHolidayOut]
