"""Greeting, disambiguation and out-of-scope answers, including the service-desk hand-over."""

from __future__ import annotations

from actions.api_client import ApiClient
from actions.chitchat import (
    ActionDecline,
    ActionDisambiguate,
    ActionFrustration,
    ActionGreet,
    ActionHumanHandoff,
    ActionOutOfScope,
)
from actions.config import ActionSettings
from tests.actions.conftest import PRIYA, TEST_CONTACT, TokenFor, TrackerFactory
from tests.actions.said import Dispatcher


async def test_greet_uses_the_first_name(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    dispatcher = Dispatcher()

    await ActionGreet(client=api_client).run(
        dispatcher, make_tracker("hi", intent="greet", token=await token_for(PRIYA)), {}
    )

    assert dispatcher.messages[0]["text"].startswith("Hello Priya! I can help you")


async def test_disambiguation_offers_the_two_likeliest_intents(
    make_tracker: TrackerFactory, action_settings: ActionSettings
) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.7},
        {"name": "leave_balance", "confidence": 0.4},
        {"name": "inform", "confidence": 0.3},
        {"name": "request_leave", "confidence": 0.2},
        {"name": "bank_holidays", "confidence": 0.1},
    ]
    dispatcher = Dispatcher()

    await ActionDisambiguate(settings=action_settings).run(
        dispatcher,
        make_tracker(
            "leave thing", intent="nlu_fallback", intent_ranking=ranking, previous_intents=["greet"]
        ),
        {},
    )

    [message] = dispatcher.messages
    assert message["buttons"] == [
        {"title": "Check my leave balance", "payload": "/leave_balance"},
        {"title": "Book leave", "payload": "/request_leave"},
    ]


async def test_a_second_misunderstanding_in_a_row_offers_the_service_desk(
    make_tracker: TrackerFactory, action_settings: ActionSettings
) -> None:
    for action in (
        ActionDisambiguate(settings=action_settings),
        ActionOutOfScope(settings=action_settings),
    ):
        dispatcher = Dispatcher()
        await action.run(
            dispatcher,
            make_tracker("blah", intent="nlu_fallback", previous_intents=["greet", "out_of_scope"]),
            {},
        )

        [message] = dispatcher.messages
        assert TEST_CONTACT in message["text"]
        assert not message["buttons"]


async def test_out_of_scope_says_what_the_assistant_can_do(
    make_tracker: TrackerFactory, action_settings: ActionSettings
) -> None:
    dispatcher = Dispatcher()

    await ActionOutOfScope(settings=action_settings).run(
        dispatcher,
        make_tracker(
            "order me a pizza", intent="out_of_scope", previous_intents=["out_of_scope", "greet"]
        ),
        {},
    )

    [message] = dispatcher.messages
    assert message["text"].startswith("Sorry, I can't help with that: I can help with leave")
    assert TEST_CONTACT in message["text"], "a decline always says where to go"


async def test_asking_for_a_person_gives_the_configured_service_desk(
    make_tracker: TrackerFactory, action_settings: ActionSettings
) -> None:
    dispatcher = Dispatcher()

    await ActionHumanHandoff(settings=action_settings).run(
        dispatcher, make_tracker("can I speak to someone", intent="human_handoff"), {}
    )

    [message] = dispatcher.messages
    assert message["text"] == (
        f"I can't pass you to a person from this chat yet. You can contact {TEST_CONTACT}."
    )


async def test_it_problems_and_rooms_are_declined_naming_where_to_go(
    make_tracker: TrackerFactory, action_settings: ActionSettings
) -> None:
    said = {}
    for intent in ("it_support", "facilities"):
        dispatcher = Dispatcher()
        await ActionDecline(settings=action_settings).run(
            dispatcher, make_tracker("can you reset my password", intent=intent), {}
        )
        [message] = dispatcher.messages
        said[intent] = message["text"]

    assert "IT service desk" in said["it_support"] and TEST_CONTACT in said["it_support"]
    assert "facilities" in said["facilities"] and TEST_CONTACT in said["facilities"]


async def test_off_topic_is_declined_naming_the_service_desk_every_time(
    make_tracker: TrackerFactory, action_settings: ActionSettings
) -> None:
    dispatcher = Dispatcher()

    await ActionOutOfScope(settings=action_settings).run(
        dispatcher, make_tracker("book me a table on Friday", intent="out_of_scope"), {}
    )

    [message] = dispatcher.messages
    assert message["text"].startswith("Sorry, I can't help with that")
    assert TEST_CONTACT in message["text"]


async def test_frustration_is_heard_and_a_person_offered_at_once(
    make_tracker: TrackerFactory, action_settings: ActionSettings
) -> None:
    dispatcher = Dispatcher()

    await ActionFrustration(settings=action_settings).run(
        dispatcher, make_tracker("this is useless", intent="frustration"), {}
    )

    [message] = dispatcher.messages
    assert message["text"].startswith("Sorry, I'm not being much help.")
    assert TEST_CONTACT in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/help"]
