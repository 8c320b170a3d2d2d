"""Cancelling leave: by button, by date, or by choosing among the person's requests."""

from __future__ import annotations

import datetime as dt
import json

from actions._words import describe_request
from actions.api_client import ApiClient, LeaveRequest, LeaveRequestIn
from actions.cancel import ActionCancelLeave
from tests.actions.conftest import PRIYA, TokenFor, TrackerFactory, spoken, weekday_after
from tests.actions.said import Dispatcher, text

NOTHING_TO_CANCEL = text("utter_cancel_nothing")


async def cancellable(api_client: ApiClient, token: str) -> list[LeaveRequest]:
    """The person's requests the API says they can still cancel, soonest first."""
    requests = await api_client.leave_requests(token, upcoming=True)
    return sorted((r for r in requests if r.cancellable), key=lambda r: r.start_date)


async def _book(api_client: ApiClient, token: str, day: dt.date, key: str) -> str:
    booked = await api_client.book_leave(
        token, LeaveRequestIn(start_date=day, end_date=day), idempotency_key=key
    )
    return booked.id


async def test_the_id_from_a_button_is_cancelled(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    request_id = await _book(api_client, token, weekday_after(today, 2, 1), "cancel-1")
    dispatcher = Dispatcher()

    await ActionCancelLeave(client=api_client, today=lambda: today).run(
        dispatcher,
        make_tracker(
            "/cancel_leave",
            intent="cancel_leave",
            token=token,
            slots={"leave_request_id": request_id},
        ),
        {},
    )

    [after] = [r for r in await api_client.leave_requests(token) if r.id == request_id]
    assert after.status == "cancelled"
    assert dispatcher.messages[0]["text"].startswith(f"Done: I've cancelled {after.reference}")


async def test_a_date_in_the_message_picks_the_request_covering_it(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    day = weekday_after(today, 2, 2)
    request_id = await _book(api_client, token, day, "cancel-2")
    dispatcher = Dispatcher()

    await ActionCancelLeave(client=api_client, today=lambda: today).run(
        dispatcher,
        make_tracker(f"cancel my leave on {spoken(day)}", intent="cancel_leave", token=token),
        {},
    )

    [after] = [r for r in await api_client.leave_requests(token) if r.id == request_id]
    assert after.status == "cancelled"


async def test_several_cancellable_requests_are_offered_as_buttons(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    first = weekday_after(today, 2, 3)
    await _book(api_client, token, first, "cancel-3")
    await _book(api_client, token, weekday_after(first, 1, 3), "cancel-4")  # a week later or more
    candidates = await cancellable(api_client, token)
    dispatcher = Dispatcher()

    await ActionCancelLeave(client=api_client, today=lambda: today).run(
        dispatcher, make_tracker("cancel my leave", intent="cancel_leave", token=token), {}
    )

    [message] = dispatcher.messages
    assert message["text"] == "Which leave do you want to cancel?"
    assert [b["payload"] for b in message["buttons"]] == [
        "/cancel_leave" + json.dumps({"leave_request_id": r.id}, separators=(",", ":"))
        for r in candidates
    ]
    still = await cancellable(api_client, token)
    assert [r.id for r in still] == [r.id for r in candidates]


async def test_a_single_cancellable_request_is_confirmed_first(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    for request in await cancellable(api_client, token):
        await api_client.cancel_leave(token, request.id)
    request_id = await _book(api_client, token, weekday_after(today, 2, 3), "cancel-5")
    dispatcher = Dispatcher()

    await ActionCancelLeave(client=api_client, today=lambda: today).run(
        dispatcher, make_tracker("cancel my leave", intent="cancel_leave", token=token), {}
    )

    [message] = dispatcher.messages
    assert message["text"].startswith("Do you want to cancel LR-")
    assert [b["payload"] for b in message["buttons"]] == [
        f'/cancel_leave{{"leave_request_id":"{request_id}"}}',
        "/deny",
    ]
    [still] = await cancellable(api_client, token)
    assert still.id == request_id and still.status == "pending"


async def test_with_nothing_to_cancel_it_says_so(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    for request in await cancellable(api_client, token):
        await api_client.cancel_leave(token, request.id)
    dispatcher = Dispatcher()

    await ActionCancelLeave(client=api_client, today=lambda: today).run(
        dispatcher, make_tracker("cancel my leave", intent="cancel_leave", token=token), {}
    )

    assert [m["text"] for m in dispatcher.messages] == [NOTHING_TO_CANCEL]


async def test_a_reference_cancels_that_request_without_asking(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    request_id = await _book(api_client, token, weekday_after(today, 3, 3), "cancel-ref")
    [booked] = [r for r in await api_client.leave_requests(token) if r.id == request_id]
    dispatcher = Dispatcher()

    await ActionCancelLeave(client=api_client, today=lambda: today).run(
        dispatcher,
        make_tracker(
            f"cancel {booked.reference}",
            intent="cancel_leave",
            token=token,
            entities=[{"entity": "request_ref", "value": booked.reference}],
        ),
        {},
    )

    [after] = [r for r in await api_client.leave_requests(token) if r.id == request_id]
    assert after.status == "cancelled"
    assert [m["text"] for m in dispatcher.messages] == [
        text("utter_leave_cancelled", request=describe_request(after))
    ]


async def test_an_unknown_reference_changes_nothing(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    before = await api_client.leave_requests(token)
    dispatcher = Dispatcher()

    await ActionCancelLeave(client=api_client, today=lambda: today).run(
        dispatcher,
        make_tracker(
            "cancel LR-999999",
            intent="cancel_leave",
            token=token,
            entities=[{"entity": "request_ref", "value": "LR-999999"}],
        ),
        {},
    )

    assert [m["text"] for m in dispatcher.messages] == [
        text("utter_cancel_no_such_request", reference="LR-999999")
    ]
    assert await api_client.leave_requests(token) == before


async def test_the_second_one_of_the_requests_just_listed_is_cancelled(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    first = await _book(api_client, token, weekday_after(today, 4, 1), "cancel-list-1")
    second = await _book(api_client, token, weekday_after(today, 4, 2), "cancel-list-2")
    dispatcher = Dispatcher()

    await ActionCancelLeave(client=api_client, today=lambda: today).run(
        dispatcher,
        make_tracker(
            "cancel the second one",
            intent="cancel_leave",
            token=token,
            slots={"listed_requests": [first, second]},
        ),
        {},
    )

    status = {r.id: r.status for r in await api_client.leave_requests(token)}
    assert (status[first], status[second]) == ("pending", "cancelled")
    assert dispatcher.messages[0]["text"].startswith("Done: I've cancelled ")
