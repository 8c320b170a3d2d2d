"""Expense claims of the synthetic department, relative to `today`: Priya has one paid, one
approved and waiting to be paid, and one just submitted, all approved by Tom."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from api.core.clock import at_uk_time
from api.models import Employee, ExpenseClaim

# (claim type, days ago spent, amount, description, receipt, status, submitted/approved/paid
# days after spending)
_PRIYA = (
    ("travel", 45, "86.40", "Return train to Leeds, policy workshop", True, "paid", (1, 3, 14)),
    ("subsistence", 12, "18.75", "Lunch, Manchester away day", True, "approved", (1, 4, None)),
    ("accommodation", 3, "132.00", "Hotel in Bristol, 1 night", True, "submitted", (1, None, None)),
)  # fmt: skip


def _at(day: date, hour: int) -> datetime:
    return at_uk_time(day, hour)


def seed_expenses(session: Session, people: dict[str, Employee], today: date) -> None:
    """Add Priya's claims (the caller commits); other personas have none."""
    employee = people["100001"]
    for claim_type, ago, amount, description, receipt, status, steps in _PRIYA:
        spent = today - timedelta(days=ago)
        submitted, approved, paid = (
            None if step is None else spent + timedelta(days=step) for step in steps
        )
        assert submitted is not None
        session.add(
            ExpenseClaim(
                employee_id=employee.id,
                claim_type=claim_type,
                spent_on=spent,
                amount=Decimal(amount),
                description=description,
                status=status,
                receipt_attached=receipt,
                submitted_at=_at(min(submitted, today), 9),
                approved_at=_at(approved, 14) if approved else None,
                paid_at=_at(paid, 8) if paid else None,
                approver_id=employee.line_manager_id,
            )
        )
