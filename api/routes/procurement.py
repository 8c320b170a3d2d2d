"""Purchase orders, their approval within delegated limits, and invoices."""

from typing import Any

from fastapi import APIRouter

from api.deps import CurrentEmployee, NowDep, SessionDep, TodayDep
from api.domain.procurement import is_open
from api.repositories import procurement as repo
from api.schemas import DecisionIn, ErrorBody
from api.schemas.procurement import InvoiceOut, PurchaseOrderOut
from api.services import procurement as service

router = APIRouter(prefix="/v1", tags=["procurement"], responses={401: {"model": ErrorBody}})
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody}}


@router.get("/me/purchase-orders")
def my_orders(
    employee: CurrentEmployee, session: SessionDep, open: bool = False
) -> list[PurchaseOrderOut]:
    """Purchase orders you raised, newest first; `open=true` leaves out rejected and closed."""
    orders = [o for o in repo.raised_by(session, employee.id) if not open or is_open(o.status)]
    return [service.order_out(session, employee, order) for order in orders]


@router.get("/me/po-approvals")
def po_approvals(employee: CurrentEmployee, session: SessionDep) -> list[PurchaseOrderOut]:
    """Purchase orders waiting on you, oldest first; `within_limit` says if you may approve."""
    return [
        service.order_out(session, employee, order)
        for order in service.approvals(session, employee)
    ]


@router.get("/purchase-orders/{number}", responses=NOT_FOUND)
def order(number: str, employee: CurrentEmployee, session: SessionDep) -> PurchaseOrderOut:
    """A purchase order you raised, approve, or oversee as a procurement approver of its cost
    centre. Anything else is 404, whether or not it exists."""
    return service.order_out(session, employee, service.visible(session, employee, number))


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
    return service.order_out(session, employee, decided)


@router.get("/invoices/{number}", responses=NOT_FOUND)
def invoice(
    number: str, employee: CurrentEmployee, session: SessionDep, today: TodayDep
) -> InvoiceOut:
    """An invoice against a purchase order you may see, with its 30-day payment target."""
    return service.invoice_out(service.visible_invoice(session, employee, number), today)
