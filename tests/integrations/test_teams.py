"""The Teams channel as Teams drives it: activities carrying JWTs signed by a test key, checked
against a local fake of the Bot Framework's OpenID metadata and keys, with replies posted to
the fake connector at `serviceUrl`; the real API and a fake Rasa."""

import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI

from integrations.app import create_app
from integrations.config import GatewaySettings
from integrations.teams.channel import PERSONAL_ONLY
from integrations.wording import UNKNOWN_PERSON
from scripts.fake_platforms import FakeBotFramework, serve
from tests.integrations.fakes import CountingApp, FakeRasa
from tests.integrations.test_web_notifications import DECISION, add_notification

PRIYA = "aad-priya-0001"
STRANGER = "aad-stranger-01"
QUESTION = "Do you want to book annual leave on Friday 4 December 2026?"


@pytest.fixture(scope="module")
def bot_framework() -> Iterator[FakeBotFramework]:
    fake = FakeBotFramework(members={PRIYA: "priya.shah@shared-services.example.gov.uk"})
    served = serve(fake.app())
    fake.url = served.url
    yield fake
    served.stop()


@pytest.fixture
def fake_teams(bot_framework) -> FakeBotFramework:
    bot_framework.clear()
    return bot_framework


@pytest.fixture
def teams_app(
    gateway_settings: GatewaySettings,
    counting_api: CountingApp,
    fake_rasa: FakeRasa,
    fake_teams: FakeBotFramework,
) -> FastAPI:
    settings = GatewaySettings.model_validate(
        gateway_settings.model_dump()
        | {
            "_env_file": None,
            "teams_app_id": fake_teams.app_id,
            "teams_openid_metadata_url": fake_teams.metadata_url,
        }
    )
    return create_app(
        settings,
        api_transport=httpx.ASGITransport(app=counting_api),
        rasa_transport=httpx.ASGITransport(app=fake_rasa),
    )


@pytest.fixture
async def teams(teams_app: FastAPI, fake_teams) -> AsyncIterator["Teams"]:
    async with teams_app.router.lifespan_context(teams_app):
        transport = httpx.ASGITransport(app=teams_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
            yield Teams(c, teams_app, fake_teams)


class Teams:
    """Teams' side: sends activities with the Bot Framework's token."""

    def __init__(self, client: httpx.AsyncClient, app: FastAPI, fake: FakeBotFramework) -> None:
        self.client = client
        self.gateway = app.state.gateway
        self.fake = fake

    async def send(self, activity: dict, token: str | None = "default") -> httpx.Response:
        headers = {}
        if token == "default":
            token = self.fake.token()
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return await self.client.post("/teams/messages", json=activity, headers=headers)


async def test_a_personal_message_is_a_turn_as_the_employee_answered_with_a_card(
    teams, fake_teams, fake_rasa
):
    activity = fake_teams.activity(PRIYA, "I'd like a day off")

    response = await teams.send(activity)

    assert response.status_code in (200, 202)
    [received] = fake_rasa.received
    assert received["sender"] == f"teams:100001:a:{PRIYA}"
    assert received["message"] == "I'd like a day off"
    assert received["metadata"]["channel"] == "teams"
    [reply] = fake_teams.to(f"a:{PRIYA}")
    assert reply.reply_to == activity["id"]
    assert reply.authorization == "Bearer embedded-profile-no-secret"
    assert reply.card == {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.4",
        "body": [{"type": "TextBlock", "text": QUESTION, "wrap": True}],
        "actions": [
            {
                "type": "Action.Submit",
                "title": "Yes",
                "data": {"payload": "/affirm", "question": QUESTION, "title": "Yes"},
            },
            {
                "type": "Action.Submit",
                "title": "No",
                "data": {"payload": "/deny", "question": QUESTION, "title": "No"},
            },
        ],
    }


async def test_a_card_submit_is_answered_like_the_typed_payload_and_the_card_redrawn(
    teams, fake_teams, fake_rasa
):
    await teams.send(fake_teams.activity(PRIYA, "book Friday off"))
    [question] = fake_teams.to(f"a:{PRIYA}")
    [yes] = [b for b in question.buttons if b["title"] == "Yes"]

    await teams.send(fake_teams.activity(PRIYA, value=yes["value"], reply_to="bot-card-1"))

    assert [r["message"] for r in fake_rasa.received] == ["book Friday off", "/affirm"]
    redrawn = [s for s in fake_teams.to(f"a:{PRIYA}") if s.method == "update"]
    assert [s.card for s in redrawn] == [
        {
            "type": "AdaptiveCard",
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "version": "1.4",
            "body": [
                {"type": "TextBlock", "text": QUESTION, "wrap": True},
                {"type": "TextBlock", "text": "You chose: Yes", "wrap": True, "isSubtle": True},
            ],
        }
    ]


async def test_many_choices_are_a_choice_list_whose_submit_sends_the_payload(
    teams, fake_teams, fake_rasa
):
    fake_rasa.reply = [
        {
            "text": "Which claim?",
            "buttons": [{"title": f"Claim {n}", "payload": f"/c{n}"} for n in range(7)],
        }
    ]
    await teams.send(fake_teams.activity(PRIYA, "my claims"))
    [question] = fake_teams.to(f"a:{PRIYA}")
    [six] = [b for b in question.buttons if b["payload"] == "/c6"]

    await teams.send(fake_teams.activity(PRIYA, value=six["value"]))

    assert [b["title"] for b in question.buttons] == [f"Claim {n}" for n in range(7)]
    assert fake_rasa.received[-1]["message"] == "/c6"


async def test_someone_nobody_is_linked_to_is_told_so_and_nothing_else(
    teams, fake_teams, fake_rasa
):
    await teams.send(fake_teams.activity(STRANGER, "how much leave have I got?"))

    assert fake_rasa.received == []
    assert [s.text for s in fake_teams.to(f"a:{STRANGER}")] == [UNKNOWN_PERSON]


async def test_a_group_chat_is_told_to_use_a_personal_chat(teams, fake_teams, fake_rasa):
    await teams.send(
        fake_teams.activity(
            PRIYA, "my payslip", conversation="19:group", conversation_type="groupChat"
        )
    )

    assert fake_rasa.received == []
    assert [s.text for s in fake_teams.to("19:group")] == [PERSONAL_ONLY]


async def test_a_redelivered_activity_is_answered_once(teams, fake_teams, fake_rasa):
    activity = fake_teams.activity(PRIYA, "yes", activity_id="act-redelivered")

    await teams.send(activity)
    await teams.send(activity)

    assert len(fake_rasa.received) == 1
    assert len(fake_teams.to(f"a:{PRIYA}")) == 1


@pytest.mark.parametrize(
    "forgery",
    [
        "no token",
        "another key",
        "unknown key id",
        "other audience",
        "other issuer",
        "expired",
        "other serviceUrl",
        "not endorsed for the channel",
        "not a JWT",
    ],
)
async def test_a_forged_request_is_refused_and_reaches_nothing(
    teams, fake_teams, fake_rasa, forgery
):
    activity = fake_teams.activity(PRIYA, "book me a week off")
    token = {
        "no token": None,
        "another key": lambda: fake_teams.token(
            key=rsa.generate_private_key(public_exponent=65537, key_size=2048)
        ),
        "unknown key id": lambda: fake_teams.token(kid="someone-elses-key"),
        "other audience": lambda: fake_teams.token(aud="another-bot"),
        "other issuer": lambda: fake_teams.token(iss="https://evil.example"),
        "expired": lambda: fake_teams.token(exp=int(time.time()) - 600),
        "other serviceUrl": lambda: fake_teams.token(serviceurl="https://evil.example/teams/"),
        "not endorsed for the channel": None,
        "not a JWT": lambda: "not-a-jwt",
    }[forgery]
    if forgery == "not endorsed for the channel":
        activity["channelId"] = "slack"
        token = fake_teams.token
    if forgery == "no token":
        response = await teams.send(activity, token=None)
    else:
        response = await teams.send(activity, token=token())

    assert response.status_code == 401
    assert fake_rasa.received == []
    assert fake_teams.sent == []


async def test_a_decision_reaches_the_employee_in_teams_when_teams_was_used_last(
    teams, fake_teams, api_app
):
    await teams.send(fake_teams.activity(PRIYA, "hello"))
    fake_teams.clear()
    add_notification(api_app, "100001", DECISION)

    delivered = await teams.gateway.courier.run_once()

    assert delivered == 1
    [sent] = fake_teams.to(f"a:{PRIYA}")  # into her stored personal chat, as a new message
    assert (sent.method, sent.text, sent.card) == ("send", DECISION, None)


async def test_teams_is_404_when_not_configured(client):
    response = await client.post("/teams/messages", json={})

    assert response.status_code == 404
