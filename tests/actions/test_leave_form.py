"""The leave form against the real API: reading dates, quoting, confirming, booking, stopping."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import httpx
import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop
from rasa_sdk.executor import CollectingDispatcher
from starlette.types import Receive, Scope, Send

from actions._words import format_day
from actions.api_client import ApiClient, LeaveRequestIn
from actions.config import ActionSettings
from actions.leave import (
    ActionAskLeaveConfirmed,
    ActionStopLeave,
    ActionSubmitLeave,
    ValidateLeaveForm,
)
from tests.actions.conftest import API_BASE, PRIYA, TokenFor, TrackerFactory, spoken, weekday_after
from tests.actions.said import SIGN_IN_AGAIN, UNAVAILABLE, Dispatcher, text

COULD_NOT_READ_DATES = text("utter_leave_dates_unread")

DOMAIN: dict[str, Any] = {
    "forms": {
        "leave_form": {
            "required_slots": ["leave_start", "leave_end", "leave_portion", "leave_confirmed"]
        }
    },
    "slots": {},
}


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["text"] for m in dispatcher.messages if m.get("text")]


@pytest.fixture
def form(
    api_client: ApiClient, action_settings: ActionSettings, today: dt.date
) -> ValidateLeaveForm:
    return ValidateLeaveForm(client=api_client, settings=action_settings, today=lambda: today)


async def test_a_working_day_count_is_quoted_and_fills_the_end_date(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token_for: TokenFor, today: dt.date
) -> None:
    monday = weekday_after(today, 3, 0)
    token = await token_for(PRIYA)
    tracker = make_tracker(
        f"book 3 days starting {spoken(monday)}",
        intent="request_leave",
        token=token,
        active_loop="leave_form",
    )
    dispatcher = Dispatcher()

    slots = slots_of(await form.run(dispatcher, tracker, DOMAIN))

    assert slots["leave_start"] == monday.isoformat()
    assert slots["leave_end"] == (monday + dt.timedelta(days=2)).isoformat()
    assert slots["leave_portion"] == "full"
    assert slots["leave_quote"]["days"] == 3
    assert slots["leave_quote"]["approver"]["name"] == "Tom Evans"
    assert dispatcher.messages == []


async def test_a_half_day_without_morning_or_afternoon_asks_then_quotes(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token_for: TokenFor, today: dt.date
) -> None:
    thursday = weekday_after(today, 2, 3)
    token = await token_for(PRIYA)
    first = make_tracker(
        f"half day on {spoken(thursday)}",
        intent="request_leave",
        token=token,
        active_loop="leave_form",
    )

    asked = slots_of(await form.run(Dispatcher(), first, DOMAIN))

    assert asked["leave_start"] == asked["leave_end"] == thursday.isoformat()
    assert asked["leave_portion"] is None
    assert asked.get("leave_quote") is None

    answer = make_tracker(
        "the afternoon please",
        token=token,
        slots={k: v for k, v in asked.items() if k != "requested_slot"}
        | {"requested_slot": "leave_portion"},
        active_loop="leave_form",
    )
    settled = slots_of(await form.run(Dispatcher(), answer, DOMAIN))

    assert settled["leave_portion"] == "pm"
    assert settled["leave_quote"]["days"] == 0.5
    assert settled["leave_quote"]["portion"] == "pm"


async def test_a_refused_quote_is_explained_and_the_dates_asked_again(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token_for: TokenFor, today: dt.date
) -> None:
    saturday = weekday_after(today, 2, 5)
    tracker = make_tracker(
        f"I'd like {spoken(saturday)} off",
        intent="request_leave",
        token=await token_for(PRIYA),
        active_loop="leave_form",
    )
    dispatcher = Dispatcher()

    slots = slots_of(await form.run(dispatcher, tracker, DOMAIN))

    assert slots["leave_start"] is None
    assert slots["leave_end"] is None
    assert slots["leave_quote"] is None
    [message] = texts(dispatcher)
    assert message.startswith("You can't book that: ")
    assert len(message) > len("You can't book that: ") + 10


async def test_text_without_dates_when_dates_were_asked_gets_an_example(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token_for: TokenFor
) -> None:
    tracker = make_tracker(
        "sometime soon",
        token=await token_for(PRIYA),
        slots={"requested_slot": "leave_start"},
        active_loop="leave_form",
    )
    dispatcher = Dispatcher()

    slots = slots_of(await form.run(dispatcher, tracker, DOMAIN))

    assert slots == {
        "leave_start": None,
        "leave_end": None,
        "leave_quote": None,
        "leave_confirmed": None,
        "leave_portion": None,
    }
    assert texts(dispatcher) == [COULD_NOT_READ_DATES]


async def test_new_dates_while_confirming_replace_the_quote_and_the_answer(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token_for: TokenFor, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    tuesday, wednesday = weekday_after(today, 2, 1), weekday_after(today, 2, 2)
    first = make_tracker(
        f"{spoken(tuesday)}", intent="request_leave", token=token, active_loop="leave_form"
    )
    quoted = slots_of(await form.run(Dispatcher(), first, DOMAIN))
    assert quoted["leave_quote"]["start_date"] == tuesday.isoformat()

    change = make_tracker(
        f"actually make it {spoken(wednesday)}",
        token=token,
        slots=quoted | {"requested_slot": "leave_confirmed", "leave_confirmed": True},
        active_loop="leave_form",
    )
    changed = slots_of(await form.run(Dispatcher(), change, DOMAIN))

    assert changed["leave_start"] == changed["leave_end"] == wednesday.isoformat()
    assert changed["leave_confirmed"] is None
    assert changed["leave_quote"]["start_date"] == wednesday.isoformat()


async def test_a_lone_new_day_at_the_summary_moves_the_booking_and_keeps_its_length(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token_for: TokenFor, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    monday, tuesday = weekday_after(today, 3, 0), weekday_after(today, 3, 1)
    first = make_tracker(
        f"book 3 days from {spoken(monday)}",
        intent="request_leave",
        token=token,
        active_loop="leave_form",
    )
    quoted = slots_of(await form.run(Dispatcher(), first, DOMAIN))
    assert quoted["leave_quote"]["days"] == 3

    change = make_tracker(
        f"actually make it {spoken(tuesday)}",
        token=token,
        slots=quoted | {"requested_slot": "leave_confirmed"},
        active_loop="leave_form",
    )
    moved = slots_of(await form.run(Dispatcher(), change, DOMAIN))

    assert moved["leave_start"] == tuesday.isoformat()
    assert moved["leave_quote"]["days"] == 3
    assert moved["leave_end"] == weekday_after(today, 3, 3).isoformat()
    assert moved["leave_confirmed"] is None


async def test_the_summary_reads_the_gov_uk_way_with_yes_and_no(
    form: ValidateLeaveForm,
    make_tracker: TrackerFactory,
    token_for: TokenFor,
    today: dt.date,
    api_client: ApiClient,
    action_settings: ActionSettings,
) -> None:
    monday, wednesday = weekday_after(today, 3, 0), weekday_after(today, 3, 2)
    token = await token_for(PRIYA)
    tracker = make_tracker(
        f"{monday.day} to {spoken(wednesday)}",
        intent="request_leave",
        token=token,
        active_loop="leave_form",
    )
    slots = slots_of(await form.run(Dispatcher(), tracker, DOMAIN))
    ask = ActionAskLeaveConfirmed(client=api_client, settings=action_settings)
    dispatcher = Dispatcher()

    events = await ask.run(
        dispatcher, make_tracker("", token=token, slots=slots, active_loop="leave_form"), DOMAIN
    )

    assert events == []
    [message] = dispatcher.messages
    assert "annual leave" in message["text"]
    if monday.month == wednesday.month:
        assert f"{monday:%A} {monday.day} to {format_day(wednesday)}" in message["text"]
    assert "It uses 3 days of your leave" in message["text"]
    balance_after = slots["leave_quote"]["balance_after"]
    assert f"leaving you {balance_after:g} days" in message["text"]
    assert "Tom Evans will be asked to approve it." in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny"]


async def _confirmed_slots(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token: str, day: dt.date
) -> dict[str, Any]:
    tracker = make_tracker(
        spoken(day), intent="request_leave", token=token, active_loop="leave_form"
    )
    slots = slots_of(await form.run(Dispatcher(), tracker, DOMAIN))
    return slots | {"leave_confirmed": True}


def said_yes(tracker: Tracker) -> Tracker:
    """The tracker as Rasa sends it after "yes" at the summary: the form's `from_intent`
    mapping has set `leave_confirmed` after the message, so validation sees it."""
    tracker.events.append({"event": "slot", "name": "leave_confirmed", "value": True})
    tracker.slots["leave_confirmed"] = True
    tracker.slots["requested_slot"] = "leave_confirmed"
    return tracker


async def test_yes_books_once_even_if_the_same_confirmation_is_retried(
    form: ValidateLeaveForm,
    make_tracker: TrackerFactory,
    token_for: TokenFor,
    today: dt.date,
    api_client: ApiClient,
) -> None:
    token = await token_for(PRIYA)
    friday = weekday_after(today, 4, 4)
    slots = await _confirmed_slots(form, make_tracker, token, friday)
    del slots["leave_confirmed"]

    confirm = said_yes(make_tracker("yes", intent="affirm", token=token, slots=slots))

    first = slots_of(await form.run(Dispatcher(), copy.deepcopy(confirm), DOMAIN))
    again = slots_of(await form.run(Dispatcher(), copy.deepcopy(confirm), DOMAIN))

    mine = [r for r in await api_client.leave_requests(token) if r.start_date == friday]
    assert len(mine) == 1 and mine[0].status == "pending"
    assert first["leave_confirmed"] is True
    assert first["leave_sent"]["reference"] == again["leave_sent"]["reference"]
    assert first["leave_sent"]["reference"] == mine[0].reference


async def test_the_outcome_says_what_was_booked_and_empties_the_form(
    form: ValidateLeaveForm,
    make_tracker: TrackerFactory,
    token_for: TokenFor,
    today: dt.date,
    api_client: ApiClient,
) -> None:
    token = await token_for(PRIYA)
    friday = weekday_after(today, 4, 4)
    slots = await _confirmed_slots(form, make_tracker, token, friday)
    del slots["leave_confirmed"]
    sent = slots_of(
        await form.run(
            Dispatcher(),
            said_yes(make_tracker("yes", intent="affirm", token=token, slots=slots)),
            DOMAIN,
        )
    )
    dispatcher = Dispatcher()

    events = await ActionSubmitLeave().run(
        dispatcher, make_tracker("yes", intent="affirm", slots={**slots, **sent}), DOMAIN
    )

    [text] = texts(dispatcher)
    assert sent["leave_sent"]["reference"] in text
    assert format_day(friday) in text
    assert text.endswith("has been sent. Tom Evans has been asked to approve it.")
    assert all(value is None for value in slots_of(events).values())


async def test_a_refusal_at_booking_is_explained_and_the_dates_asked_again(
    form: ValidateLeaveForm,
    make_tracker: TrackerFactory,
    token_for: TokenFor,
    today: dt.date,
    api_client: ApiClient,
) -> None:
    token = await token_for(PRIYA)
    friday = weekday_after(today, 4, 4)
    slots = await _confirmed_slots(form, make_tracker, token, friday)
    del slots["leave_confirmed"]
    await api_client.book_leave(
        token,
        LeaveRequestIn(start_date=friday, end_date=friday),
        idempotency_key="booked-elsewhere-" + friday.isoformat(),
    )
    dispatcher = Dispatcher()

    after = slots_of(
        await form.run(
            dispatcher,
            said_yes(make_tracker("yes", intent="affirm", token=token, slots=slots)),
            DOMAIN,
        )
    )

    assert texts(dispatcher)[0].startswith("You can't book that: ")
    assert after["leave_start"] is None and after["leave_confirmed"] is None
    assert after["leave_quote"] is None
    assert len([r for r in await api_client.leave_requests(token) if r.start_date == friday]) == 1


async def test_a_no_at_the_summary_books_nothing(
    form: ValidateLeaveForm,
    make_tracker: TrackerFactory,
    token_for: TokenFor,
    today: dt.date,
    api_client: ApiClient,
) -> None:
    token = await token_for(PRIYA)
    friday = weekday_after(today, 4, 4)
    slots = await _confirmed_slots(form, make_tracker, token, friday) | {"leave_confirmed": False}
    dispatcher = Dispatcher()

    events = await ActionSubmitLeave().run(
        dispatcher, make_tracker("no", intent="deny", token=token, slots=slots), DOMAIN
    )

    assert [m["response"] for m in dispatcher.messages] == ["utter_leave_not_submitted"]
    assert not [r for r in await api_client.leave_requests(token) if r.start_date == friday]
    assert slots_of(events)["leave_start"] is None


async def test_without_a_token_nothing_is_booked_and_sign_in_is_asked(
    form: ValidateLeaveForm,
    make_tracker: TrackerFactory,
    token_for: TokenFor,
    today: dt.date,
    api_client: ApiClient,
) -> None:
    token = await token_for(PRIYA)
    friday = weekday_after(today, 4, 4)
    slots = await _confirmed_slots(form, make_tracker, token, friday)
    del slots["leave_confirmed"]
    dispatcher = Dispatcher()

    after = slots_of(
        await form.run(
            dispatcher, said_yes(make_tracker("yes", intent="affirm", slots=slots)), DOMAIN
        )
    )

    assert texts(dispatcher) == [SIGN_IN_AGAIN]
    assert after["leave_confirmed"] is False
    assert not [r for r in await api_client.leave_requests(token) if r.start_date == friday]


async def test_stop_empties_the_form_and_says_nothing_was_booked(
    make_tracker: TrackerFactory,
) -> None:
    dispatcher = Dispatcher()
    tracker = make_tracker(
        "stop", intent="stop", slots={"leave_start": "2026-12-01"}, active_loop="leave_form"
    )

    events = await ActionStopLeave().run(dispatcher, tracker, DOMAIN)

    assert texts(dispatcher) == ["OK, I've stopped. Nothing has been booked."]
    assert ActiveLoop(None) in events
    assert slots_of(events)["leave_start"] is None


async def _answer_503(scope: Scope, receive: Receive, send: Send) -> None:
    assert scope["type"] == "http"
    await send({"type": "http.response.start", "status": 503, "headers": []})
    await send({"type": "http.response.body", "body": b"down for maintenance"})


def _refuse_connection(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


@pytest.mark.parametrize(
    "transport",
    [httpx.ASGITransport(app=_answer_503), httpx.MockTransport(_refuse_connection)],
    ids=["503", "connection-refused"],
)
async def test_an_unanswering_api_ends_the_form_having_changed_nothing(
    transport: httpx.AsyncBaseTransport, make_tracker: TrackerFactory, today: dt.date
) -> None:
    client = ApiClient(API_BASE, transport=transport)
    form = ValidateLeaveForm(client=client, today=lambda: today)
    tracker = make_tracker(
        spoken(weekday_after(today, 2, 1)),
        intent="request_leave",
        token="any-token",
        active_loop="leave_form",
    )
    dispatcher = Dispatcher()

    slots = slots_of(await form.run(dispatcher, tracker, DOMAIN))

    assert texts(dispatcher) == [UNAVAILABLE]
    assert slots["requested_slot"] is None
    assert slots["leave_start"] is None and slots["leave_quote"] is None
    await client.aclose()


async def test_a_new_booking_after_a_no_forgets_the_old_answers(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token_for: TokenFor, today: dt.date
) -> None:
    old_day, new_day = weekday_after(today, 2, 1), weekday_after(today, 3, 2)
    stale = {
        "leave_start": old_day.isoformat(),
        "leave_end": old_day.isoformat(),
        "leave_portion": "full",
        "leave_confirmed": False,
        "leave_quote": {"days": 1},
    }
    tracker = make_tracker(
        f"book {spoken(new_day)}",
        intent="request_leave",
        token=await token_for(PRIYA),
        slots=stale,
        active_loop="leave_form",
    )

    slots = slots_of(await form.run(Dispatcher(), tracker, DOMAIN))

    assert slots["leave_start"] == slots["leave_end"] == new_day.isoformat()
    assert slots["leave_confirmed"] is None
    assert slots["leave_quote"]["start_date"] == new_day.isoformat()


async def test_the_whole_day_button_answers_the_portion_question(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token_for: TokenFor, today: dt.date
) -> None:
    day = weekday_after(today, 2, 3).isoformat()
    tracker = make_tracker(
        '/inform{"half":"full"}',
        token=await token_for(PRIYA),
        slots={"leave_start": day, "leave_end": day, "requested_slot": "leave_portion"},
        entities=[{"entity": "half", "value": "full"}],
        active_loop="leave_form",
    )

    slots = slots_of(await form.run(Dispatcher(), tracker, DOMAIN))

    assert slots["leave_portion"] == "full"
    assert slots["leave_quote"]["days"] == 1


async def test_a_single_day_answering_the_last_day_keeps_the_first(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token_for: TokenFor, today: dt.date
) -> None:
    monday, thursday = weekday_after(today, 3, 0), weekday_after(today, 3, 3)
    tracker = make_tracker(
        spoken(thursday),
        token=await token_for(PRIYA),
        slots={"leave_start": monday.isoformat(), "requested_slot": "leave_end"},
        active_loop="leave_form",
    )

    slots = slots_of(await form.run(Dispatcher(), tracker, DOMAIN))

    assert slots["leave_start"] == monday.isoformat()
    assert slots["leave_end"] == thursday.isoformat()
    assert slots["leave_quote"]["days"] == 4
