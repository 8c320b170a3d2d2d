"""A manager's approvals: listing, deciding by button or by name, and refusals."""

from __future__ import annotations

import datetime as dt
import json

from rasa_sdk.events import SlotSet

from actions.api_client import ApiClient, LeaveRequestIn
from actions.approvals import ActionDecideLeave, ActionListApprovals
from tests.actions.conftest import AISHA, PRIYA, TOM, TokenFor, TrackerFactory, weekday_after
from tests.actions.said import Dispatcher, text

NOT_A_MANAGER = text("utter_not_a_manager")


async def test_a_manager_sees_each_request_with_approve_and_reject_buttons(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(TOM)
    dispatcher = Dispatcher()

    await ActionListApprovals(client=api_client).run(
        dispatcher,
        make_tracker("anything to approve?", intent="pending_approvals", token=token),
        {},
    )

    pending = await api_client.approvals(token)
    assert pending, "the seed gives Tom requests to decide"
    intro, *cards = dispatcher.messages
    assert intro["text"].startswith(f"{len(pending)} leave request")
    assert [c["text"].split(":")[0] for c in cards] == [r.employee_name for r in pending]
    for card, request in zip(cards, pending, strict=True):
        payload = json.dumps({"leave_request_id": request.id}, separators=(",", ":"))
        assert [b["payload"] for b in card["buttons"]] == [
            f"/approve_leave{payload}",
            f"/reject_leave{payload}",
        ]


async def test_someone_without_reports_is_told_so(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    dispatcher = Dispatcher()

    await ActionListApprovals(client=api_client).run(
        dispatcher,
        make_tracker("approvals", intent="pending_approvals", token=await token_for(PRIYA)),
        {},
    )

    assert [m["text"] for m in dispatcher.messages] == [NOT_A_MANAGER]


async def test_approving_by_first_name_decides_that_request(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(TOM)
    [aishas] = [r for r in await api_client.approvals(token) if r.staff_number == AISHA]
    dispatcher = Dispatcher()

    events = await ActionDecideLeave(client=api_client).run(
        dispatcher, make_tracker("approve Aisha's leave", intent="approve_leave", token=token), {}
    )

    aisha_token = await token_for(AISHA)
    [after] = [r for r in await api_client.leave_requests(aisha_token) if r.id == aishas.id]
    assert after.status == "approved"
    [message] = dispatcher.messages
    assert message["text"].startswith("Done: you've approved Aisha Bello's annual leave")
    assert events == [SlotSet("leave_request_id", None)]


async def test_rejecting_by_button_uses_the_slot(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(TOM)
    target = (await api_client.approvals(token))[0]
    dispatcher = Dispatcher()

    await ActionDecideLeave(client=api_client).run(
        dispatcher,
        make_tracker(
            "/reject_leave",
            intent="reject_leave",
            token=token,
            slots={"leave_request_id": target.id},
        ),
        {},
    )

    assert target.id not in {r.id for r in await api_client.approvals(token)}
    assert dispatcher.messages[0]["text"].startswith(
        f"Done: you've rejected {target.employee_name}'s"
    )


async def test_an_ambiguous_name_is_asked_with_buttons(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    aisha = await token_for(AISHA)
    tuesday = weekday_after(today, 5, 1, subdiv="SCT")  # not St Andrew's Day
    await api_client.book_leave(
        aisha, LeaveRequestIn(start_date=tuesday, end_date=tuesday), idempotency_key="second"
    )
    token = await token_for(TOM)
    pending = await api_client.approvals(token)
    aishas = [r for r in pending if r.staff_number == AISHA]
    assert len(aishas) >= 2
    dispatcher = Dispatcher()

    await ActionDecideLeave(client=api_client).run(
        dispatcher, make_tracker("approve aisha", intent="approve_leave", token=token), {}
    )

    [message] = dispatcher.messages
    assert message["text"] == "Which request do you want to approve?"
    assert [b["payload"] for b in message["buttons"]] == [
        f'/approve_leave{{"leave_request_id":"{r.id}"}}' for r in aishas
    ]
    assert {r.id for r in await api_client.approvals(token)} == {r.id for r in pending}


async def test_deciding_twice_the_other_way_is_refused_with_the_apis_reason(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(TOM)
    target = (await api_client.approvals(token))[0]
    slots = {"leave_request_id": target.id}
    decide = ActionDecideLeave(client=api_client)
    await decide.run(
        Dispatcher(),
        make_tracker("/approve_leave", intent="approve_leave", token=token, slots=slots),
        {},
    )
    dispatcher = Dispatcher()

    await decide.run(
        dispatcher,
        make_tracker("/reject_leave", intent="reject_leave", token=token, slots=slots),
        {},
    )

    [message] = dispatcher.messages
    assert message["text"].endswith("Nothing has been changed.")
    assert not message["text"].startswith("Done")
