"""Purchase orders and invoices: status, lists, an approver's queue and decisions, refusals.

All against the real API in process; facts are read back from the API, not hard-coded.
"""

from __future__ import annotations

from decimal import Decimal

import httpx
from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions._words import format_money
from actions.api_client import ApiClient
from actions.procurement import (
    ActionDecidePo,
    ActionInvoiceStatus,
    ActionPoApprovals,
    ActionPoList,
    ActionPoStatus,
)
from tests.actions.conftest import AISHA, PRIYA, TokenFor, TrackerFactory
from tests.actions.said import Dispatcher, text

ASK_INVOICE_NUMBER = text("utter_ask_invoice_number")
ASK_PO_NUMBER = text("utter_ask_po_number")
NO_OPEN_ORDERS = text("utter_po_list_none")
NOTHING_TO_APPROVE = text("utter_po_approvals_none")

FIONA = "100006"
HELEN = "100010"
SAM = "100005"
PO_NOT_FOUND = "I can't find a purchase order with that number that you can see."
INVOICE_NOT_FOUND = "I can't find an invoice with that number that you can see."
UNAVAILABLE_START = "The HR system isn't answering right now, so nothing has been changed."


def po(number: str) -> list[dict[str, object]]:
    """The entity the EntityRuler reports for a purchase order number."""
    return [{"entity": "po_number", "value": number}]


def inv(number: str) -> list[dict[str, object]]:
    """The entity the EntityRuler reports for an invoice number."""
    return [{"entity": "invoice_number", "value": number}]


def down_client() -> ApiClient:
    """A client whose every call fails to connect, as when the API is down."""

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    return ApiClient("http://api.test", transport=httpx.MockTransport(refuse))


def test_money_is_written_the_gov_uk_way() -> None:
    assert format_money(Decimal("1234.5")) == "£1,234.50"
    assert format_money(Decimal("38000")) == "£38,000.00"
    assert format_money(Decimal("-5.25")) == "-£5.25"


async def test_status_names_supplier_value_and_who_it_waits_on(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    order = await api_client.purchase_order(token, "4500012345")
    dispatcher = Dispatcher()

    events = await ActionPoStatus(client=api_client).run(
        dispatcher,
        make_tracker(
            "what's the status of PO 4500012345?",
            intent="po_status",
            token=token,
            entities=po("4500012345"),
        ),
        {},
    )

    [message] = dispatcher.messages
    text = message["text"]
    assert order.waiting_on is not None and order.waiting_since is not None
    assert order.supplier in text and format_money(order.value) in text
    assert f"waiting on {order.waiting_on.name}" in text
    assert order.waiting_since.strftime("%B %Y") in text
    assert events == [SlotSet("po_number", "4500012345")]


async def test_who_needs_to_approve_it_uses_the_order_talked_about(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    order = await api_client.purchase_order(token, "4500012347")
    dispatcher = Dispatcher()

    await ActionPoStatus(client=api_client).run(
        dispatcher,
        make_tracker(
            "who needs to approve it?",
            intent="po_status",
            token=token,
            slots={"po_number": "4500012347"},
        ),
        {},
    )

    assert order.waiting_on is not None
    assert f"waiting on {order.waiting_on.name}" in dispatcher.messages[0]["text"]


async def test_a_finished_order_says_its_status_and_who_approved_it(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    order = await api_client.purchase_order(token, "4500012346")
    dispatcher = Dispatcher()

    await ActionPoStatus(client=api_client).run(
        dispatcher,
        make_tracker("po#4500012346", intent="po_status", token=token, entities=po("4500012346")),
        {},
    )

    text = dispatcher.messages[0]["text"]
    assert order.status == "ordered" and "Status: ordered" in text
    assert order.approver is not None and f"Approved by {order.approver.name}" in text


async def test_someone_elses_order_and_a_wrong_number_get_the_same_refusal(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(AISHA)
    replies = []
    for number in ("4500012345", "4599999999"):
        dispatcher = Dispatcher()
        events = await ActionPoStatus(client=api_client).run(
            dispatcher,
            make_tracker(
                f"status of {number}", intent="po_status", token=token, entities=po(number)
            ),
            {},
        )
        replies.append([m["text"] for m in dispatcher.messages])
        assert events == [SlotSet("po_number", None)]

    assert replies == [[PO_NOT_FOUND], [PO_NOT_FOUND]]


async def test_without_a_number_it_asks_and_offers_my_open_orders(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    mine = await api_client.purchase_orders(token, open_only=True)
    dispatcher = Dispatcher()

    events = await ActionPoStatus(client=api_client).run(
        dispatcher, make_tracker("where's my purchase order?", intent="po_status", token=token), {}
    )

    [message] = dispatcher.messages
    assert message["text"] == ASK_PO_NUMBER
    assert [b["payload"] for b in message["buttons"]] == [
        f'/po_status{{"po_number":"{o.number}"}}' for o in mine
    ]
    assert events == []


async def test_my_open_orders_are_listed_with_buttons(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    mine = await api_client.purchase_orders(token, open_only=True)
    dispatcher = Dispatcher()

    await ActionPoList(client=api_client).run(
        dispatcher, make_tracker("list my open POs", intent="po_list", token=token), {}
    )

    [message] = dispatcher.messages
    assert message["text"].startswith(f"You have {len(mine)} open purchase orders:")
    for order in mine:
        assert order.number in message["text"] and format_money(order.value) in message["text"]
    assert len(message["buttons"]) == len(mine)


async def test_someone_without_orders_is_told_so(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    dispatcher = Dispatcher()

    await ActionPoList(client=api_client).run(
        dispatcher, make_tracker("my POs", intent="po_list", token=await token_for(AISHA)), {}
    )

    assert [m["text"] for m in dispatcher.messages] == [NO_OPEN_ORDERS]


async def test_an_approver_sees_her_queue_with_approve_and_reject_buttons(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(FIONA)
    waiting = await api_client.po_approvals(token)
    dispatcher = Dispatcher()

    await ActionPoApprovals(client=api_client).run(
        dispatcher,
        make_tracker("what POs are waiting for me?", intent="po_approvals", token=token),
        {},
    )

    intro, *cards = dispatcher.messages
    assert waiting and intro["text"].startswith(f"{len(waiting)} purchase orders are waiting")
    assert [c["text"].split(":")[0] for c in cards] == [o.number for o in waiting]
    for card, order in zip(cards, waiting, strict=True):
        assert order.within_limit
        assert [b["payload"] for b in card["buttons"]] == [
            f'/approve_po{{"po_number":"{order.number}"}}',
            f'/reject_po{{"po_number":"{order.number}"}}',
        ]


async def test_someone_with_nothing_to_approve_is_told_so(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    dispatcher = Dispatcher()

    await ActionPoApprovals(client=api_client).run(
        dispatcher,
        make_tracker("POs to approve", intent="po_approvals", token=await token_for(AISHA)),
        {},
    )

    assert [m["text"] for m in dispatcher.messages] == [NOTHING_TO_APPROVE]


async def test_approving_by_button_approves_it_at_the_api(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(FIONA)
    dispatcher = Dispatcher()

    events = await ActionDecidePo(client=api_client).run(
        dispatcher,
        make_tracker(
            '/approve_po{"po_number":"4500012345"}',
            intent="approve_po",
            token=token,
            entities=po("4500012345"),
        ),
        {},
    )

    after = await api_client.purchase_order(token, "4500012345")
    assert after.status == "approved"
    assert "4500012345" not in [o.number for o in await api_client.po_approvals(token)]
    [message] = dispatcher.messages
    assert message["text"].startswith("Done: purchase order 4500012345")
    assert f"{after.requester.name} will get a message" in message["text"]
    assert events == [SlotSet("po_number", "4500012345")]


async def test_rejecting_by_typing_the_number_rejects_it(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(FIONA)
    dispatcher = Dispatcher()

    await ActionDecidePo(client=api_client).run(
        dispatcher,
        make_tracker(
            "reject PO 4500012349", intent="reject_po", token=token, entities=po("4500012349")
        ),
        {},
    )

    assert (await api_client.purchase_order(token, "4500012349")).status == "rejected"
    assert "is rejected" in dispatcher.messages[0]["text"]


async def test_over_the_delegated_limit_the_api_names_who_must_approve(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(FIONA)
    before = await api_client.purchase_order(token, "4500012347")
    dispatcher = Dispatcher()

    await ActionDecidePo(client=api_client).run(
        dispatcher,
        make_tracker(
            "approve 4500012347", intent="approve_po", token=token, entities=po("4500012347")
        ),
        {},
    )

    [message] = dispatcher.messages
    assert before.waiting_on is not None
    assert "over your delegated limit" in message["text"]
    assert f"{before.waiting_on.name} needs to approve it" in message["text"]
    assert message["text"].endswith("Nothing has been changed.")
    assert (await api_client.purchase_order(token, "4500012347")).status == "awaiting_approval"


async def test_deciding_without_a_number_offers_the_waiting_orders(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(FIONA)
    waiting = await api_client.po_approvals(token)
    dispatcher = Dispatcher()

    await ActionDecidePo(client=api_client).run(
        dispatcher, make_tracker("approve the PO", intent="approve_po", token=token), {}
    )

    [message] = dispatcher.messages
    assert message["text"] == "Which purchase order do you want to approve?"
    assert [b["payload"] for b in message["buttons"]] == [
        f'/approve_po{{"po_number":"{o.number}"}}' for o in waiting
    ]
    assert [o.status for o in await api_client.po_approvals(token)] == ["awaiting_approval"] * len(
        waiting
    )


async def test_deciding_an_order_one_cannot_see_changes_nothing(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    dispatcher = Dispatcher()

    await ActionDecidePo(client=api_client).run(
        dispatcher,
        make_tracker(
            "approve 4500012345",
            intent="approve_po",
            token=await token_for(SAM),
            entities=po("4500012345"),
        ),
        {},
    )

    assert [m["text"] for m in dispatcher.messages] == [PO_NOT_FOUND]
    fiona = await token_for(FIONA)
    assert (await api_client.purchase_order(fiona, "4500012345")).status == "awaiting_approval"


async def test_a_paid_invoice_says_when_against_the_30_day_target(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    invoice = await api_client.invoice(token, "INV-20931")
    dispatcher = Dispatcher()

    events = await ActionInvoiceStatus(client=api_client).run(
        dispatcher,
        make_tracker(
            "has invoice INV-20931 been paid?",
            intent="invoice_status",
            token=token,
            entities=inv("INV-20931"),
        ),
        {},
    )

    text = dispatcher.messages[0]["text"]
    assert invoice.paid_on is not None and invoice.on_time is True
    assert f"paid on {invoice.paid_on:%A} {invoice.paid_on.day} {invoice.paid_on:%B %Y}" in text
    assert f"{invoice.days_to_pay} days after it was received" in text
    assert "within the 30-day payment target" in text
    assert format_money(invoice.amount) in text and invoice.po_number in text
    assert events == [SlotSet("invoice_number", "INV-20931")]


async def test_an_unpaid_late_invoice_says_it_is_late(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    invoice = await api_client.invoice(token, "INV-20932")
    dispatcher = Dispatcher()

    await ActionInvoiceStatus(client=api_client).run(
        dispatcher,
        make_tracker("inv 20932", intent="invoice_status", token=token, entities=inv("INV-20932")),
        {},
    )

    text = dispatcher.messages[0]["text"]
    assert invoice.paid_on is None and invoice.on_time is False
    assert "hasn't been paid yet and it's late" in text
    assert f"{invoice.due_on.day} {invoice.due_on:%B %Y}" in text


async def test_an_invoice_one_cannot_see_is_refused_like_a_wrong_one(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(AISHA)
    for number in ("INV-20931", "INV-99999"):
        dispatcher = Dispatcher()
        events = await ActionInvoiceStatus(client=api_client).run(
            dispatcher,
            make_tracker(number, intent="invoice_status", token=token, entities=inv(number)),
            {},
        )
        assert [m["text"] for m in dispatcher.messages] == [INVOICE_NOT_FOUND]
        assert events == [SlotSet("invoice_number", None)]


async def test_without_an_invoice_number_it_asks_for_one(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    dispatcher = Dispatcher()

    await ActionInvoiceStatus(client=api_client).run(
        dispatcher,
        make_tracker(
            "has my invoice been paid", intent="invoice_status", token=await token_for(PRIYA)
        ),
        {},
    )

    assert [m["text"] for m in dispatcher.messages] == [ASK_INVOICE_NUMBER]


async def test_when_the_api_is_down_each_action_says_so_honestly(
    make_tracker: TrackerFactory, token_for: TokenFor
) -> None:
    token = await token_for(FIONA)
    client = down_client()
    cases: list[tuple[Action, str, list[dict[str, object]]]] = [
        (ActionPoStatus(client=client), "po_status", po("4500012345")),
        (ActionPoList(client=client), "po_list", []),
        (ActionPoApprovals(client=client), "po_approvals", []),
        (ActionDecidePo(client=client), "approve_po", po("4500012345")),
        (ActionInvoiceStatus(client=client), "invoice_status", inv("INV-20931")),
    ]
    try:
        for action, intent, entities in cases:
            dispatcher = Dispatcher()
            await action.run(
                dispatcher, make_tracker("x", intent=intent, token=token, entities=entities), {}
            )
            [message] = dispatcher.messages
            assert message["text"].startswith(UNAVAILABLE_START), action.name()
    finally:
        await client.aclose()


async def test_without_a_token_nothing_is_looked_up(
    make_tracker: TrackerFactory, api_client: ApiClient
) -> None:
    dispatcher = Dispatcher()

    await ActionPoStatus(client=api_client).run(
        dispatcher, make_tracker("4500012345", intent="po_status", entities=po("4500012345")), {}
    )

    assert dispatcher.messages[0]["text"].startswith("I can't tell who you are")
