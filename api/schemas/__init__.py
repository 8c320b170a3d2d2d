"""Request and response bodies: the OpenAPI contract the actions and gateway rely on."""

from datetime import date, datetime
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

Channel = Literal["web", "slack", "teams"]


class ErrorDetail(BaseModel):
    """What went wrong, for programs (`code`) and people (`message`)."""

    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error answer."""

    detail: ErrorDetail


class DevLoginIn(BaseModel):
    """Sign in as a seeded persona (embedded profile only)."""

    staff_number: str = Field(min_length=1, max_length=16, examples=["100001"])


class TokenOut(BaseModel):
    """A bearer token."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"


class PersonaOut(BaseModel):
    """Someone you can sign in as in the embedded profile."""

    staff_number: str
    name: str
    grade: str
    job_title: str
    roles: list[str]


class OboIn(BaseModel):
    """The gateway's request for a per-turn token on behalf of one person."""

    channel: Channel
    assertion: str | None = Field(default=None, description="The person's access token (web).")
    channel_user_id: str | None = Field(
        default=None,
        description="Slack or Teams user id; on the web, the intranet account the gateway "
        "verified itself (`oidc:<email>`, from the intranet's OpenID Connect token).",
    )

    @model_validator(mode="after")
    def _one_identity(self) -> Self:
        if self.channel == "web" and not (self.assertion or self.channel_user_id):
            raise ValueError(
                "a web request needs the person's access token as assertion, or the intranet "
                "account as channel_user_id"
            )
        if self.channel != "web" and not self.channel_user_id:
            raise ValueError(f"a {self.channel} request needs channel_user_id")
        return self


class OboOut(TokenOut):
    """A short-lived token acting as one employee."""

    expires_in: int
    staff_number: str
    name: str


class PersonRef(BaseModel):
    """Someone named in an answer."""

    staff_number: str
    name: str


class MeOut(BaseModel):
    """The signed-in employee."""

    staff_number: str
    name: str
    email: str
    grade: str
    job_title: str
    region: str
    working_days: list[int] = Field(description="0 = Monday … 6 = Sunday.")
    roles: list[str]
    line_manager: PersonRef | None
    start_date: date


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


class DecisionIn(BaseModel):
    """A line manager's decision."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["approve", "reject"]
    note: str | None = Field(default=None, max_length=500)


class BankHolidayOut(BaseModel):
    """One bank holiday."""

    date: date
    name: str


class BankHolidaysOut(BaseModel):
    """The next bank holidays where the caller works."""

    region: str
    holidays: list[BankHolidayOut]


class NotificationOut(BaseModel):
    """A message waiting for the employee."""

    id: int
    kind: str
    text: str
    created_at: datetime


class HealthOut(BaseModel):
    """Whether the API and its database answer."""

    status: str
    database: str
