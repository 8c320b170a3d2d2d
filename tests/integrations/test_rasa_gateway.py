"""The one Rasa client: what it posts, what it returns and how it fails."""

import httpx
import pytest

from integrations.errors import RasaUnavailable
from integrations.messages import Button, OutgoingMessage, to_neutral
from integrations.rasa_gateway import WEBHOOK_PATH, RasaGateway
from tests.integrations.fakes import FakeRasa

CLOSED_PORT_URL = "http://127.0.0.1:18899"  # nothing listens here during the tests


async def test_posts_sender_text_and_metadata_and_returns_neutral_messages():
    rasa = FakeRasa()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=rasa)) as client:
        gateway = RasaGateway(client, ["http://rasa.test"], timeout_seconds=5)
        messages = await gateway.send("web:100001:s1", "book leave", {"token": "t"})

    assert rasa.paths == [WEBHOOK_PATH]
    assert rasa.received == [
        {"sender": "web:100001:s1", "message": "book leave", "metadata": {"token": "t"}}
    ]
    assert messages == [
        OutgoingMessage(
            text="Do you want to book annual leave on Friday 4 December 2026?",
            buttons=[Button(title="Yes", payload="/affirm"), Button(title="No", payload="/deny")],
        )
    ]


async def test_connection_refused_is_rasa_unavailable():
    async with httpx.AsyncClient() as client:
        gateway = RasaGateway(client, [CLOSED_PORT_URL], timeout_seconds=5)
        with pytest.raises(RasaUnavailable):
            await gateway.send("web:100001:s1", "hello", {})


async def test_a_slow_turn_is_rasa_unavailable():
    rasa = FakeRasa(hang=True)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=rasa)) as client:
        gateway = RasaGateway(client, ["http://rasa.test"], timeout_seconds=0.05)
        with pytest.raises(RasaUnavailable):
            await gateway.send("web:100001:s1", "hello", {})


@pytest.mark.parametrize(
    ("status_code", "reply"), [(500, []), (200, {"not": "a list"}), (200, "oops")]
)
async def test_an_error_or_odd_answer_is_rasa_unavailable(status_code, reply):
    rasa = FakeRasa(reply, status_code=status_code)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=rasa)) as client:
        gateway = RasaGateway(client, ["http://rasa.test"], timeout_seconds=5)
        with pytest.raises(RasaUnavailable):
            await gateway.send("web:100001:s1", "hello", {})


def test_one_conversation_always_goes_to_the_same_replica():
    urls = ["http://rasa-a:5005", "http://rasa-b:5005", "http://rasa-c:5005"]
    gateway = RasaGateway(httpx.AsyncClient(), urls, timeout_seconds=5)
    first = {sender: gateway.replica_for(sender) for sender in (f"web:1:{n}" for n in range(60))}

    again = RasaGateway(httpx.AsyncClient(), list(reversed(urls)), timeout_seconds=5)
    assert all(again.replica_for(sender) == url for sender, url in first.items())
    assert set(first.values()) == set(urls)


def test_to_neutral_keeps_text_and_buttons_and_never_shows_raw_payloads():
    responses = [
        {"recipient_id": "x", "text": "Hello"},
        {"recipient_id": "x", "image": "https://example.test/chart.png"},
        {"recipient_id": "x", "custom": {"text": "From a custom payload", "blocks": []}},
        {"recipient_id": "x", "custom": {"blocks": []}},
        {"recipient_id": "x", "buttons": [{"title": "Help"}, {"payload": "/no_title"}]},
        "not an object",
    ]

    assert to_neutral(responses) == [
        OutgoingMessage(text="Hello"),
        OutgoingMessage(text="Image: https://example.test/chart.png"),
        OutgoingMessage(text="From a custom payload"),
        OutgoingMessage(text="", buttons=[Button(title="Help", payload="Help")]),
    ]
