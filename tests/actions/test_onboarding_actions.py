"""A new joiner's checklist: what is left and overdue, and ticking items off (real API)."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from actions._words import format_day
from actions.api_client import ApiClient
from actions.onboarding import (
    ActionCompleteOnboardingItem,
    ActionOnboardingChecklist,
    find_item,
)
from api.models import Employee, OnboardingItem
from tests.actions.conftest import PRIYA, TokenFor, TrackerFactory
from tests.actions.said import UNAVAILABLE, Dispatcher, text
from tests.actions.test_procurement_actions import down_client

WHICH_ITEM = text("utter_onboarding_which")

GARETH = "100004"


def item(code: str) -> list[dict[str, object]]:
    """The entity the EntityRuler (or a button) gives for a checklist item."""
    return [{"entity": "onboarding_item", "value": code}]


async def test_the_checklist_shows_due_dates_overdue_items_and_tick_buttons(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(GARETH)
    checklist = await api_client.onboarding(token)
    dispatcher = Dispatcher()

    await ActionOnboardingChecklist(client=api_client).run(
        dispatcher,
        make_tracker("what do I still need to do?", intent="onboarding_checklist", token=token),
        {},
    )

    [message] = dispatcher.messages
    text = message["text"]
    done = [i for i in checklist.items if i.done_on]
    assert f"You've done {len(done)} of {len(checklist.items)}" in text
    for entry in checklist.items:
        assert entry.title in text
        if entry.done_on is None:
            line = f"- {entry.title}: by {format_day(entry.due_on)}"
            assert (line + " – overdue" in text) if entry.overdue else (line in text)
    tickable = [i.code for i in checklist.items if i.self_service and i.done_on is None]
    assert [b["payload"] for b in message["buttons"]] == [
        f'/complete_onboarding_item{{"onboarding_item":"{code}"}}' for code in tickable
    ]


async def test_someone_without_a_checklist_gets_the_apis_answer(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    dispatcher = Dispatcher()

    await ActionOnboardingChecklist(client=api_client).run(
        dispatcher,
        make_tracker("onboarding", intent="onboarding_checklist", token=await token_for(PRIYA)),
        {},
    )

    assert [m["text"] for m in dispatcher.messages] == ["You don't have an onboarding checklist."]


async def test_saying_an_item_is_done_ticks_it_off_at_the_api(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(GARETH)
    before = await api_client.onboarding(token)
    [target] = [i for i in before.items if i.code == "building_pass"]
    assert target.done_on is None and target.self_service
    dispatcher = Dispatcher()

    await ActionCompleteOnboardingItem(client=api_client).run(
        dispatcher,
        make_tracker(
            "I've picked up my building pass",
            intent="complete_onboarding_item",
            token=token,
            entities=item("building_pass"),
        ),
        {},
    )

    [after] = [i for i in (await api_client.onboarding(token)).items if i.code == "building_pass"]
    assert after.done_on is not None
    left = sum(1 for i in before.items if i.done_on is None) - 1
    [message] = dispatcher.messages
    assert message["text"].startswith(f"Thanks, I've ticked off {target.title}")
    assert f"You have {left} things left to do" in message["text"]


async def test_an_already_done_item_is_not_ticked_twice(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(GARETH)
    [done] = [i for i in (await api_client.onboarding(token)).items if i.code == "collect_laptop"]
    assert done.done_on is not None
    dispatcher = Dispatcher()

    await ActionCompleteOnboardingItem(client=api_client).run(
        dispatcher,
        make_tracker(
            "got my laptop",
            intent="complete_onboarding_item",
            token=token,
            entities=item("collect_laptop"),
        ),
        {},
    )

    assert [m["text"] for m in dispatcher.messages] == [
        f"{done.title} is already ticked off: done on {format_day(done.done_on)}."
    ]


def hr_has_not_ticked_bpss(api_app: FastAPI) -> None:
    """Put Gareth's BPSS check back to not done (the seed has HR's tick on it)."""
    with Session(api_app.state.engine) as session:
        gareth = session.scalars(select(Employee).where(Employee.staff_number == GARETH)).one()
        session.execute(
            update(OnboardingItem)
            .where(OnboardingItem.employee_id == gareth.id, OnboardingItem.code == "bpss_check")
            .values(done_on=None)
        )
        session.commit()


async def test_an_item_only_hr_can_tick_is_refused_with_the_apis_reason(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, api_app: FastAPI
) -> None:
    hr_has_not_ticked_bpss(api_app)
    token = await token_for(GARETH)
    [bpss] = [i for i in (await api_client.onboarding(token)).items if i.code == "bpss_check"]
    assert not bpss.self_service and bpss.done_on is None
    dispatcher = Dispatcher()

    await ActionCompleteOnboardingItem(client=api_client).run(
        dispatcher,
        make_tracker(
            "my BPSS check is done",
            intent="complete_onboarding_item",
            token=token,
            entities=item("bpss_check"),
        ),
        {},
    )

    [message] = dispatcher.messages
    assert "you can't mark it done yourself" in message["text"]
    assert message["text"].endswith("Nothing has been changed.")
    [after] = [i for i in (await api_client.onboarding(token)).items if i.code == "bpss_check"]
    assert after.done_on is None


async def test_without_an_item_it_asks_which_with_buttons(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(GARETH)
    before = await api_client.onboarding(token)
    dispatcher = Dispatcher()

    await ActionCompleteOnboardingItem(client=api_client).run(
        dispatcher,
        make_tracker("tick that off", intent="complete_onboarding_item", token=token),
        {},
    )

    [message] = dispatcher.messages
    assert message["text"] == WHICH_ITEM
    assert message["buttons"] and all(
        b["payload"].startswith("/complete_onboarding_item") for b in message["buttons"]
    )
    assert await api_client.onboarding(token) == before


async def test_keywords_and_codes_find_the_item(token_for: TokenFor, api_client: ApiClient) -> None:
    items = (await api_client.onboarding(await token_for(GARETH))).items

    assert [i.code for i in find_item("collect_laptop", items)] == ["collect_laptop"]
    assert [i.code for i in find_item("laptop", items)] == ["collect_laptop"]
    assert [i.code for i in find_item("pension", items)] == ["pension_choice"]
    assert find_item("parking", items) == []


async def test_when_the_api_is_down_it_says_so(
    make_tracker: TrackerFactory, token_for: TokenFor
) -> None:
    token = await token_for(GARETH)
    client = down_client()
    try:
        for action, intent in (
            (ActionOnboardingChecklist, "onboarding_checklist"),
            (ActionCompleteOnboardingItem, "complete_onboarding_item"),
        ):
            dispatcher = Dispatcher()
            await action(client=client).run(
                dispatcher,
                make_tracker("x", intent=intent, token=token, entities=item("building_pass")),
                {},
            )
            assert [m["text"] for m in dispatcher.messages] == [UNAVAILABLE]
    finally:
        await client.aclose()
