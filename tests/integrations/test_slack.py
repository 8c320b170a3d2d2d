"""The Slack channel as Slack drives it: signed Events API requests and button clicks into the
real gateway app (bolt), a local fake of Slack's Web API recording what the bot posted, the
real API, and a fake Rasa."""

import json
import time
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlencode

import httpx
import pytest
from fastapi import FastAPI

from integrations.app import create_app
from integrations.config import GatewaySettings
from integrations.wording import SENT_YOU_A_DIRECT_MESSAGE, UNKNOWN_PERSON
from scripts.fake_platforms import FakeSlack, serve
from scripts.fake_platforms.slack import (
    TEAM,
    button_click,
    mention_event,
    message_event,
    signed_headers,
)
from tests.integrations.fakes import CountingApp, FakeRasa
from tests.integrations.test_web_notifications import DECISION, add_notification

SECRET = "test-slack-signing-secret"
PRIYA = "UPRIYA"
STRANGER = "USTRANGER"
QUESTION = "Do you want to book annual leave on Friday 4 December 2026?"
YES_NO = [
    {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": "rasa_button_0",
                "text": {"type": "plain_text", "text": "Yes"},
                "value": "/affirm",
            },
            {
                "type": "button",
                "action_id": "rasa_button_1",
                "text": {"type": "plain_text", "text": "No"},
                "value": "/deny",
            },
        ],
    }
]


@pytest.fixture(scope="module")
def slack_server() -> Iterator[tuple[FakeSlack, str]]:
    fake = FakeSlack(users={PRIYA: "Priya.Shah@shared-services.example.gov.uk"})
    served = serve(fake.app())
    yield fake, served.url
    served.stop()


@pytest.fixture
def fake_slack(slack_server) -> FakeSlack:
    fake, _ = slack_server
    fake.clear()
    return fake


@pytest.fixture
def slack_app(
    gateway_settings: GatewaySettings, counting_api: CountingApp, fake_rasa: FakeRasa, slack_server
) -> FastAPI:
    settings = gateway_settings.model_copy(
        update={"slack_bot_token": "xoxb-test", "slack_signing_secret": SECRET}
    )
    return create_app(
        GatewaySettings.model_validate(settings.model_dump() | {"_env_file": None}),
        api_transport=httpx.ASGITransport(app=counting_api),
        rasa_transport=httpx.ASGITransport(app=fake_rasa),
        slack_api_url=slack_server[1] + "/api/",
    )


@pytest.fixture
async def slack(slack_app: FastAPI) -> AsyncIterator["Slack"]:
    async with slack_app.router.lifespan_context(slack_app):
        transport = httpx.ASGITransport(app=slack_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
            yield Slack(c, slack_app)


class Slack:
    """Slack's side: signs and sends requests, then waits for the turns they started."""

    def __init__(self, client: httpx.AsyncClient, app: FastAPI) -> None:
        self.client = client
        self.gateway = app.state.gateway

    async def send(self, envelope: dict, *, headers: dict | None = None) -> httpx.Response:
        body = json.dumps(envelope)
        signed = signed_headers(SECRET, body) | {"Content-Type": "application/json"}
        response = await self.client.post(
            "/slack/events", content=body, headers=signed | (headers or {})
        )
        await self.gateway.slack.settled()
        return response

    async def click(self, payload_body: dict) -> httpx.Response:
        body = urlencode({"payload": json.dumps(payload_body)})
        headers = signed_headers(SECRET, body) | {
            "Content-Type": "application/x-www-form-urlencoded"
        }
        response = await self.client.post("/slack/events", content=body, headers=headers)
        await self.gateway.slack.settled()
        return response


async def test_a_direct_message_is_a_turn_as_the_employee_with_block_kit_buttons(
    slack, fake_slack, fake_rasa
):
    response = await slack.send(message_event(PRIYA, "I'd like a day off", event_id="Ev1"))

    assert response.status_code == 200
    [received] = fake_rasa.received
    assert received["sender"] == f"slack:100001:{TEAM}:D{PRIYA}"
    assert received["message"] == "I'd like a day off"
    assert received["metadata"]["channel"] == "slack"
    assert received["metadata"]["staff_number"] == "100001"
    [posted] = fake_slack.posted
    assert (posted.method, posted.channel, posted.thread_ts) == (
        "chat.postMessage",
        f"D{PRIYA}",
        None,
    )
    assert posted.text == QUESTION
    assert posted.blocks == [
        {"type": "section", "text": {"type": "mrkdwn", "text": QUESTION}},
        *YES_NO,
    ]


async def test_a_message_in_a_thread_is_answered_in_that_thread(slack, fake_slack):
    await slack.send(message_event(PRIYA, "hello", event_id="Ev2", thread_ts="1799999999.000001"))

    assert [p.thread_ts for p in fake_slack.posted] == ["1799999999.000001"]


async def test_a_retried_event_is_acknowledged_but_never_answered_twice(
    slack, fake_slack, fake_rasa
):
    event = message_event(PRIYA, "yes", event_id="Ev3")

    first = await slack.send(event)
    retry = await slack.send(
        event, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )

    assert first.status_code == retry.status_code == 200
    assert len(fake_rasa.received) == 1
    assert len(fake_slack.posted) == 1


@pytest.mark.parametrize("forgery", ["missing", "altered", "stale", "wrong secret"])
async def test_a_forged_request_is_refused_and_reaches_nothing(
    slack, fake_slack, fake_rasa, forgery
):
    body = json.dumps(message_event(PRIYA, "book me a week off", event_id="Ev4"))
    headers = {
        "missing": {},
        "altered": signed_headers(SECRET, body.replace("a week", "a year")),
        "stale": signed_headers(SECRET, body, at=time.time() - 301),
        "wrong secret": signed_headers("not-the-secret", body),
    }[forgery]

    response = await slack.client.post(
        "/slack/events", content=body, headers=headers | {"Content-Type": "application/json"}
    )
    await slack.gateway.slack.settled()

    assert response.status_code == 401
    assert fake_rasa.received == []
    assert fake_slack.posted == []


async def test_someone_nobody_is_linked_to_is_told_so_and_nothing_else(
    slack, fake_slack, fake_rasa
):
    await slack.send(message_event(STRANGER, "how much leave have I got?", event_id="Ev5"))

    assert fake_rasa.received == []
    assert [(p.channel, p.text) for p in fake_slack.posted] == [(f"D{STRANGER}", UNKNOWN_PERSON)]


async def test_a_mention_in_a_channel_is_answered_privately(slack, fake_slack, fake_rasa):
    await slack.send(mention_event(PRIYA, "how much leave have I got?", event_id="Ev6"))

    [received] = fake_rasa.received
    assert received["message"] == "how much leave have I got?"
    assert received["sender"] == f"slack:100001:{TEAM}:D{PRIYA}"
    answer, notice = fake_slack.posted
    assert (answer.method, answer.channel, answer.text) == (
        "chat.postMessage",
        f"D{PRIYA}",
        QUESTION,
    )
    assert (notice.method, notice.channel, notice.user, notice.thread_ts, notice.text) == (
        "chat.postEphemeral",
        "CGENERAL",
        PRIYA,
        "1800000000.000002",
        SENT_YOU_A_DIRECT_MESSAGE,
    )


async def test_a_button_click_sends_its_payload_and_the_buttons_give_way_to_the_choice(
    slack, fake_slack, fake_rasa
):
    await slack.send(message_event(PRIYA, "book Friday off", event_id="Ev7"))
    [question] = fake_slack.posted

    response = await slack.click(button_click(PRIYA, question, "/affirm"))

    assert response.status_code == 200
    assert [r["message"] for r in fake_rasa.received] == ["book Friday off", "/affirm"]
    update = fake_slack.posted[1]
    assert (update.method, update.ts) == ("chat.update", question.ts)
    assert update.blocks == [
        {"type": "section", "text": {"type": "mrkdwn", "text": QUESTION}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "You chose: Yes"}]},
    ]
    assert fake_slack.posted[2].text == QUESTION  # the fake Rasa's answer to "/affirm"


async def test_many_choices_are_one_select_menu_and_choosing_sends_the_payload(
    slack, fake_slack, fake_rasa
):
    fake_rasa.reply = [
        {
            "text": "Which claim?",
            "buttons": [
                {"title": f"Claim {n}", "payload": f'/claim{{"n": {n}}}'} for n in range(7)
            ],
        }
    ]
    await slack.send(message_event(PRIYA, "my claims", event_id="Ev8"))
    [question] = fake_slack.posted

    await slack.click(button_click(PRIYA, question, '/claim{"n": 6}'))

    [actions] = [b for b in question.blocks if b["type"] == "actions"]
    [select] = actions["elements"]
    assert select["type"] == "static_select"
    assert [o["text"]["text"] for o in select["options"]] == [f"Claim {n}" for n in range(7)]
    assert fake_rasa.received[-1]["message"] == '/claim{"n": 6}'


async def test_choices_too_long_for_a_button_are_read_whole_each_beside_its_own_button(
    slack, fake_slack, fake_rasa
):
    long_ones = [
        "LR-000026: annual leave, Thursday 3 December 2026 (afternoon) (half a day), waiting "
        "for approval",
        "LR-000013: annual leave, Tuesday 26 January 2027 (1 day), approved",
    ]
    fake_rasa.reply = [
        {
            "text": "Which leave do you want to cancel?",
            "buttons": [
                {"title": t, "payload": f'/pick{{"n": {n}}}'} for n, t in enumerate(long_ones)
            ],
        }
    ]
    await slack.send(message_event(PRIYA, "cancel my leave", event_id="Ev10"))
    [question] = fake_slack.posted

    await slack.click(button_click(PRIYA, question, '/pick{"n": 0}'))

    lines = [b for b in question.blocks if b.get("accessory")]
    assert [(b["text"]["text"], b["accessory"]["text"]["text"]) for b in lines] == [
        (t, "Choose") for t in long_ones
    ]
    assert fake_rasa.received[-1]["message"] == '/pick{"n": 0}'
    update = fake_slack.posted[1]
    assert update.blocks == [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "Which leave do you want to cancel?"},
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": f"You chose: {long_ones[0]}"}]},
    ]


async def test_a_decision_reaches_the_employee_in_slack_when_slack_was_used_last(
    slack, fake_slack, api_app
):
    await slack.send(message_event(PRIYA, "hello", event_id="Ev9"))
    fake_slack.clear()
    add_notification(api_app, "100001", DECISION)

    delivered = await slack.gateway.courier.run_once()

    assert delivered == 1
    assert [(p.method, p.channel, p.text) for p in fake_slack.posted] == [
        ("chat.postMessage", f"D{PRIYA}", DECISION)
    ]
    assert fake_slack.posted[0].metadata == {
        "event_type": "assistant_notification",
        "event_payload": {"kind": "leave_decision"},
    }


async def test_slack_is_404_when_not_configured(client):
    response = await client.post("/slack/events", json={"type": "url_verification"})

    assert response.status_code == 404


async def test_the_url_verification_challenge_is_answered_when_signed(slack):
    response = await slack.send({"type": "url_verification", "challenge": "c-123", "token": "t"})

    assert response.status_code == 200
    assert response.json() == {"challenge": "c-123"}
