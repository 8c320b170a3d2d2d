"""Purchase orders, approvals within delegated limits, and invoices, as the caller may see them."""

from datetime import date, datetime

from sqlalchemy.orm import Session

from api.domain import procurement
from api.domain.errors import Conflict, Forbidden, NotFound
from api.domain.money import format_money
from api.models import Employee, Invoice, PurchaseOrder, PurchaseOrderEvent
from api.repositories import notifications
from api.repositories import procurement as repo
from api.schemas.procurement import InvoiceOut, PoEventOut, PurchaseOrderOut
from api.services.views import person_ref


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


def _waiting_since(order: PurchaseOrder) -> datetime | None:
    if order.status != "awaiting_approval":
        return None
    return order.history[-1].at if order.history else order.created_at


def order_out(session: Session, employee: Employee, order: PurchaseOrder) -> PurchaseOrderOut:
    """A purchase order as the caller sees it; `within_limit` is about the caller's limit."""
    limit = repo.limit_of(session, employee.id)
    requester = person_ref(order.requester)
    assert requester is not None
    return PurchaseOrderOut(
        number=order.number,
        supplier=order.supplier,
        description=order.description,
        value=order.value,
        status=order.status,
        requester=requester,
        approver=person_ref(order.approver),
        waiting_on=person_ref(order.approver) if order.status == "awaiting_approval" else None,
        waiting_since=_waiting_since(order),
        created_at=order.created_at,
        history=[
            PoEventOut(status=event.status, at=event.at, by=person_ref(event.by))
            for event in order.history
        ],
        within_limit=limit is not None and order.value <= limit.limit,
    )


def approvals(session: Session, employee: Employee) -> list[PurchaseOrder]:
    """Purchase orders waiting on the caller, oldest wait first."""
    orders = repo.awaiting(session, employee.id)
    return sorted(orders, key=lambda order: (_waiting_since(order) or order.created_at, order.id))


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
        session.rollback()
        raise NotFound(procurement.PO_NOT_FOUND)
    if order.approver_id != employee.id:
        session.rollback()
        raise _not_theirs(session, employee, order)
    try:
        new_status = procurement.decide(order.status, decision)
    except Conflict:
        session.rollback()
        raise
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


def invoice_out(invoice: Invoice, today: date) -> InvoiceOut:
    """An invoice with its due date and whether it was (or is being) paid on time."""
    return InvoiceOut(
        number=invoice.number,
        supplier=invoice.purchase_order.supplier,
        po_number=invoice.purchase_order.number,
        amount=invoice.amount,
        status=invoice.status,
        received_on=invoice.received_on,
        matched_on=invoice.matched_on,
        approved_on=invoice.approved_on,
        paid_on=invoice.paid_on,
        due_on=procurement.due_on(invoice.received_on),
        days_to_pay=procurement.days_to_pay(invoice.received_on, invoice.paid_on),
        on_time=procurement.on_time(invoice.received_on, invoice.paid_on, today),
    )
