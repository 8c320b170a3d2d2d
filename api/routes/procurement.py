"""Purchase orders, their approval within delegated limits, and invoices."""

from typing import Any

from fastapi import APIRouter

from api.deps import CurrentEmployee, NowDep, SessionDep, TodayDep
from api.presenters.procurement import invoice_out, order_out
from api.schemas.common import DecisionIn, ErrorBody
from api.schemas.procurement import InvoiceOut, PurchaseOrderOut
from api.services import procurement as service

router = APIRouter(prefix="/v1", tags=["procurement"], responses={401: {"model": ErrorBody}})
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody}}


@router.get("/me/purchase-orders")
def my_orders(
    employee: CurrentEmployee, session: SessionDep, open: bool = False
) -> list[PurchaseOrderOut]:
    """Purchase orders you raised, newest first; `open=true` leaves out rejected and closed."""
    limit = service.caller_limit(session, employee)
    return [order_out(order, limit) for order in service.raised(session, employee, open)]


@router.get("/me/po-approvals")
def po_approvals(employee: CurrentEmployee, session: SessionDep) -> list[PurchaseOrderOut]:
    """Purchase orders waiting on you, oldest first; `within_limit` says if you may approve."""
    limit = service.caller_limit(session, employee)
    return [order_out(order, limit) for order in service.approvals(session, employee)]


@router.get("/purchase-orders/{number}", responses=NOT_FOUND)
def order(number: str, employee: CurrentEmployee, session: SessionDep) -> PurchaseOrderOut:
    """A purchase order you raised, approve, or oversee as a procurement approver of its cost
    centre. Anything else is 404, whether or not it exists."""
    found = service.visible(session, employee, number)
    return order_out(found, service.caller_limit(session, employee))


@router.post(
    "/purchase-orders/{number}/decision",
    responses={**NOT_FOUND, 403: {"model": ErrorBody}, 409: {"model": ErrorBody}},
)
def decide(
    number: str, body: DecisionIn, employee: CurrentEmployee, session: SessionDep, now: NowDep
) -> PurchaseOrderOut:
    """Approve or reject a purchase order waiting on you; the requester is notified.

    Over your delegated limit: 403 `over_delegated_limit`, naming who must approve. The same
    decision again answers 200; the other one is 409 `already_decided`.
    """
    decided = service.decide(session, employee, number, body.decision, body.note, now)
    return order_out(decided, service.caller_limit(session, employee))


@router.get("/invoices/{number}", responses=NOT_FOUND)
def invoice(
    number: str, employee: CurrentEmployee, session: SessionDep, today: TodayDep
) -> InvoiceOut:
    """An invoice against a purchase order you may see, with its 30-day payment target."""
    return invoice_out(service.visible_invoice(session, employee, number), today)
