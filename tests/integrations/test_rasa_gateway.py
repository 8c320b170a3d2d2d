"""The one Rasa client: what it posts, what it returns and how it fails."""

import httpx
import pytest

from integrations.errors import RasaUnavailable
from integrations.messages import Button, OutgoingMessage, to_neutral
from integrations.rasa_gateway import NO_ANSWER, WEBHOOK_PATH, RasaGateway
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


def _replicas(down: set[str], seen: list[str]) -> httpx.MockTransport:
    """Two fake replicas; those in `down` refuse connections. `seen` records who answered."""

    def handle(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if host in down:
            raise httpx.ConnectError("connection refused", request=request)
        seen.append(host)
        return httpx.Response(200, json=[{"text": f"from {host}"}])

    return httpx.MockTransport(handle)


async def test_a_replica_that_refuses_is_skipped_and_tried_again_after_the_cooldown():
    urls = ["http://rasa-a", "http://rasa-b"]
    down: set[str] = set()
    seen: list[str] = []
    now = [100.0]
    async with httpx.AsyncClient(transport=_replicas(down, seen)) as client:
        gateway = RasaGateway(
            client, urls, timeout_seconds=5, cooldown_seconds=5, monotonic=lambda: now[0]
        )
        sender = next(
            s for s in (f"web:1:{n}" for n in range(50)) if "rasa-a" in gateway.replica_for(s)
        )
        down.add("rasa-a")

        rerouted = await gateway.send(sender, "hello", {})
        again = await gateway.send(sender, "hello", {})
        down.clear()
        still_skipped = await gateway.send(sender, "hello", {})
        now[0] += 6
        back = await gateway.send(sender, "hello", {})

    assert [m.text for m in rerouted] == ["from rasa-b"]
    assert [m.text for m in again] == ["from rasa-b"]
    assert gateway.is_down("http://rasa-a") is False
    assert [m.text for m in still_skipped] == ["from rasa-b"]
    assert [m.text for m in back] == ["from rasa-a"]
    assert seen == ["rasa-b", "rasa-b", "rasa-b", "rasa-a"]


async def test_every_replica_refusing_is_rasa_unavailable():
    seen: list[str] = []
    transport = _replicas({"rasa-a", "rasa-b"}, seen)
    async with httpx.AsyncClient(transport=transport) as client:
        gateway = RasaGateway(client, ["http://rasa-a", "http://rasa-b"], timeout_seconds=5)
        with pytest.raises(RasaUnavailable):
            await gateway.send("web:100001:s1", "hello", {})
    assert seen == []


async def test_a_replica_that_times_out_is_not_re_routed():
    """The turn may have been processed there: sending it elsewhere could book leave twice."""
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.host)
        raise httpx.ReadTimeout("slow", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handle)) as client:
        gateway = RasaGateway(client, ["http://rasa-a", "http://rasa-b"], timeout_seconds=5)
        with pytest.raises(RasaUnavailable):
            await gateway.send("web:100001:s1", "hello", {})
    assert len(seen) == 1


async def test_a_turn_rasa_answers_with_nothing_gets_an_honest_message():
    """An action server that timed out or died leaves Rasa with nothing to say."""
    rasa = FakeRasa([])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=rasa)) as client:
        gateway = RasaGateway(client, ["http://rasa.test"], timeout_seconds=5)
        messages = await gateway.send("web:100001:s1", "yes", {})

    assert messages == [OutgoingMessage(text=NO_ANSWER)]
    assert "try again" in NO_ANSWER and "Traceback" not in NO_ANSWER
