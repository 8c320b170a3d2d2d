"""A turn through the web channel: sign-in, the message Rasa receives and the failures."""

import httpx
import jwt
import pytest

from integrations.app import create_app
from tests.conftest import TEST_JWT_SECRET
from tests.integrations.conftest import CLOSED_PORT_URL, sign_in
from tests.integrations.fakes import FakeRasa

RASA_DOWN = {
    "messages": [
        {
            "text": "Sorry, the assistant isn't answering right now. Nothing has been changed. "
            "Please try again in a minute.",
            "buttons": [],
        }
    ]
}


async def test_a_turn_reaches_rasa_as_the_signed_in_employee_and_returns_its_buttons(
    client, fake_rasa
):
    headers = await sign_in(client, "100001")

    response = await client.post(
        "/web/messages",
        json={"text": "  I'd like a day off  ", "session": "tab-1"},
        headers=headers,
    )

    assert response.status_code == 200
    assert response.json() == {
        "messages": [
            {
                "text": "Do you want to book annual leave on Friday 4 December 2026?",
                "buttons": [
                    {"title": "Yes", "payload": "/affirm"},
                    {"title": "No", "payload": "/deny"},
                ],
            }
        ]
    }
    [received] = fake_rasa.received
    assert received["sender"] == "web:100001:tab-1"
    assert received["message"] == "I'd like a day off"
    metadata = received["metadata"]
    assert metadata["channel"] == "web"
    assert metadata["staff_number"] == "100001"
    claims = jwt.decode(metadata["token"], TEST_JWT_SECRET, algorithms=["HS256"])
    assert claims["typ"] == "obo"
    assert claims["sub"] == "100001"
    assert claims["channel"] == "web"
    assert metadata["token"] != headers["Authorization"].removeprefix("Bearer ")


async def test_the_same_session_id_from_two_people_is_two_conversations(client, fake_rasa):
    priya = await sign_in(client, "100001")
    tom = await sign_in(client, "100002")

    for headers in (priya, tom):
        response = await client.post(
            "/web/messages", json={"text": "hello", "session": "same"}, headers=headers
        )
        assert response.status_code == 200

    assert [body["sender"] for body in fake_rasa.received] == ["web:100001:same", "web:100002:same"]


async def test_the_obo_token_is_reused_until_near_expiry(client, counting_api):
    headers = await sign_in(client)

    for text in ("hello", "how much leave do I have?"):
        response = await client.post(
            "/web/messages", json={"text": text, "session": "s1"}, headers=headers
        )
        assert response.status_code == 200

    assert counting_api.count("POST", "/auth/obo") == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": "   ", "session": "s1"}, "Please type a message before sending."),
        ({"text": "", "session": "s1"}, "Please type a message before sending."),
        ({"session": "s1"}, "Please type a message before sending."),
        ({"text": "hello"}, "The chat session is missing. Please reload the page."),
        (
            {"text": "hello", "session": "web:100002:x"},
            "The chat session id must be 1 to 64 letters, digits, hyphens or underscores.",
        ),
        (
            {"text": "hello", "session": "s" * 65},
            "The chat session id must be 1 to 64 letters, digits, hyphens or underscores.",
        ),
        (
            {"text": "x" * 2001, "session": "s1"},
            "Your message is 2,001 characters long. Please keep it to 2,000 characters or fewer.",
        ),
        ({"text": 42, "session": "s1"}, "The message must be text."),
    ],
)
async def test_bad_input_is_422_with_a_plain_message_and_nothing_reaches_rasa(
    client, fake_rasa, counting_api, body, message
):
    headers = await sign_in(client)

    response = await client.post("/web/messages", json=body, headers=headers)

    assert response.status_code == 422
    assert response.json() == {"detail": {"code": "invalid_request", "message": message}}
    assert fake_rasa.received == []
    assert counting_api.count("POST", "/auth/obo") == 0


async def test_a_body_that_is_not_json_is_422(client, fake_rasa):
    headers = await sign_in(client)

    response = await client.post(
        "/web/messages",
        content=b"text=hello",
        headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 422
    assert response.json()["detail"]["code"] == "invalid_request"
    assert fake_rasa.received == []


async def test_exactly_2000_characters_is_accepted(client, fake_rasa):
    headers = await sign_in(client)

    response = await client.post(
        "/web/messages", json={"text": "x" * 2000, "session": "s1"}, headers=headers
    )

    assert response.status_code == 200
    assert len(fake_rasa.received[0]["message"]) == 2000


FORGED = jwt.encode(
    {
        "sub": "100001",
        "name": "Priya Shah",
        "roles": ["staff"],
        "typ": "access",
        "iat": 1_700_000_000,
        "exp": 4_000_000_000,
        "jti": "forged",
    },
    "a-guessed-secret-that-is-long-enough-for-hs256",
)


@pytest.mark.parametrize("authorization", ["Bearer not-a-token", f"Bearer {FORGED}"])
async def test_a_bad_token_is_401_and_nothing_reaches_rasa(client, fake_rasa, authorization):
    response = await client.post(
        "/web/messages",
        json={"text": "hello", "session": "s1"},
        headers={"Authorization": authorization},
    )

    assert response.status_code == 401
    assert response.json() == {
        "detail": {
            "code": "sign_in_expired",
            "message": "Your sign-in has expired. Please sign in again.",
        }
    }
    assert fake_rasa.received == []


async def test_no_token_is_401_asking_to_sign_in(client, fake_rasa, counting_api):
    response = await client.post("/web/messages", json={"text": "hello", "session": "s1"})

    assert response.status_code == 401
    assert response.json() == {
        "detail": {"code": "not_signed_in", "message": "Please sign in first."}
    }
    assert fake_rasa.received == []
    assert counting_api.calls == []


async def test_rasa_refusing_connections_is_503_with_one_honest_message(
    gateway_settings, counting_api
):
    settings = gateway_settings.model_copy(update={"rasa_url": CLOSED_PORT_URL})
    app = create_app(settings, api_transport=httpx.ASGITransport(app=counting_api))

    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
            headers = await sign_in(c)
            response = await c.post(
                "/web/messages", json={"text": "hello", "session": "s1"}, headers=headers
            )

    assert response.status_code == 503
    assert response.json() == RASA_DOWN


@pytest.mark.parametrize("fake", [FakeRasa(hang=True), FakeRasa([], status_code=500)])
async def test_rasa_too_slow_or_failing_is_503_with_one_honest_message(
    gateway_settings, counting_api, fake
):
    app = create_app(
        gateway_settings,
        api_transport=httpx.ASGITransport(app=counting_api),
        rasa_transport=httpx.ASGITransport(app=fake),
    )

    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
            headers = await sign_in(c)
            response = await c.post(
                "/web/messages", json={"text": "hello", "session": "s1"}, headers=headers
            )

    assert response.status_code == 503
    assert response.json() == RASA_DOWN
    assert len(fake.received) == 1


async def test_the_api_down_is_503_and_nothing_reaches_rasa(gateway_settings, fake_rasa):
    settings = gateway_settings.model_copy(update={"api_url": CLOSED_PORT_URL})
    app = create_app(settings, rasa_transport=httpx.ASGITransport(app=fake_rasa))

    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as c:
            response = await c.post(
                "/web/messages",
                json={"text": "hello", "session": "s1"},
                headers={"Authorization": "Bearer some-token"},
            )

    assert response.status_code == 503
    assert response.json()["detail"]["code"] == "api_unavailable"
    assert "Nothing has been changed" in response.json()["detail"]["message"]
    assert fake_rasa.received == []


async def test_metrics_and_a_correlation_id_carried_to_rasa(client, fake_rasa):
    """The gateway times each hop, and one id travels with the turn (gateway -> Rasa -> ...)."""
    headers = await sign_in(client, "100001")
    answer = await client.post(
        "/web/messages",
        headers={**headers, "X-Correlation-ID": "turn-99"},
        json={"text": "hello", "session": "s1"},
    )
    metrics = (await client.get("/metrics")).text

    assert answer.headers["X-Correlation-ID"] == "turn-99"
    assert fake_rasa.received[-1]["metadata"]["correlation_id"] == "turn-99"
    assert 'ask_gateway_rasa_seconds_count{outcome="answered"' in metrics
    assert 'ask_gateway_requests_total{method="POST",route="/web/messages",status="200"}' in metrics
