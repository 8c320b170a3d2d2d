"""Pay, tax documents and expenses, end to end: typed messages through `/web/messages`.

Expected answers are built from what the API says for the same person, never hard-coded.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import httpx
import pytest

from actions._words import format_day, format_money, period_words
from tests.actions.said import text
from tests.conftest import TODAY
from tests.e2e.conftest import buttons_of, said, text_of

PRIYA = "100001"
GARETH = "100004"
SAM = "100005"


def next_payday(answer: dict[str, Any]) -> dt.date:
    """The first pay date from today in the API's list (this month's may have passed)."""
    days = [dt.date.fromisoformat(d["pay_date"]) for d in answer["dates"]]
    return next(day for day in days if day >= TODAY)


@pytest.mark.parametrize(
    "text", ["When's payday?", "when do we get paid this month", "what are the pay dates"]
)
def test_payday_comes_from_the_departments_rule(person, text: str) -> None:  # type: ignore[no-untyped-def]
    priya = person(PRIYA)

    reply = text_of(priya.say(text))

    answer = priya.get("/v1/pay/dates?count=4")
    assert answer["rule"] in reply
    assert format_day(next_payday(answer)) in reply


def test_the_latest_payslip_and_net_pay_in_a_named_month(person) -> None:  # type: ignore[no-untyped-def]
    priya = person(PRIYA)
    slips = priya.get("/v1/me/payslips")
    latest, earlier = slips[0], slips[1]

    latest_reply = priya.say("Show my latest payslip")
    month = period_words(earlier["period"]).split()[0]
    net_reply = text_of(priya.say(f"what was my net pay in {month}?"))

    assert f"Your payslip for {period_words(latest['period'])}" in text_of(latest_reply)
    assert f"net pay (take-home) {format_money(Decimal(latest['net']))}" in text_of(latest_reply)
    assert {b["payload"] for b in buttons_of(latest_reply)} >= {"/pay_change"}
    assert net_reply == (
        f"Your net pay (take-home) for {period_words(earlier['period'])} was "
        f"{format_money(Decimal(earlier['net']))}, paid on "
        f"{format_day(dt.date.fromisoformat(earlier['pay_date']))}."
    )


def test_a_new_joiner_without_payslips_is_told_when_the_first_comes(person) -> None:  # type: ignore[no-untyped-def]
    gareth = person(GARETH)
    assert gareth.get("/v1/me/payslips") == []

    reply = text_of(gareth.say("can I see my payslip"))
    payday = text_of(gareth.say("when do I get paid?"))

    assert reply.startswith("You don't have any payslips yet.")
    assert format_day(next_payday(gareth.get("/v1/pay/dates"))) in payday


def test_pension_paid_last_month(person) -> None:  # type: ignore[no-untyped-def]
    sam = person(SAM)
    this_month = TODAY.replace(day=1)  # the stack's clock is pinned to the suite's
    last_month = (this_month - dt.timedelta(days=1)).strftime("%Y-%m")
    payslip = sam.get(f"/v1/me/payslips/{last_month}")
    [pension] = [line for line in payslip["lines"] if line["code"] == "PENSION"]

    reply = text_of(sam.say("how much pension did I pay last month?"))

    assert reply.startswith(
        f"You paid {format_money(Decimal(pension['amount']))} pension (alpha) in "
        f"{period_words(last_month)}."
    )


def test_why_take_home_changed_uses_the_apis_comparison(person) -> None:  # type: ignore[no-untyped-def]
    priya = person(PRIYA)

    reply = text_of(priya.say("Why is my take-home lower this month?"))

    comparison = priya.get("/v1/me/payslips/compare")
    for sentence in comparison["explanation"]:
        assert sentence in reply
    for change in comparison["changes"]:
        assert change["label"] in reply


def test_the_p60_link_opens_in_a_browser_for_that_employee_only(person) -> None:  # type: ignore[no-untyped-def]
    priya, gareth = person(PRIYA), person(GARETH)

    reply = text_of(priya.say("Where's my P60?"))

    [link] = re.findall(r"https?://\S+", reply)
    opened = httpx.get(link, timeout=10)  # as a browser would: no bearer token
    tampered = httpx.get(link.replace(f"staff={PRIYA}", f"staff={GARETH}"), timeout=10)
    assert opened.status_code == 200 and "P60" in opened.text
    assert tampered.status_code != 200
    assert text_of(gareth.say("where's my p60")).startswith("You don't have a P60 yet.")


def test_expense_claims_and_what_is_outstanding(person) -> None:  # type: ignore[no-untyped-def]
    priya = person(PRIYA)

    reply = text_of(priya.say("have my expenses been paid?"))

    claims = priya.get("/v1/me/expenses")
    outstanding = [c for c in claims if c["status"] in ("submitted", "approved")]
    total = sum((Decimal(c["amount"]) for c in outstanding), Decimal(0))
    assert f"{len(outstanding)} claims outstanding, {format_money(total)} in all" in reply
    for claim in claims:
        assert claim["reference"] in reply


def test_claiming_a_train_fare_by_chat(person) -> None:  # type: ignore[no-untyped-def]
    priya = person(PRIYA)
    before = priya.get("/v1/me/expenses")

    asked = text_of(priya.say("I want to claim £12.50 for a train to Leeds yesterday"))
    receipt = priya.say("Train to Leeds for the policy workshop")
    summary = priya.say("yes")
    done = priya.say("yes, send it")

    assert "What was it for?" in asked
    assert [b["payload"] for b in buttons_of(receipt)] == ["/affirm", "/deny"]
    assert "You're claiming £12.50 for travel" in text_of(summary)
    after = priya.get("/v1/me/expenses")
    assert len(after) == len(before) + 1
    new = after[0]
    assert (new["amount"], new["claim_type"], new["status"]) == ("12.50", "travel", "submitted")
    assert new["description"] == "Train to Leeds for the policy workshop"
    assert said(done) == [
        (
            text(
                "utter_expense_sent",
                reference=new["reference"],
                amount="£12.50",
                approver="Tom Evans",
            ),
            ["My expense claims"],
        )
    ]
    assert said(priya.say("thanks")) == [(text("utter_thank"), [])]


def test_the_kind_of_cost_is_offered_as_buttons_that_work(person) -> None:  # type: ignore[no-untyped-def]
    priya = person(PRIYA)

    asked = priya.say("I want to claim expenses")
    chosen = text_of(priya.say(buttons_of(asked)[2]["payload"]))

    assert "What kind of cost" in text_of(asked)
    assert [b["payload"] for b in buttons_of(asked)] == [
        '/submit_expense{"expense_type":"travel"}',
        '/submit_expense{"expense_type":"subsistence"}',
        '/submit_expense{"expense_type":"accommodation"}',
        '/submit_expense{"expense_type":"other"}',
    ]
    assert "What date did you spend the money?" in chosen


def test_a_claim_over_the_limit_is_explained_and_the_amount_asked_again(person) -> None:  # type: ignore[no-untyped-def]
    priya = person(PRIYA)
    before = priya.get("/v1/me/expenses")

    priya.say("can I claim for my lunch yesterday")
    priya.say("£40")
    priya.say("Lunch at the Manchester stakeholder event")
    priya.say("yes")
    refused = text_of(priya.say("yes"))
    assert priya.get("/v1/me/expenses") == before

    priya.say("£18.20")
    done = text_of(priya.say("yes"))

    assert refused.startswith("I can't send that claim: The most you can claim is")
    assert "How much are you claiming?" in refused
    new = priya.get("/v1/me/expenses")[0]
    assert (new["amount"], new["claim_type"]) == ("18.20", "subsistence")
    assert done.startswith(f"Done. Your claim {new['reference']}")


def test_a_claim_without_a_receipt_asks_for_one_again(person) -> None:  # type: ignore[no-untyped-def]
    priya = person(PRIYA)

    priya.say("claim £20 for a taxi yesterday")
    priya.say("Taxi from Cardiff station to the office with equipment")
    summary = text_of(priya.say("no"))
    refused = priya.say("yes")
    priya.say("yes")
    done = text_of(priya.say("yes"))

    assert "without a receipt" in summary
    assert text_of(refused).startswith("I can't send that claim: Claims over")
    assert "Do you have a receipt for it?" in text_of(refused)
    new = priya.get("/v1/me/expenses")[0]
    assert (new["amount"], new["receipt_attached"]) == ("20.00", True)
    assert done.startswith(f"Done. Your claim {new['reference']}")


def test_forget_it_stops_a_claim_and_nothing_is_claimed(person) -> None:  # type: ignore[no-untyped-def]
    priya = person(PRIYA)
    before = priya.get("/v1/me/expenses")

    asked = priya.say("I'd like to submit an expense claim")
    [hotel] = [b for b in buttons_of(asked) if b["title"] == "Accommodation"]
    date_asked = text_of(priya.say(hotel["payload"]))
    stopped = said(priya.say("forget it"))

    assert "What kind of cost" in text_of(asked)
    assert date_asked.startswith("What date did you spend the money?")
    assert stopped == [(text("utter_expense_stopped"), [])]
    assert priya.get("/v1/me/expenses") == before


@pytest.mark.parametrize(
    ("staff", "code", "month", "text"),
    [
        ("100003", "UNPAID_LEAVE", 5, "why was my pay lower in {month} than {before}?"),
        ("100005", "OVERTIME", 3, "why did I get more in {month} compared with {before}"),
    ],
    ids=["aisha-unpaid-leave", "sam-overtime"],
)
def test_a_one_off_line_is_explained_between_two_named_months(  # type: ignore[no-untyped-def]
    person, staff: str, code: str, month: int, text: str
) -> None:
    someone = person(staff)
    periods = [slip["period"] for slip in someone.get("/v1/me/payslips")]
    period = next(p for p in periods if int(p[5:]) == month)
    before = max(p for p in periods if p < period)
    words = {"month": period_words(period).split()[0], "before": period_words(before).split()[0]}

    reply = text_of(someone.say(text.format(**words)))

    comparison = someone.get(f"/v1/me/payslips/compare?from={before}&to={period}")
    [line] = [c for c in comparison["changes"] if c["code"] == code]
    assert reply.startswith(
        f"Comparing your {period_words(before)} and {period_words(period)} payslips"
    )
    assert f"- {line['label']}: " in reply
    for sentence in comparison["explanation"]:
        assert sentence in reply
