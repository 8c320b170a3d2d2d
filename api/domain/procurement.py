"""Purchase order approvals within delegated limits, and invoice payment against 30 days."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from api.domain.errors import Conflict

PAYMENT_TARGET_DAYS = 30
OPEN_STATUSES = ("awaiting_approval", "approved", "ordered", "received")
PO_NOT_FOUND = "I can't find a purchase order with that number that you can see."
INVOICE_NOT_FOUND = "I can't find an invoice with that number that you can see."
_AFTER_APPROVAL = ("approved", "ordered", "received", "closed")


@dataclass(frozen=True)
class Approver:
    """Someone in the approval chain and the most they may approve."""

    employee_id: int
    limit: Decimal


def approver_for(value: Decimal, chain: Sequence[Approver]) -> Approver | None:
    """The first approver up the chain whose delegated limit covers `value` (None: nobody)."""
    for approver in chain:
        if value <= approver.limit:
            return approver
    return None


def decide(status: str, decision: str) -> str | None:
    """The status after an approver's `decision`, or None when it repeats the earlier one.

    Raises:
        Conflict: `already_decided` when the other decision was made.
    """
    if status == "awaiting_approval":
        return "approved" if decision == "approve" else "rejected"
    if (decision == "approve" and status in _AFTER_APPROVAL) or (
        decision == "reject" and status == "rejected"
    ):
        return None
    done = "rejected" if status == "rejected" else "approved"
    raise Conflict(
        "already_decided",
        f"This purchase order has already been {done}; the decision can't be changed.",
    )


def is_open(status: str) -> bool:
    """Whether a purchase order is still open (not rejected or closed)."""
    return status in OPEN_STATUSES


def due_on(received_on: date) -> date:
    """The payment target: 30 days after the invoice was received."""
    return received_on + timedelta(days=PAYMENT_TARGET_DAYS)


def days_to_pay(received_on: date, paid_on: date | None) -> int | None:
    """Days from receipt to payment, or None while unpaid."""
    return None if paid_on is None else (paid_on - received_on).days


def on_time(received_on: date, paid_on: date | None, today: date) -> bool | None:
    """Paid within 30 days (True/False); unpaid and already late (False); else None."""
    if paid_on is not None:
        return paid_on <= due_on(received_on)
    return False if today > due_on(received_on) else None
