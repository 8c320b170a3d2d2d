"""Queries about purchase orders, delegated limits and invoices."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.models import DelegatedLimit, Invoice, PurchaseOrder


def limit_of(session: Session, employee_id: int) -> DelegatedLimit | None:
    """The employee's delegated limit, if they have one."""
    return session.scalar(select(DelegatedLimit).where(DelegatedLimit.employee_id == employee_id))


def by_number(session: Session, number: str, *, for_update: bool = False) -> PurchaseOrder | None:
    """A purchase order by its number."""
    query = select(PurchaseOrder).where(PurchaseOrder.number == number)
    if for_update:
        query = query.with_for_update(of=PurchaseOrder)
    return session.scalars(query).unique().first()


def raised_by(session: Session, employee_id: int) -> list[PurchaseOrder]:
    """Purchase orders the employee raised, newest first."""
    query = (
        select(PurchaseOrder)
        .where(PurchaseOrder.requester_id == employee_id)
        .order_by(PurchaseOrder.created_at.desc(), PurchaseOrder.id.desc())
    )
    return list(session.scalars(query).unique())


def awaiting(session: Session, approver_id: int) -> list[PurchaseOrder]:
    """Purchase orders waiting on the approver."""
    query = select(PurchaseOrder).where(
        PurchaseOrder.approver_id == approver_id, PurchaseOrder.status == "awaiting_approval"
    )
    return list(session.scalars(query).unique())


def invoice_by_number(session: Session, number: str) -> Invoice | None:
    """An invoice by its number (case-insensitive)."""
    return session.scalar(select(Invoice).where(Invoice.number == number.upper()))
