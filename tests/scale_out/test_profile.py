"""The scale-out profile answers as the embedded one does, and keeps every event.

PostgreSQL holds the API's data and Rasa's trackers, Redis Rasa's conversation locks,
RabbitMQ carries every stored event to the recorder, which files it with the API.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import psycopg
from sqlalchemy.engine import make_url

from integrations.rasa_gateway import RasaGateway
from scripts.stack import Stack
from tests.scale_out.conftest import Chat


def text_of(messages: list[dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def tracker_rows(stack: Stack, sender: str) -> list[tuple[int, str]]:
    """(id, type) of each event Rasa stored for the conversation, in PostgreSQL."""
    url = make_url(stack.env["RASA_TRACKER_URL"]).render_as_string(hide_password=False)
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT id, type_name FROM events WHERE sender_id = %s ORDER BY id", (sender,)
        ).fetchall()
    return [(int(row[0]), str(row[1])) for row in rows]


def recorded_events(
    stack: Stack, sender: str, at_least: int, within: float = 20
) -> list[dict[str, Any]]:
    """The events the recorder filed with the API, once there are `at_least` (or `within`
    seconds have passed)."""
    url = f"http://127.0.0.1:{stack.ports.api}/v1/conversation-events"
    headers = {"X-Events-Key": stack.env["EVENTS_API_KEY"]}
    events: list[dict[str, Any]] = []
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        answer = httpx.get(url, params={"sender_id": sender}, headers=headers, timeout=10)
        answer.raise_for_status()
        events = answer.json()["events"]
        if len(events) >= at_least:
            break
        time.sleep(0.5)
    return events


def test_a_conversation_is_stored_in_postgres_and_recorded_through_rabbitmq(
    scale_out: Stack, gateway: httpx.Client, tokens: dict[str, str]
) -> None:
    priya = Chat(gateway, tokens["100001"])
    api = f"http://127.0.0.1:{scale_out.ports.api}"
    balance = httpx.get(f"{api}/v1/me/leave/balance", headers=priya.headers).json()

    answer = text_of(priya.say("how much leave have I got left?"))
    thanks = priya.say("thank you")

    assert f"{balance['remaining']:g}" in answer
    assert text_of(thanks) == "You're welcome."
    sender = f"web:100001:{priya.session}"
    stored = tracker_rows(scale_out, sender)
    assert [kind for _, kind in stored].count("user") == 2
    recorded = recorded_events(scale_out, sender, at_least=len(stored))
    assert [e["sequence"] for e in recorded] == [row_id for row_id, _ in stored]
    assert [e["type"] for e in recorded] == [kind for _, kind in stored]
    user_texts = [e["event"]["text"] for e in recorded if e["type"] == "user"]
    assert user_texts == ["how much leave have I got left?", "thank you"]
    for event in recorded:
        metadata = event["event"].get("metadata") or {}
        assert metadata.get("token") in (None, "[removed]")


def chats_on_each_replica(
    stack: Stack, gateway: httpx.Client, token: str, each: int
) -> dict[str, list[Chat]]:
    """`each` new conversations pinned to each Rasa replica (as the gateway pins them)."""
    urls = stack.env["RASA_URL"].split(",")
    pinning = RasaGateway(httpx.AsyncClient(), urls, timeout_seconds=1)
    chats: dict[str, list[Chat]] = {url: [] for url in urls}
    while any(len(found) < each for found in chats.values()):
        chat = Chat(gateway, token)
        url = pinning.replica_for(f"web:100002:{chat.session}")
        if len(chats[url]) < each:
            chats[url].append(chat)
    return chats


def test_both_replicas_and_their_action_servers_serve(
    scale_out: Stack, gateway: httpx.Client, tokens: dict[str, str]
) -> None:
    """Each replica answers its own conversations, calling its own action server."""
    api = f"http://127.0.0.1:{scale_out.ports.api}"
    headers = {"Authorization": f"Bearer {tokens['100002']}"}
    remaining = httpx.get(f"{api}/v1/me/leave/balance", headers=headers).json()["remaining"]
    by_replica = chats_on_each_replica(scale_out, gateway, tokens["100002"], each=3)

    assert len(by_replica) == 2
    for chats in by_replica.values():
        for chat in chats:
            assert f"{remaining:g}" in text_of(chat.say("how much leave have I got left?"))
