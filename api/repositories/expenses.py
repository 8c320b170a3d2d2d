"""Queries about expense claims."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import ExpenseClaim


def get(session: Session, claim_id: int) -> ExpenseClaim | None:
    """One claim by id."""
    return session.get(ExpenseClaim, claim_id)


def of_employee(session: Session, employee_id: int, status: str | None) -> list[ExpenseClaim]:
    """The employee's claims, newest first, optionally of one status."""
    query = select(ExpenseClaim).where(ExpenseClaim.employee_id == employee_id)
    if status is not None:
        query = query.where(ExpenseClaim.status == status)
    return list(session.scalars(query.order_by(ExpenseClaim.submitted_at.desc())))
