"""Purchase orders and invoices, typed as the personas would, through the real stack.

Facts are read from the API as the same person, so nothing here depends on seed numbers
beyond the order and invoice references the design names. Fiona's decisions change state,
so each test reads the state it needs first.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.e2e.conftest import buttons_of, text_of

PRIYA, AISHA, FIONA = "100001", "100003", "100006"
PO_NOT_FOUND = "I can't find a purchase order with that number that you can see."
INVOICE_NOT_FOUND = "I can't find an invoice with that number that you can see."


def money(value: str) -> str:
    """The API's "4800.00" as the bot writes it: "£4,800.00"."""
    return f"£{Decimal(value):,.2f}"


def day(value: str) -> str:
    """An ISO date or date-time as the bot writes it: "Friday 4 December 2026"."""
    d = dt.date.fromisoformat(value[:10])
    return f"{d:%A} {d.day} {d:%B %Y}"


def test_status_of_a_po_then_who_it_is_waiting_on(person):
    priya = person(PRIYA)
    order = priya.get("/v1/purchase-orders/4500012347")

    reply = text_of(priya.say("What's the status of PO 4500012347?"))

    assert order["supplier"] in reply and money(order["value"]) in reply
    assert order["waiting_on"]["name"] in reply
    assert day(order["waiting_since"]) in reply
    follow_up = text_of(priya.say("who needs to approve it?"))
    assert order["waiting_on"]["name"] in follow_up


def test_numbers_are_read_wherever_they_stand(person):
    priya = person(PRIYA)
    order = priya.get("/v1/purchase-orders/4500012346")

    for text in ("po#4500012346 - where is it up to?", "is 4500012346 ordered yet"):
        reply = text_of(priya.say(text))
        assert order["supplier"] in reply and "4500012346" in reply, text


def test_list_my_open_pos(person):
    priya = person(PRIYA)
    mine = priya.get("/v1/me/purchase-orders?open=true")

    reply = priya.say("list my open POs")

    assert mine
    for order in mine:
        assert order["number"] in text_of(reply)
    assert len(buttons_of(reply)) == len(mine)


def test_a_wrong_number_or_someone_elses_po_gets_the_same_refusal(person):
    aisha = person(AISHA)

    someone_elses = text_of(aisha.say("what's the status of PO 4500012345?"))
    wrong = text_of(aisha.say("status of purchase order 4599999999"))

    assert someone_elses == PO_NOT_FOUND
    assert wrong == PO_NOT_FOUND
    assert "Bright Ideas" not in someone_elses


def test_fiona_approves_by_button_and_rejects_by_typing(person):
    fiona = person(FIONA)
    waiting = fiona.get("/v1/me/po-approvals")
    decidable = [o for o in waiting if o["within_limit"]]
    assert len(decidable) >= 2, "the seed gives Fiona orders to decide"
    first, second = decidable[0], decidable[1]

    reply = fiona.say("what POs are waiting for me?")

    approve = [b for b in buttons_of(reply) if b["payload"].startswith("/approve_po")]
    assert [b["payload"] for b in approve] == [
        f'/approve_po{{"po_number":"{o["number"]}"}}' for o in decidable
    ]
    done = text_of(fiona.say(approve[0]["payload"]))
    assert fiona.get(f"/v1/purchase-orders/{first['number']}")["status"] == "approved"
    assert first["number"] in done

    fiona.say(f"reject PO {second['number']}")
    assert fiona.get(f"/v1/purchase-orders/{second['number']}")["status"] == "rejected"
    remaining = {o["number"] for o in fiona.get("/v1/me/po-approvals")}
    assert first["number"] not in remaining and second["number"] not in remaining


def test_over_her_delegated_limit_the_reply_names_who_must_approve(person):
    fiona = person(FIONA)
    before = fiona.get("/v1/purchase-orders/4500012347")

    reply = text_of(fiona.say("approve PO 4500012347"))

    assert "delegated limit" in reply and before["waiting_on"]["name"] in reply
    after = fiona.get("/v1/purchase-orders/4500012347")
    assert after["status"] == before["status"] == "awaiting_approval"


def test_has_an_invoice_been_paid(person):
    priya = person(PRIYA)
    paid = priya.get("/v1/invoices/INV-20931")
    late = priya.get("/v1/invoices/INV-20932")

    paid_reply = text_of(priya.say("Has invoice INV-20931 been paid?"))
    assert day(paid["paid_on"]) in paid_reply
    assert "30-day payment target" in paid_reply

    late_reply = text_of(priya.say("what about invoice 20932?"))
    assert late["paid_on"] is None
    assert "late" in late_reply and day(late["due_on"]) in late_reply


def test_an_invoice_someone_may_not_see_is_refused(person):
    aisha = person(AISHA)

    assert text_of(aisha.say("has INV-20931 been paid?")) == INVOICE_NOT_FOUND
