"""Answers to common questions: the topic from the ResponseSelector, the answer from the API."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.api_client import ApiClient
from actions.faq import ActionFaq, faq_topic, is_yes_no_question
from tests.actions.conftest import TokenFor, TrackerFactory
from tests.actions.said import SIGN_IN_AGAIN, Dispatcher, text
from tests.actions.test_procurement_actions import down_client

COULD_NOT_FETCH = text("utter_faq_unavailable")
NO_TOPIC = text("utter_faq_no_topic")

GARETH = "100004"
PRIYA = "100001"
DOMAIN: dict[str, Any] = {
    "responses": {
        "utter_faq/laptop": [{"text": "Getting your work laptop"}],
        "utter_faq/pension": [{"text": "Your Civil Service pension: alpha or partnership"}],
    }
}


def asking(
    make_tracker: TrackerFactory,
    topic: str,
    token: str | None,
    text: str = "how do I get my laptop?",
) -> Tracker:
    """A tracker whose latest message the ResponseSelector read as `faq/<topic>`.

    The shape is what Rasa 3.6 sends to the action server in `latest_message`.
    """
    tracker = make_tracker(text, intent="faq", token=token)
    tracker.latest_message["response_selector"] = {
        "all_retrieval_intents": ["faq"],
        "faq": {
            "response": {
                "responses": [{"text": "Getting your work laptop"}],
                "confidence": 0.93,
                "intent_response_key": f"faq/{topic}",
                "utter_action": f"utter_faq/{topic}",
            },
            "ranking": [{"confidence": 0.93, "intent_response_key": f"faq/{topic}"}],
        },
    }
    return tracker


async def test_the_answer_is_the_knowledge_base_article(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(GARETH)
    for topic in ("laptop", "pension", "civil_service_learning"):
        article = await api_client.knowledge_article(token, topic)
        dispatcher = Dispatcher()

        await ActionFaq(client=api_client).run(
            dispatcher, asking(make_tracker, topic, token), DOMAIN
        )

        [message] = dispatcher.messages
        assert message["custom"] == {"text": f"{article.title}\n\n{article.text}"}
        assert "#" not in message["custom"]["text"]


async def answer_to(
    text: str, topic: str, make_tracker: TrackerFactory, token: str, client: ApiClient
) -> str:
    """The one message the action sends for a question on `topic`."""
    dispatcher = Dispatcher()
    await ActionFaq(client=client).run(dispatcher, asking(make_tracker, topic, token, text), DOMAIN)
    [message] = dispatcher.messages
    assert set(message) >= {"custom"} and not message.get("text")
    answer: str = message["custom"]["text"]
    return answer


async def test_a_yes_no_question_is_answered_yes_or_no_first(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    article = await api_client.knowledge_article(token, "carry_over")

    asked = await answer_to(
        "Can I carry over unused annual leave into next year?",
        "carry_over",
        make_tracker,
        token,
        api_client,
    )
    grievance = await answer_to(
        "I was wondering if I can raise a grievance against my manager?",
        "grievance",
        make_tracker,
        token,
        api_client,
    )

    assert asked == f"{article.yes_no}\n\n{article.title}\n\n{article.text}"
    assert asked.startswith("Yes. You can carry up to 10 days of unused annual leave")
    assert grievance.startswith(
        "Yes. You can raise a grievance about anyone at work, including your own line manager."
        "\n\nRaising a grievance\n\n"
    )


async def test_other_questions_get_the_article_without_a_yes_or_no(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)

    asked = await answer_to(
        "I need to raise a PO for some training, how do I do that?",
        "raising_a_po",
        make_tracker,
        token,
        api_client,
    )

    assert asked.startswith("Raising a purchase order\n\nYou need a purchase order (PO)")
    assert "• get a quote from the supplier" in asked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Can I carry over unused annual leave into next year?", True),
        ("Is St Andrew's Day a bank holiday in Scotland?", True),
        ("ok so do part-timers get bank holidays", True),
        ("I was wondering if I can work part time", True),
        ("any chance I could get a half day", True),
        ("how many days am I allowed to carry over?", False),
        ("what is alpha?", False),
        ("should I choose alpha or the partnership pension?", False),
        ("I want to raise a grievance against my manager", False),
    ],
)
def test_yes_no_questions_are_told_apart(text: str, expected: bool) -> None:
    assert is_yes_no_question(text) is expected


async def test_a_button_naming_the_full_intent_also_works(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(GARETH)
    tracker = make_tracker("/faq/probation", intent="faq/probation", token=token)
    article = await api_client.knowledge_article(token, "probation")
    dispatcher = Dispatcher()

    await ActionFaq(client=api_client).run(dispatcher, tracker, DOMAIN)

    assert faq_topic(tracker) == "probation"
    assert dispatcher.messages[0]["custom"]["text"].startswith(article.title)


async def test_when_the_api_is_down_the_domain_title_and_an_apology(
    make_tracker: TrackerFactory, token_for: TokenFor
) -> None:
    client = down_client()
    dispatcher = Dispatcher()
    try:
        await ActionFaq(client=client).run(
            dispatcher, asking(make_tracker, "laptop", await token_for(GARETH)), DOMAIN
        )
    finally:
        await client.aclose()

    assert [m["text"] for m in dispatcher.messages] == [
        f"Getting your work laptop\n\n{COULD_NOT_FETCH}"
    ]


async def test_a_topic_neither_the_api_nor_the_domain_knows_gets_an_apology(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    dispatcher = Dispatcher()

    await ActionFaq(client=api_client).run(
        dispatcher, asking(make_tracker, "parking", await token_for(GARETH)), DOMAIN
    )

    assert [m["text"] for m in dispatcher.messages] == [COULD_NOT_FETCH]


async def test_without_a_token_it_asks_to_sign_in_again(
    make_tracker: TrackerFactory, api_client: ApiClient
) -> None:
    dispatcher = Dispatcher()

    await ActionFaq(client=api_client).run(
        dispatcher, asking(make_tracker, "pension", None), DOMAIN
    )

    assert [m["text"] for m in dispatcher.messages] == [
        f"Your Civil Service pension: alpha or partnership\n\n{SIGN_IN_AGAIN}"
    ]


async def test_no_topic_at_all_asks_to_rephrase(
    make_tracker: TrackerFactory, api_client: ApiClient
) -> None:
    dispatcher = Dispatcher()

    await ActionFaq(client=api_client).run(
        dispatcher, make_tracker("hmm", intent="faq", token="t"), DOMAIN
    )

    assert [m["text"] for m in dispatcher.messages] == [NO_TOPIC]
