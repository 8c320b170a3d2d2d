"""Bodies of the expense claim answers."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import PersonRef
from api.schemas.pay import Money

ClaimType = Literal["travel", "subsistence", "accommodation", "other"]
ClaimStatus = Literal["submitted", "approved", "rejected", "paid"]


class ExpenseClaimIn(BaseModel):
    """A new claim. `amount` is pounds with at most two decimals (`"12.50"` or `12.5`)."""

    model_config = ConfigDict(extra="forbid")

    claim_type: ClaimType
    spent_on: date
    amount: Decimal = Field(gt=0, max_digits=9, decimal_places=2)
    description: str = Field(min_length=1, max_length=500)
    receipt_attached: bool = False


class ExpenseClaimOut(BaseModel):
    """A claim and where it has got to."""

    reference: str
    claim_type: ClaimType
    spent_on: date
    amount: Money
    description: str
    status: ClaimStatus
    submitted_at: datetime
    approved_at: datetime | None
    paid_at: datetime | None
    paid_in_period: str | None
    approver: PersonRef | None
    receipt_required: bool
    receipt_attached: bool
