"""Bodies of the purchase order and invoice answers."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel

from api.schemas.common import PersonRef
from api.schemas.pay import Money

PoStatus = Literal["awaiting_approval", "approved", "rejected", "ordered", "received", "closed"]


class PoEventOut(BaseModel):
    """A status the purchase order reached."""

    status: PoStatus
    at: datetime
    by: PersonRef | None


class PurchaseOrderOut(BaseModel):
    """A purchase order, who it is waiting on and its history."""

    number: str
    supplier: str
    description: str
    value: Money
    status: PoStatus
    requester: PersonRef
    approver: PersonRef | None
    waiting_on: PersonRef | None
    waiting_since: datetime | None
    created_at: datetime
    history: list[PoEventOut]
    within_limit: bool


class InvoiceOut(BaseModel):
    """A supplier invoice and its payment against the 30-day target."""

    number: str
    supplier: str
    po_number: str
    amount: Money
    status: Literal["received", "matched", "approved", "paid"]
    received_on: date
    matched_on: date | None
    approved_on: date | None
    paid_on: date | None
    due_on: date
    days_to_pay: int | None
    on_time: bool | None
