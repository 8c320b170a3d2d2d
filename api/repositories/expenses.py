"""Queries about expense claims and their idempotency keys."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import ExpenseClaim, ExpenseIdempotencyKey


def of_employee(session: Session, employee_id: int, status: str | None) -> list[ExpenseClaim]:
    """The employee's claims, newest first, optionally of one status."""
    query = select(ExpenseClaim).where(ExpenseClaim.employee_id == employee_id)
    if status is not None:
        query = query.where(ExpenseClaim.status == status)
    return list(session.scalars(query.order_by(ExpenseClaim.submitted_at.desc())))


def idempotency_key(session: Session, employee_id: int, key: str) -> ExpenseIdempotencyKey | None:
    """A key the employee already used for a claim."""
    query = select(ExpenseIdempotencyKey).where(
        ExpenseIdempotencyKey.employee_id == employee_id, ExpenseIdempotencyKey.key == key
    )
    return session.scalar(query)
