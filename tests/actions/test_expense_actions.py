"""Expense actions against the real API in process: claim status, and claiming with the form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import httpx
import pytest
from rasa_sdk.events import ActiveLoop
from rasa_sdk.executor import CollectingDispatcher
from starlette.types import Receive, Scope, Send

from actions._expense_form import spent_on
from actions._money import find_amount
from actions._words import format_money
from actions.api_client import ApiClient
from actions.expenses import (
    ActionAskExpenseConfirmed,
    ActionExpenseStatus,
    ActionStopExpense,
    ActionSubmitExpense,
    ValidateExpenseForm,
    describe_claim,
)
from tests.actions.conftest import API_BASE, PRIYA, TokenFor, TrackerFactory
from tests.actions.said import SIGN_IN_AGAIN, UNAVAILABLE, Dispatcher, text

NOT_SUBMITTED = text("utter_expense_not_submitted")

GARETH = "100004"
DOMAIN: dict[str, Any] = {
    "forms": {
        "expense_form": {
            "required_slots": [
                "expense_type",
                "expense_date",
                "expense_amount",
                "expense_description",
                "expense_receipt",
                "expense_confirmed",
            ]
        }
    },
    "slots": {},
}


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["text"] for m in dispatcher.messages if m.get("text")]


@pytest.fixture
def form(api_client: ApiClient, today: dt.date) -> ValidateExpenseForm:
    return ValidateExpenseForm(client=api_client, today=lambda: today)


def answers(today: dt.date, **overrides: Any) -> dict[str, Any]:
    """A complete claim, as the form's slots hold it."""
    return {
        "expense_type": "travel",
        "expense_date": (today - dt.timedelta(days=1)).isoformat(),
        "expense_amount": "12.50",
        "expense_description": "Train from Cardiff to Newport",
        "expense_receipt": True,
        **overrides,
    }


# --- reading answers


def test_amounts_are_read_in_pounds_and_pence() -> None:
    assert find_amount("£12.50 for a train") == (Decimal("12.50"), "£12.50")
    assert find_amount("it was 45 quid") == (Decimal("45.00"), "45 quid")
    assert find_amount("£1,200") == (Decimal("1200.00"), "£1,200")
    assert find_amount("on the 12th") is None
    assert find_amount("12", bare_number=True) == (Decimal("12.00"), "12")
    assert format_money(Decimal("1234.5")) == "£1,234.50"


def test_a_named_weekday_is_the_one_just_gone_and_amounts_are_not_dates() -> None:
    wednesday = dt.date(2026, 11, 25)

    assert spent_on("on Friday", wednesday) == dt.date(2026, 11, 20)
    assert spent_on("yesterday", wednesday) == dt.date(2026, 11, 24)
    assert spent_on("£12.50 on 12 November", wednesday) == dt.date(2026, 11, 12)
    assert spent_on("£12.50", wednesday) is None


# --- the form


async def test_the_first_message_fills_what_it_says(
    form: ValidateExpenseForm, make_tracker: TrackerFactory, today: dt.date
) -> None:
    tracker = make_tracker(
        "claim £12.50 for a train to Leeds yesterday",
        intent="submit_expense",
        token="t",
        active_loop="expense_form",
    )

    slots = slots_of(await form.run(Dispatcher(), tracker, DOMAIN))

    assert slots == {
        "expense_type": "travel",
        "expense_date": (today - dt.timedelta(days=1)).isoformat(),
        "expense_amount": "12.50",
    }


async def test_a_button_gives_the_type_and_the_description_is_the_whole_answer(
    form: ValidateExpenseForm, make_tracker: TrackerFactory
) -> None:
    button = make_tracker(
        '/submit_expense{"expense_type":"accommodation"}',
        intent="submit_expense",
        entities=[{"entity": "expense_type", "value": "accommodation"}],
        slots={"requested_slot": "expense_type"},
        active_loop="expense_form",
    )
    described = make_tracker(
        "Hotel in Leeds for the audit",
        intent="nlu_fallback",
        slots={"requested_slot": "expense_description"},
        active_loop="expense_form",
    )

    assert slots_of(await form.run(Dispatcher(), button, DOMAIN)) == {
        "expense_type": "accommodation"
    }
    assert slots_of(await form.run(Dispatcher(), described, DOMAIN)) == {
        "expense_description": "Hotel in Leeds for the audit"
    }


async def test_an_unreadable_answer_is_said_and_asked_again(
    form: ValidateExpenseForm, make_tracker: TrackerFactory
) -> None:
    tracker = make_tracker("not sure", intent="inform", slots={"requested_slot": "expense_amount"})
    dispatcher = Dispatcher()

    slots = slots_of(await form.run(dispatcher, tracker, DOMAIN))

    assert slots == {"expense_amount": None}
    assert texts(dispatcher) == [
        "Sorry, I couldn't find an amount in that. Try something like £12.50."
    ]


async def test_stop_is_never_taken_as_an_answer(
    form: ValidateExpenseForm, make_tracker: TrackerFactory
) -> None:
    tracker = make_tracker(
        "forget it", intent="stop", slots={"requested_slot": "expense_description"}
    )

    assert slots_of(await form.run(Dispatcher(), tracker, DOMAIN)) == {}


async def test_a_change_at_the_summary_asks_for_confirmation_again(
    form: ValidateExpenseForm, make_tracker: TrackerFactory, today: dt.date
) -> None:
    tracker = make_tracker(
        "no, it was £14.20",
        intent="deny",
        slots={**answers(today), "requested_slot": "expense_confirmed"},
    )

    slots = slots_of(await form.run(Dispatcher(), tracker, DOMAIN))

    assert slots["expense_amount"] == "14.20"
    assert slots["expense_confirmed"] is None


async def test_yes_sends_the_claim_once_even_if_the_same_confirmation_is_retried(
    form: ValidateExpenseForm,
    make_tracker: TrackerFactory,
    token_for: TokenFor,
    api_client: ApiClient,
    today: dt.date,
) -> None:
    token = await token_for(PRIYA)
    before = await api_client.expense_claims(token)
    tracker = make_tracker(
        "yes",
        intent="affirm",
        token=token,
        slots={**answers(today), "requested_slot": "expense_confirmed"},
    )

    first = slots_of(await form.run(Dispatcher(), tracker, DOMAIN))
    again = slots_of(await form.run(Dispatcher(), tracker, DOMAIN))

    after = await api_client.expense_claims(token)
    assert len(after) == len(before) + 1
    newest = after[0]
    assert (newest.claim_type, newest.amount, newest.status) == (
        "travel",
        Decimal("12.50"),
        "submitted",
    )
    assert first["expense_confirmed"] is True
    assert first["expense_sent"]["reference"] == newest.reference
    assert again["expense_sent"]["reference"] == newest.reference


@pytest.mark.parametrize(
    ("overrides", "asked_again", "code_words"),
    [
        ({"expense_type": "subsistence", "expense_amount": "40.00"}, "expense_amount", "most"),
        ({"expense_amount": "20.00", "expense_receipt": False}, "expense_receipt", "receipt"),
        ({"expense_date": "2001-01-01"}, "expense_date", "within"),
    ],
    ids=["over_limit", "receipt_required", "too_old"],
)
async def test_a_policy_refusal_is_explained_and_its_answer_asked_again(
    overrides: dict[str, Any],
    asked_again: str,
    code_words: str,
    form: ValidateExpenseForm,
    make_tracker: TrackerFactory,
    token_for: TokenFor,
    api_client: ApiClient,
    today: dt.date,
) -> None:
    token = await token_for(PRIYA)
    before = await api_client.expense_claims(token)
    tracker = make_tracker(
        "yes",
        intent="affirm",
        token=token,
        slots={**answers(today, **overrides), "requested_slot": "expense_confirmed"},
    )
    dispatcher = Dispatcher()

    slots = slots_of(await form.run(dispatcher, tracker, DOMAIN))

    [text] = texts(dispatcher)
    assert text.startswith("I can't send that claim: ")
    assert code_words in text
    assert slots[asked_again] is None
    assert slots["expense_confirmed"] is None
    assert await api_client.expense_claims(token) == before


async def _answer_503(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 503, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def test_an_unanswering_api_ends_the_form_having_sent_nothing(
    make_tracker: TrackerFactory, today: dt.date
) -> None:
    client = ApiClient(API_BASE, transport=httpx.ASGITransport(app=_answer_503))
    form = ValidateExpenseForm(client=client, today=lambda: today)
    tracker = make_tracker(
        "yes",
        intent="affirm",
        token="t",
        slots={**answers(today), "requested_slot": "expense_confirmed"},
    )
    dispatcher = Dispatcher()

    slots = slots_of(await form.run(dispatcher, tracker, DOMAIN))

    assert texts(dispatcher) == [UNAVAILABLE]
    assert slots["expense_confirmed"] is False and slots["requested_slot"] is None
    await client.aclose()


async def test_no_token_sends_nothing_and_asks_to_sign_in(
    form: ValidateExpenseForm, make_tracker: TrackerFactory, today: dt.date
) -> None:
    tracker = make_tracker(
        "yes", intent="affirm", slots={**answers(today), "requested_slot": "expense_confirmed"}
    )
    dispatcher = Dispatcher()

    slots = slots_of(await form.run(dispatcher, tracker, DOMAIN))

    assert texts(dispatcher) == [SIGN_IN_AGAIN]
    assert slots["requested_slot"] is None


async def test_the_summary_shows_the_claim_with_yes_and_no(
    make_tracker: TrackerFactory, today: dt.date
) -> None:
    dispatcher = Dispatcher()

    await ActionAskExpenseConfirmed().run(dispatcher, make_tracker("", slots=answers(today)), {})

    [message] = dispatcher.messages
    assert message["text"].startswith("You're claiming £12.50 for travel on ")
    assert "with a receipt" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


async def test_after_the_form_the_sent_claim_is_confirmed_and_the_form_emptied(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    claim = (await api_client.expense_claims(token))[0]
    dispatcher = Dispatcher()

    events = await ActionSubmitExpense().run(
        dispatcher,
        make_tracker(
            "yes",
            slots={"expense_confirmed": True, "expense_sent": claim.model_dump(mode="json")},
        ),
        {},
    )

    assert texts(dispatcher) == [
        f"Done. Your claim {claim.reference} for {format_money(claim.amount)} has been sent "
        f"to {claim.approver.name if claim.approver else ''} to approve."
    ]
    assert all(value is None for value in slots_of(events).values())


async def test_after_no_nothing_is_claimed(make_tracker: TrackerFactory) -> None:
    dispatcher = Dispatcher()

    events = await ActionSubmitExpense().run(
        dispatcher, make_tracker("no", slots={"expense_confirmed": False}), {}
    )

    assert texts(dispatcher) == [NOT_SUBMITTED]
    assert slots_of(events)["expense_type"] is None


async def test_stop_ends_the_form_and_empties_it(make_tracker: TrackerFactory) -> None:
    dispatcher = Dispatcher()

    events = await ActionStopExpense().run(dispatcher, make_tracker("stop", intent="stop"), {})

    assert texts(dispatcher) == ["OK, I've stopped. Nothing has been claimed."]
    assert ActiveLoop(None) in events
    assert slots_of(events)["expense_amount"] is None


# --- status of claims


async def test_status_lists_each_claim_and_totals_what_is_outstanding(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    dispatcher = Dispatcher()

    await ActionExpenseStatus(client=api_client).run(
        dispatcher, make_tracker("my expenses", intent="expense_status", token=token), {}
    )

    claims = await api_client.expense_claims(token)
    outstanding = [c for c in claims if c.status in ("submitted", "approved")]
    total = sum((c.amount for c in outstanding), Decimal(0))
    [text] = texts(dispatcher)
    assert text.startswith(
        f"You have {len(outstanding)} claims outstanding, {format_money(total)} in all."
    )
    for claim in claims:
        assert describe_claim(claim) in text
    paid = [c for c in claims if c.status == "paid"]
    assert paid and "paid on " in describe_claim(paid[0])


async def test_outstanding_shows_only_unpaid_claims(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    dispatcher = Dispatcher()

    await ActionExpenseStatus(client=api_client).run(
        dispatcher,
        make_tracker("what expenses am I still owed", intent="expense_status", token=token),
        {},
    )

    claims = await api_client.expense_claims(token)
    [text] = texts(dispatcher)
    for claim in claims:
        assert (describe_claim(claim) in text) == (claim.status in ("submitted", "approved"))


async def test_a_named_claim_is_shown_alone_and_anyone_elses_is_not_found(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    priya = await token_for(PRIYA)
    claim = (await api_client.expense_claims(priya))[-1]
    mine, theirs = Dispatcher(), Dispatcher()

    await ActionExpenseStatus(client=api_client).run(
        mine, make_tracker(f"has {claim.reference} been paid?", token=priya), {}
    )
    await ActionExpenseStatus(client=api_client).run(
        theirs,
        make_tracker(f"has {claim.reference} been paid?", token=await token_for(GARETH)),
        {},
    )

    assert texts(mine) == [describe_claim(claim)]
    assert texts(theirs) == ["I can't find an expense claim with that reference that is yours."]


async def test_someone_without_claims_is_offered_a_new_one(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    dispatcher = Dispatcher()

    await ActionExpenseStatus(client=api_client).run(
        dispatcher, make_tracker("my claims", token=await token_for(GARETH)), {}
    )

    [message] = dispatcher.messages
    assert message["text"] == "You haven't made any expense claims."
    assert message["buttons"] == [{"title": "Make a new claim", "payload": "/submit_expense"}]


async def test_status_with_an_unanswering_api_gets_the_honest_answer(
    make_tracker: TrackerFactory,
) -> None:
    client = ApiClient(API_BASE, transport=httpx.ASGITransport(app=_answer_503))
    dispatcher = Dispatcher()

    await ActionExpenseStatus(client=client).run(dispatcher, make_tracker("x", token="t"), {})

    assert texts(dispatcher) == [UNAVAILABLE]
    await client.aclose()
