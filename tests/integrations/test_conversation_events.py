"""The event recorder: RabbitMQ messages to `POST /v1/conversation-events`, none lost.

The queue is a small fake (the real one is exercised by tests/scale_out); the API is the real
app in process.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from fastapi import FastAPI

from api.core.config import DEV_EVENTS_API_KEY
from integrations.conversation_events import Recorder, RecorderSettings, to_record


class FakeMessage:
    def __init__(self, queue: FakeQueue, body: bytes) -> None:
        self.queue, self.body = queue, body

    async def ack(self, multiple: bool = False) -> None:
        self.queue.acked.append(self)

    async def nack(self, requeue: bool = True) -> None:
        self.queue.nacked.append(self)


class FakeQueue:
    name = "conversation_events"

    def __init__(self, bodies: list[bytes]) -> None:
        self.waiting = [FakeMessage(self, body) for body in bodies]
        self.acked: list[FakeMessage] = []
        self.nacked: list[FakeMessage] = []

    async def get(self, *, no_ack: bool, fail: bool, timeout: float) -> FakeMessage | None:
        return self.waiting.pop(0) if self.waiting else None


def body(event_id: int, sender: str = "web:100001:s1", **event: Any) -> bytes:
    return json.dumps({"sender_id": sender, "event_id": event_id, **event}).encode()


class FlakyApi(httpx.AsyncBaseTransport):
    """The real API behind a transport that fails the first `failures` posts."""

    def __init__(self, app: FastAPI, failures: int) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.failures = failures
        self.posts = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.posts += 1
        if self.posts <= self.failures:
            raise httpx.ConnectError("the API is down", request=request)
        return await self.inner.handle_async_request(request)


def settings() -> RecorderSettings:
    return RecorderSettings.model_validate(
        {"_env_file": None, "events_api_key": DEV_EVENTS_API_KEY, "events_batch": 50}
    )


def test_a_message_becomes_a_keyed_ordered_item():
    item = to_record(body(7, event="user", text="hi", metadata={"token": "t"}))
    assert item == {
        "key": "rasa:7",
        "sender_id": "web:100001:s1",
        "sequence": 7,
        "event": {"event": "user", "text": "hi", "metadata": {"token": "t"}},
    }
    assert to_record(b"not json") is None
    assert to_record(b'{"event": "user"}') is None
    unnumbered = to_record(b'{"sender_id": "x", "event": "user"}')
    assert unnumbered is not None and unnumbered["key"].startswith("sha:")


async def test_the_api_being_down_delays_the_batch_and_loses_nothing(api_app: FastAPI):
    queue = FakeQueue(
        [
            body(
                1,
                event="user",
                text="book leave",
                parse_data={"intent": {"name": "request_leave", "confidence": 0.93}},
            ),
            body(2, event="action", name="action_submit_leave"),
            body(3, event="action", name="action_human_handoff"),
            b"garbage",
        ]
    )
    api = FlakyApi(api_app, failures=2)
    async with httpx.AsyncClient(transport=api, base_url="http://api.test") as client:
        recorder = Recorder(settings(), client)
        task = asyncio.create_task(recorder.drain(queue))  # type: ignore[arg-type]
        for _ in range(100):
            await asyncio.sleep(0.05)
            if queue.acked:
                break
        recorder.stopping.set()
        await task
        stored = await client.get(
            "/v1/conversation-events",
            params={"sender_id": "web:100001:s1"},
            headers={"X-Events-Key": DEV_EVENTS_API_KEY},
        )

    assert recorder.counters.failed_posts == 2
    assert recorder.counters.recorded == 3 and recorder.counters.malformed == 1
    assert len(queue.acked) == 1 and queue.acked[0].body == b"garbage"  # the last: acks all
    assert [e["sequence"] for e in stored.json()["events"]] == [1, 2, 3]
    metrics = recorder.metrics
    assert metrics.submissions.labels("leave")._value.get() == 1
    assert metrics.handoffs._value.get() == 1
    assert metrics.confidence._sum.get() == 0.93


async def test_stopping_while_the_api_is_down_gives_the_batch_back(api_app: FastAPI):
    queue = FakeQueue([body(1, event="user", text="hi")])
    api = FlakyApi(api_app, failures=1000)
    async with httpx.AsyncClient(transport=api, base_url="http://api.test") as client:
        recorder = Recorder(settings(), client)
        task = asyncio.create_task(recorder.drain(queue))  # type: ignore[arg-type]
        await asyncio.sleep(0.3)
        recorder.stopping.set()
        await task

    assert queue.acked == [] and len(queue.nacked) == 1
