"""What every answer may carry: the error shape, a reference to someone, a decision, health."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    """What went wrong, for programs (`code`) and people (`message`)."""

    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error answer."""

    detail: ErrorDetail


class PersonRef(BaseModel):
    """Someone named in an answer."""

    staff_number: str
    name: str


class DecisionIn(BaseModel):
    """A line manager's decision."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["approve", "reject"]
    note: str | None = Field(default=None, max_length=500)


class HealthOut(BaseModel):
    """Whether the API and its database answer."""

    status: str
    database: str
