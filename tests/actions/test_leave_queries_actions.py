"""Balance, status and bank holidays, answered from the real API."""

from __future__ import annotations

import httpx
import pytest
from rasa_sdk.executor import CollectingDispatcher
from starlette.types import Receive, Scope, Send

from actions._words import format_day, format_days
from actions.api_client import ApiClient
from actions.leave_queries import ActionBankHolidays, ActionLeaveBalance, ActionLeaveStatus
from tests.actions.conftest import AISHA, API_BASE, PRIYA, TokenFor, TrackerFactory
from tests.actions.said import SIGN_IN_AGAIN, UNAVAILABLE, Dispatcher


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["text"] for m in dispatcher.messages if m.get("text")]


async def test_balance_gives_every_figure_the_api_has(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    dispatcher = Dispatcher()

    events = await ActionLeaveBalance(client=api_client).run(
        dispatcher,
        make_tracker("how much leave have I got", intent="leave_balance", token=token),
        {},
    )

    balance = await api_client.leave_balance(token)
    [text] = texts(dispatcher)
    assert events == []
    assert text.startswith(f"You have {format_days(balance.remaining)} of annual leave left")
    assert format_day(balance.leave_year_start) in text
    assert format_day(balance.leave_year_end) in text
    for label, value in [
        ("Entitlement", balance.entitlement),
        ("Carried over", balance.carried_over),
        ("Taken", balance.taken),
        ("Booked", balance.booked),
        ("Waiting for approval", balance.pending),
    ]:
        assert f"- {label}: {format_days(value)}" in text


async def test_status_lists_upcoming_and_pending_requests(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(AISHA)
    dispatcher = Dispatcher()

    await ActionLeaveStatus(client=api_client).run(
        dispatcher,
        make_tracker("what's happening with my leave", intent="leave_status", token=token),
        {},
    )

    [text] = texts(dispatcher)
    upcoming = await api_client.leave_requests(token, upcoming=True)
    pending = await api_client.leave_requests(token, status="pending")
    expected = {r.reference for r in [*upcoming, *pending] if r.status in ("pending", "approved")}
    assert expected, "the seed gives Aisha upcoming leave"
    for reference in expected:
        assert reference in text
    assert "waiting for approval" in text


@pytest.mark.parametrize(("staff", "region"), [(PRIYA, "England"), (AISHA, "Scotland")])
async def test_bank_holidays_name_the_region(
    make_tracker: TrackerFactory,
    token_for: TokenFor,
    api_client: ApiClient,
    staff: str,
    region: str,
) -> None:
    token = await token_for(staff)
    dispatcher = Dispatcher()

    await ActionBankHolidays(client=api_client).run(
        dispatcher, make_tracker("bank holidays?", intent="bank_holidays", token=token), {}
    )

    [text] = texts(dispatcher)
    answer = await api_client.bank_holidays(token)
    assert text.startswith(f"The next bank holidays in {region}, where you work, are:")
    for holiday in answer.holidays:
        assert f"- {format_day(holiday.date)}: {holiday.name}" in text


async def test_no_token_means_no_api_call_and_a_sign_in_message(
    make_tracker: TrackerFactory,
) -> None:
    def must_not_be_called(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"called the API without a token: {request.url}")

    client = ApiClient(API_BASE, transport=httpx.MockTransport(must_not_be_called))
    dispatcher = Dispatcher()

    await ActionLeaveBalance(client=client).run(
        dispatcher, make_tracker("balance", intent="leave_balance"), {}
    )

    assert texts(dispatcher) == [SIGN_IN_AGAIN]
    await client.aclose()


async def test_an_expired_token_asks_to_sign_in_again(
    make_tracker: TrackerFactory, api_client: ApiClient
) -> None:
    dispatcher = Dispatcher()

    await ActionLeaveBalance(client=api_client).run(
        dispatcher, make_tracker("balance", intent="leave_balance", token="not-a-jwt"), {}
    )

    assert texts(dispatcher) == [SIGN_IN_AGAIN]


async def _answer_503(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 503, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def test_a_failing_api_gets_the_honest_answer(make_tracker: TrackerFactory) -> None:
    client = ApiClient(API_BASE, transport=httpx.ASGITransport(app=_answer_503))
    dispatcher = Dispatcher()

    await ActionBankHolidays(client=client).run(
        dispatcher, make_tracker("bank holidays", intent="bank_holidays", token="t"), {}
    )

    assert texts(dispatcher) == [UNAVAILABLE]
    await client.aclose()
