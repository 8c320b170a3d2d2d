"""Proactive messages: the courier claims them from the API's outbox and delivers each to the
channel the person used last; open web chats get them as server-sent events."""

import asyncio
import json

import httpx

from api.models import Notification
from integrations.api_client import Claimed
from tests.integrations.conftest import sign_in
from tests.integrations.test_web_notifications import DECISION, add_notification


class Recorder:
    """A channel's deliverer that records what it was given."""

    def __init__(self, works: bool = True) -> None:
        self.works = works
        self.notes: list[Claimed] = []

    async def deliver(self, note: Claimed) -> bool:
        self.notes.append(note)
        return self.works


def events_in(body: str) -> list[dict]:
    found = []
    for block in body.split("\n\n"):
        lines = block.splitlines()
        if "event: message" in lines:
            data = "".join(
                line.removeprefix("data: ") for line in lines if line.startswith("data:")
            )
            found.append(json.loads(data))
    return found


async def open_chat_then_deliver(client, gateway, headers) -> httpx.Response:
    """Opens /web/events, runs the courier once while it is open, returns the whole stream."""
    stream = asyncio.create_task(client.get("/web/events", headers=headers))
    for _ in range(100):
        if gateway.web_hub.present():
            break
        await asyncio.sleep(0.005)
    await gateway.courier.run_once()
    return await stream


async def test_an_open_web_chat_gets_the_decision_as_an_event_once(gateway_app, api_app, client):
    gateway = gateway_app.state.gateway
    aisha = await sign_in(client, "100003")
    await client.post("/web/messages", json={"text": "hi", "session": "s"}, headers=aisha)
    add_notification(api_app, "100003", DECISION)

    response = await open_chat_then_deliver(client, gateway, aisha)
    later = await client.get("/web/notifications", headers=aisha)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert events_in(response.text) == [{"text": DECISION, "buttons": []}]
    assert later.json() == {"messages": []}, "delivered once"
    assert gateway.web_hub.present() == [], "a closed stream leaves the hub"


async def test_the_decision_goes_to_the_channel_used_last_not_the_open_web_chat(
    gateway_app, api_app, client
):
    gateway = gateway_app.state.gateway
    slack = Recorder()
    gateway.courier.add("slack", slack)
    aisha = await sign_in(client, "100003")
    await client.post("/web/messages", json={"text": "hi", "session": "s"}, headers=aisha)
    await gateway.api.link(_slack_proof(), "aisha.bello@shared-services.example.gov.uk")
    await gateway.core.who(_slack_proof())
    add_notification(api_app, "100003", DECISION)

    response = await open_chat_then_deliver(client, gateway, aisha)

    assert events_in(response.text) == []
    assert [(n.text, n.channel, n.address) for n in slack.notes] == [
        (DECISION, "slack", {"user": "U3", "channel": "D3"})
    ]
    with api_app.state.session_factory() as session:
        [row] = session.query(Notification).filter(Notification.text == DECISION).all()
        assert row.delivered_via == "slack"


async def test_a_failed_delivery_is_released_and_retried(gateway_app, api_app, client):
    gateway = gateway_app.state.gateway
    slack = Recorder(works=False)
    gateway.courier.add("slack", slack)
    await gateway.api.link(_slack_proof(), "aisha.bello@shared-services.example.gov.uk")
    await gateway.core.who(_slack_proof())
    add_notification(api_app, "100003", DECISION)

    assert await gateway.courier.run_once() == 0
    slack.works = True
    assert await gateway.courier.run_once() == 1
    assert await gateway.courier.run_once() == 0
    assert [n.text for n in slack.notes] == [DECISION, DECISION]


async def test_the_event_stream_needs_a_sign_in(client):
    response = await client.get("/web/events")

    assert response.status_code == 401


def _slack_proof():
    from integrations.proof import Proof

    return Proof("slack", "T1:U3", {"user": "U3", "channel": "D3"})
