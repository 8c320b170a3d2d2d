"""Purchase orders and invoices: status, my open orders, an approver's queue and decisions.

Every rule (who may see an order, delegated limits, the 30-day payment target) lives in the
API; these actions ask it and put the answer into words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._clock import uk_date
from actions._common import (
    ApiDeps,
    ask_api,
    entity_value,
    explain_failure,
    latest_intent,
    latest_text,
    referenced,
    require_token,
)
from actions._words import bullets, format_day, format_money, payload, plural
from actions.api_client import ApiError, Decision, Invoice, NotFound, PurchaseOrder

STATUS_WORDS = {
    "awaiting_approval": "waiting for approval",
    "approved": "approved",
    "rejected": "rejected",
    "ordered": "ordered from the supplier",
    "received": "received (the goods or services have arrived)",
    "closed": "closed",
}
DECISIONS: dict[str, Decision] = {"approve_po": "approve", "reject_po": "reject"}


def reference(tracker: Tracker, entity: str) -> str | None:
    """A reference number from the latest message, else the one of a list just shown that it
    points at ("the second one"), else the one talked about before (slot)."""
    value = entity_value(tracker, entity)
    if value is None and entity == "po_number":
        value = referenced(latest_text(tracker), tracker.get_slot("listed_orders"))
    value = value or tracker.get_slot(entity)
    return str(value).strip() if value else None


def _day(moment: dt.datetime | dt.date) -> str:
    return format_day(uk_date(moment) if isinstance(moment, dt.datetime) else moment)


def describe_po(order: PurchaseOrder) -> str:
    """Everything a person asks about an order: what, who from, how much, where it is.

    Args:
        order: The purchase order as the API gave it.

    Returns:
        A few lines of plain English.
    """
    lines = [
        f"Purchase order {order.number}: {order.description}.",
        f"Supplier: {order.supplier}. Value: {format_money(order.value)}.",
        f"Raised by {order.requester.name} on {_day(order.created_at)}.",
    ]
    if order.status == "awaiting_approval" and order.waiting_on is not None:
        since = f" since {_day(order.waiting_since)}" if order.waiting_since else ""
        lines.append(
            f"Status: waiting for approval. It's waiting on {order.waiting_on.name}{since}."
        )
    else:
        when = f" on {_day(order.history[-1].at)}" if order.history else ""
        lines.append(f"Status: {STATUS_WORDS[order.status]}{when}.")
        decided_by = next(
            (
                event.by
                for event in order.history
                if event.status in ("approved", "rejected") and event.by
            ),
            None,
        )
        if decided_by is not None:
            verb = "Rejected" if order.status == "rejected" else "Approved"
            lines.append(f"{verb} by {decided_by.name}.")
    return "\n".join(lines)


def po_line(order: PurchaseOrder) -> str:
    """One line per order in a list."""
    status = STATUS_WORDS[order.status]
    if order.status == "awaiting_approval" and order.waiting_on is not None:
        status = f"waiting on {order.waiting_on.name}"
    return (
        f"{order.number}: {order.supplier}, {format_money(order.value)} "
        f"({order.description}) – {status}"
    )


class ActionPoStatus(ApiDeps, Action):
    """Say where a purchase order is and who it is waiting on."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_po_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Describe the order named in the message (or the one talked about before).

        Without a number, ask for it and offer the person's open orders as buttons.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; its latest message carries the token.
            domain: The bot's domain.

        Returns:
            The `po_number` slot: the order described, or emptied when it can't be seen.
        """
        token = require_token(dispatcher, tracker)
        if token is None:
            return []
        number = reference(tracker, "po_number")
        try:
            if number is None:
                mine = await self.client.purchase_orders(token, open_only=True)
                dispatcher.utter_message(
                    response="utter_ask_po_number",
                    buttons=[
                        {"title": o.number, "payload": payload("po_status", po_number=o.number)}
                        for o in mine
                    ],
                )
                return []
            order = await self.client.purchase_order(token, number)
        except NotFound as error:
            explain_failure(dispatcher, error)
            return [SlotSet("po_number", None)]
        except ApiError as error:
            explain_failure(dispatcher, error)
            return []
        dispatcher.utter_message(response="utter_po_status", order=describe_po(order))
        return [SlotSet("po_number", order.number)]


class ActionPoList(ApiDeps, Action):
    """List the open purchase orders the person raised."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_po_list"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """List the person's open orders, each with a button for its details.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; its latest message carries the token.
            domain: The bot's domain.

        Returns:
            No events.
        """
        orders = await ask_api(
            dispatcher, tracker, lambda token: self.client.purchase_orders(token, open_only=True)
        )
        if orders is None:
            return []
        if not orders:
            dispatcher.utter_message(response="utter_po_list_none")
            return []
        dispatcher.utter_message(
            response="utter_po_list",
            count=plural(len(orders), "open purchase order"),
            orders=bullets([po_line(o) for o in orders]),
            buttons=[
                {"title": f"Details of {n}", "payload": payload("po_status", po_number=n)}
                for n in (o.number for o in orders)
            ],
        )
        return [SlotSet("listed_orders", [o.number for o in orders])]


class ActionPoApprovals(ApiDeps, Action):
    """List the purchase orders waiting for the person's approval."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_po_approvals"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Show each waiting order, with Approve and Reject buttons when it is within the
        person's delegated limit.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; its latest message carries the token.
            domain: The bot's domain.

        Returns:
            No events.
        """
        waiting = await ask_api(dispatcher, tracker, lambda token: self.client.po_approvals(token))
        if waiting is None:
            return []
        if not waiting:
            dispatcher.utter_message(response="utter_po_approvals_none")
            return []
        if len(waiting) == 1:
            dispatcher.utter_message(response="utter_po_approvals_one")
        else:
            dispatcher.utter_message(response="utter_po_approvals_many", count=len(waiting))
        for order in waiting:
            since = f", waiting since {_day(order.waiting_since)}" if order.waiting_since else ""
            text = (
                f"{order.number}: {order.supplier}, {format_money(order.value)} "
                f"({order.description}), raised by {order.requester.name}{since}."
            )
            if not order.within_limit:
                dispatcher.utter_message(response="utter_po_approval_over_limit", order=text)
                continue
            dispatcher.utter_message(
                response="utter_po_approval_item",
                order=text,
                buttons=[
                    {"title": "Approve", "payload": payload("approve_po", po_number=order.number)},
                    {"title": "Reject", "payload": payload("reject_po", po_number=order.number)},
                ],
            )
        return []


class ActionDecidePo(ApiDeps, Action):
    """Approve or reject a purchase order waiting for the person."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_decide_po"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Decide the order named in the message or by a button; without one, offer choices.

        The decision comes from the intent (`approve_po` or `reject_po`). The API enforces
        the delegated limit and says who must approve instead.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation.
            domain: The bot's domain.

        Returns:
            The `po_number` slot: the order decided, or emptied.
        """
        intent = latest_intent(tracker) or ""
        decision = DECISIONS.get(intent)
        if decision is None:
            dispatcher.utter_message(response="utter_approve_or_reject_po")
            return []
        token = require_token(dispatcher, tracker)
        if token is None:
            return []
        number = entity_value(tracker, "po_number")
        try:
            if number is None:
                waiting = [o for o in await self.client.po_approvals(token) if o.within_limit]
                if not waiting:
                    dispatcher.utter_message(response="utter_po_approvals_none")
                    return []
                dispatcher.utter_message(
                    response=f"utter_which_po_to_{decision}",
                    buttons=[
                        {
                            "title": f"{o.number}: {o.supplier}, {format_money(o.value)}",
                            "payload": payload(intent, po_number=o.number),
                        }
                        for o in waiting
                    ],
                )
                return []
            order = await self.client.decide_po(token, number, decision)
        except NotFound as error:
            explain_failure(dispatcher, error)
            return [SlotSet("po_number", None)]
        except ApiError as error:
            explain_failure(dispatcher, error, refused="utter_refused_nothing_changed")
            return []
        dispatcher.utter_message(
            response="utter_po_rejected" if order.status == "rejected" else "utter_po_approved",
            number=order.number,
            supplier=order.supplier,
            value=format_money(order.value),
            requester=order.requester.name,
        )
        return [SlotSet("po_number", order.number)]


def describe_invoice(invoice: Invoice) -> str:
    """Where an invoice is (received, matched, approved, paid) against the 30-day target.

    Args:
        invoice: The invoice as the API gave it.

    Returns:
        A few lines of plain English.
    """
    lines = [
        f"Invoice {invoice.number} from {invoice.supplier} for {format_money(invoice.amount)} "
        f"(purchase order {invoice.po_number}):",
        f"- received on {format_day(invoice.received_on)}",
    ]
    if invoice.matched_on:
        lines.append(f"- matched to the purchase order on {format_day(invoice.matched_on)}")
    if invoice.approved_on:
        lines.append(f"- approved for payment on {format_day(invoice.approved_on)}")
    if invoice.paid_on:
        days = invoice.days_to_pay
        took = f", {days} days after it was received" if days is not None else ""
        target = (
            "within the 30-day payment target"
            if invoice.on_time
            else "later than the 30-day payment target"
        )
        lines.append(f"- paid on {format_day(invoice.paid_on)}{took}: {target}.")
    elif invoice.on_time is False:
        lines.append(
            f"It hasn't been paid yet and it's late: the 30-day payment target was "
            f"{format_day(invoice.due_on)}."
        )
    else:
        lines.append(
            f"It hasn't been paid yet. The 30-day payment target is {format_day(invoice.due_on)}."
        )
    return "\n".join(lines)


class ActionInvoiceStatus(ApiDeps, Action):
    """Say whether an invoice has been paid, and when, against the 30-day target."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_invoice_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Describe the invoice named in the message (or the one talked about before).

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; its latest message carries the token.
            domain: The bot's domain.

        Returns:
            The `invoice_number` slot: the invoice described, or emptied.
        """
        token = require_token(dispatcher, tracker)
        if token is None:
            return []
        number = reference(tracker, "invoice_number")
        if number is None:
            dispatcher.utter_message(response="utter_ask_invoice_number")
            return []
        try:
            invoice = await self.client.invoice(token, number)
        except NotFound as error:
            explain_failure(dispatcher, error)
            return [SlotSet("invoice_number", None)]
        except ApiError as error:
            explain_failure(dispatcher, error)
            return []
        dispatcher.utter_message(response="utter_invoice_status", invoice=describe_invoice(invoice))
        return [SlotSet("invoice_number", invoice.number)]
