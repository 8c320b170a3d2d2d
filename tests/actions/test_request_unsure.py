"""A confirmed request whose answer does not come in time: the person is told it may have gone
through (never "nothing has been changed"), and to check before sending it again."""

from __future__ import annotations

import datetime as dt

import httpx
from fastapi import FastAPI

from actions._confirmed_form import UNSURE
from actions.api_client import ApiClient
from actions.config import ActionSettings
from actions.leave import ActionSubmitLeave, ValidateLeaveForm
from tests.actions.conftest import API_BASE, PRIYA, TokenFor, TrackerFactory, weekday_after
from tests.actions.said import Dispatcher, text
from tests.actions.test_leave_form import DOMAIN, _confirmed_slots, said_yes, slots_of, texts


class AnswerLost(httpx.AsyncBaseTransport):
    """The real API, except that a booking's answer is lost after the API made it (a slow
    API: the actions gave up waiting while it worked)."""

    def __init__(self, app: FastAPI) -> None:
        self.api = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.api.handle_async_request(request)
        if request.method == "POST" and request.url.path == "/v1/me/leave/requests":
            await response.aread()
            raise httpx.ReadTimeout("no answer in time", request=request)
        return response


async def test_a_booking_without_an_answer_in_time_may_have_gone_through_and_says_so(
    api_app: FastAPI,
    action_settings: ActionSettings,
    make_tracker: TrackerFactory,
    token_for: TokenFor,
    today: dt.date,
    api_client: ApiClient,
) -> None:
    slow = ApiClient(API_BASE, transport=AnswerLost(api_app))
    form = ValidateLeaveForm(client=slow, settings=action_settings, today=lambda: today)
    token = await token_for(PRIYA)
    friday = weekday_after(today, 5, 4)
    slots = await _confirmed_slots(form, make_tracker, token, friday)
    del slots["leave_confirmed"]
    dispatcher = Dispatcher()

    sent = slots_of(
        await form.run(
            dispatcher,
            said_yes(make_tracker("yes", intent="affirm", token=token, slots=slots)),
            DOMAIN,
        )
    )
    ending = Dispatcher()
    await ActionSubmitLeave().run(
        ending, make_tracker("yes", intent="affirm", slots={**slots, **sent}), DOMAIN
    )

    assert texts(dispatcher) == [text("utter_request_unsure")]
    assert sent["leave_confirmed"] is False and sent["requested_slot"] is None
    assert sent["leave_sent"] == UNSURE
    assert texts(ending) == []  # not "nothing has been booked": it may have been
    booked = [r for r in await api_client.leave_requests(token) if r.start_date == friday]
    assert len(booked) == 1  # the API did book it
    await slow.aclose()
