"""Purchase orders, approvals within delegated limits, and invoices, as the caller may see them."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from api.domain import procurement
from api.domain.errors import Forbidden, NotFound
from api.domain.money import format_money
from api.models import Employee, Invoice, PurchaseOrder, PurchaseOrderEvent
from api.repositories import notifications
from api.repositories import procurement as repo


def can_see(session: Session, employee: Employee, order: PurchaseOrder) -> bool:
    """The requester, its approver, and procurement approvers of its cost centre."""
    if employee.id in (order.requester_id, order.approver_id):
        return True
    if "procurement_approver" not in employee.roles:
        return False
    limit = repo.limit_of(session, employee.id)
    return limit is not None and limit.cost_centre == order.cost_centre


def visible(session: Session, employee: Employee, number: str) -> PurchaseOrder:
    """A purchase order the caller may see.

    Raises:
        NotFound: for a wrong number and for one they may not see alike.
    """
    order = repo.by_number(session, number.strip())
    if order is None or not can_see(session, employee, order):
        raise NotFound(procurement.PO_NOT_FOUND)
    return order


def waiting_since(order: PurchaseOrder) -> datetime | None:
    """Since when a purchase order has waited for its approver (None unless it waits)."""
    if order.status != "awaiting_approval":
        return None
    return order.history[-1].at if order.history else order.created_at


def caller_limit(session: Session, employee: Employee) -> Decimal | None:
    """The most the caller may approve (None: they have no delegated limit)."""
    limit = repo.limit_of(session, employee.id)
    return None if limit is None else limit.limit


def raised(session: Session, employee: Employee, open_only: bool) -> list[PurchaseOrder]:
    """Purchase orders the caller raised, newest first; `open_only` leaves out finished ones."""
    orders = repo.raised_by(session, employee.id)
    return [order for order in orders if not open_only or procurement.is_open(order.status)]


def approvals(session: Session, employee: Employee) -> list[PurchaseOrder]:
    """Purchase orders waiting on the caller, oldest wait first."""
    orders = repo.awaiting(session, employee.id)
    return sorted(orders, key=lambda order: (waiting_since(order) or order.created_at, order.id))


def decide(
    session: Session,
    employee: Employee,
    number: str,
    decision: str,
    note: str | None,
    now: datetime,
) -> PurchaseOrder:
    """Approve or reject a purchase order waiting on the caller as of `now` (idempotent).

    Raises:
        NotFound: when they may not see it.
        Forbidden: `over_delegated_limit` (naming who must approve) or `not_the_approver` when
            it isn't theirs to decide.
        Conflict: `already_decided` for the other decision.
    """
    order = repo.by_number(session, number.strip(), for_update=True)
    if order is None or not can_see(session, employee, order):
        raise NotFound(procurement.PO_NOT_FOUND)
    if order.approver_id != employee.id:
        raise _not_theirs(session, employee, order)
    new_status = procurement.decide(order.status, decision)
    if new_status is not None:
        order.status = new_status
        order.history.append(
            PurchaseOrderEvent(status=new_status, by_id=employee.id, note=note or None, at=now)
        )
        said = f' Their note: "{note}"' if note else ""
        notifications.add(
            session,
            employee_id=order.requester_id,
            kind=f"po_{new_status}",
            text=f"{employee.name} {new_status} purchase order {order.number} "
            f"({order.supplier}, {format_money(order.value)}).{said}",
            leave_request_id=None,
            at=now,
        )
    session.commit()
    return order


def _not_theirs(session: Session, employee: Employee, order: PurchaseOrder) -> Forbidden:
    who = order.approver.name if order.approver else "someone with a higher delegated limit"
    limit = repo.limit_of(session, employee.id)
    if limit is not None and order.value > limit.limit:
        return Forbidden(
            "over_delegated_limit",
            f"Purchase order {order.number} is for {format_money(order.value)}, over your "
            f"delegated limit of {format_money(limit.limit)}. {who} needs to approve it.",
        )
    return Forbidden(
        "not_the_approver",
        f"Only {who} can approve or reject purchase order {order.number}.",
    )


def visible_invoice(session: Session, employee: Employee, number: str) -> Invoice:
    """An invoice the caller may see (through its purchase order).

    Raises:
        NotFound: for a wrong number and for one they may not see alike.
    """
    invoice = repo.invoice_by_number(session, number.strip())
    if invoice is None or not can_see(session, employee, invoice.purchase_order):
        raise NotFound(procurement.INVOICE_NOT_FOUND)
    return invoice
