"""Purchase orders and invoices, as the caller sees them."""

from datetime import date
from decimal import Decimal

from api.domain import procurement
from api.models import Invoice, PurchaseOrder
from api.presenters import fill
from api.schemas.procurement import InvoiceOut, PurchaseOrderOut
from api.services.procurement import waiting_since


def order_out(order: PurchaseOrder, caller_limit: Decimal | None) -> PurchaseOrderOut:
    """A purchase order; `within_limit` says whether the caller's delegated limit covers it."""
    return fill(
        PurchaseOrderOut,
        order,
        waiting_on=order.approver if order.status == "awaiting_approval" else None,
        waiting_since=waiting_since(order),
        within_limit=caller_limit is not None and order.value <= caller_limit,
    )


def invoice_out(invoice: Invoice, today: date) -> InvoiceOut:
    """An invoice with its due date and whether it was (or is being) paid on time."""
    received, paid = invoice.received_on, invoice.paid_on
    return fill(
        InvoiceOut,
        invoice,
        supplier=invoice.purchase_order.supplier,
        po_number=invoice.purchase_order.number,
        due_on=procurement.due_on(received),
        days_to_pay=procurement.days_to_pay(received, paid),
        on_time=procurement.on_time(received, paid, today),
    )
