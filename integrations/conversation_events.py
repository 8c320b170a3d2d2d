"""Record Rasa's conversation events from RabbitMQ into the API, for audit and insights.

Rasa's event broker (scale-out profile: `bot/endpoints.scale-out.yml`, `bot/event_broker.py`)
publishes every stored event to the durable queue `conversation_events`, with the tracker
store's row id as `event_id`. This consumer takes them in batches, posts each batch to
`POST /v1/conversation-events` with the recorder's credential, and acknowledges the batch only
once the API has stored it: at least once on the wire, exactly once in the table (the API
ignores a key it already has). When the API is down or slow the messages stay in the queue
and the batch is retried with a growing pause; when RabbitMQ is down the connection is retried
the same way. Nothing is dropped here.

It also counts what the conversations show (NLU confidence, fallbacks, handoffs, submissions)
as Prometheus metrics on `EVENTS_METRICS_PORT`.

    python -m integrations.conversation_events      # settings from the environment / .env
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import signal
from dataclasses import dataclass, field
from typing import Any

import aio_pika
import httpx
from aio_pika.abc import AbstractIncomingMessage, AbstractQueue
from prometheus_client import CollectorRegistry, Counter, Histogram, start_http_server
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

logger = logging.getLogger("integrations.conversation_events")

QUEUE = "conversation_events"


class RecorderSettings(BaseSettings):
    """The recorder's settings, from the environment and `.env`."""

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    rabbitmq_url: SecretStr = SecretStr("amqp://guest:guest@127.0.0.1:5672/")
    events_queue: str = QUEUE
    api_url: str = "http://127.0.0.1:8000"
    events_api_key: SecretStr = SecretStr("dev-events-key")
    api_timeout_seconds: float = Field(default=5.0, gt=0)
    events_batch: int = Field(default=200, ge=1, le=500)
    events_metrics_port: int = Field(default=0, ge=0, le=65535)
    """Serve Prometheus metrics on this port (0: don't)."""


SUBMITTING_ACTIONS = {
    "action_submit_leave": "leave",
    "action_submit_expense": "expense",
    "action_decide_leave": "leave_decision",
    "action_decide_po": "po_decision",
}
"""Actions that change something for the person: counted as requests submitted."""


class RecorderMetrics:
    """What the conversations show, from their events: NLU confidence, fallbacks, handoffs,
    submissions; and the recorder's own work. Counted when a batch is stored (at least once:
    a batch redelivered after a crash counts again)."""

    def __init__(self) -> None:
        """Create the series in their own registry."""
        self.registry = CollectorRegistry()
        self.events = Counter(
            "ask_conversation_events_total", "Events by type", ["type"], registry=self.registry
        )
        self.confidence = Histogram(
            "ask_nlu_confidence",
            "The top intent's confidence of each message",
            registry=self.registry,
            buckets=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0),
        )
        self.fallbacks = Counter(
            "ask_fallbacks_total",
            "Messages not understood (nlu) or turns with no next step (core)",
            ["kind"],
            registry=self.registry,
        )
        self.handoffs = Counter(
            "ask_handoffs_total", "Conversations handed to the service desk", registry=self.registry
        )
        self.submissions = Counter(
            "ask_submissions_total",
            "Bookings, claims and decisions submitted by chat (actions run)",
            ["kind"],
            registry=self.registry,
        )
        self.recorder = Counter(
            "ask_recorder_events_total",
            "The recorder's work: recorded, duplicate, malformed",
            ["outcome"],
            registry=self.registry,
        )
        self.failed_posts = Counter(
            "ask_recorder_failed_posts_total",
            "Batches the API did not take",
            registry=self.registry,
        )

    def observe(self, event: dict[str, Any]) -> None:
        """Count one stored event."""
        kind = str(event.get("event") or "unknown")
        self.events.labels(kind).inc()
        if kind == "user":
            intent = (event.get("parse_data") or {}).get("intent") or {}
            confidence = intent.get("confidence") if isinstance(intent, dict) else None
            if isinstance(confidence, int | float):
                self.confidence.observe(float(confidence))
            if isinstance(intent, dict) and intent.get("name") == "nlu_fallback":
                self.fallbacks.labels("nlu").inc()
        elif kind == "action":
            name = event.get("name")
            if name == "action_default_fallback":
                self.fallbacks.labels("core").inc()
            elif name == "action_human_handoff":
                self.handoffs.inc()
            elif name in SUBMITTING_ACTIONS:
                self.submissions.labels(SUBMITTING_ACTIONS[name]).inc()


def to_record(body: bytes) -> dict[str, Any] | None:
    """One broker message as the API's batch item; None for a message that isn't an event."""
    try:
        event = json.loads(body)
    except ValueError:
        return None
    if not isinstance(event, dict) or not isinstance(event.get("sender_id"), str):
        return None
    sender = event.pop("sender_id")
    event_id = event.pop("event_id", None)
    if isinstance(event_id, int):
        key, sequence = f"rasa:{event_id}", event_id
    else:  # published by a store that doesn't number its events: keyed by content
        key, sequence = "sha:" + hashlib.sha256(body).hexdigest()[:40], 0
    return {"key": key, "sender_id": sender, "sequence": sequence, "event": event}


@dataclass
class Counters:
    """What the recorder has done since it started."""

    recorded: int = 0
    duplicates: int = 0
    malformed: int = 0
    failed_posts: int = 0
    batches: list[int] = field(default_factory=list)


class Recorder:
    """Moves events from the queue to the API, a batch at a time."""

    def __init__(
        self,
        settings: RecorderSettings,
        client: httpx.AsyncClient,
        metrics: RecorderMetrics | None = None,
    ) -> None:
        """Use `client` (its base URL is the API) for the posts."""
        self.settings = settings
        self.client = client
        self.counters = Counters()
        self.metrics = metrics or RecorderMetrics()
        self.stopping = asyncio.Event()

    async def post(self, items: list[dict[str, Any]]) -> bool:
        """Post one batch; True once the API has stored it."""
        try:
            answer = await self.client.post(
                "/v1/conversation-events",
                json={"events": items},
                headers={"X-Events-Key": self.settings.events_api_key.get_secret_value()},
                timeout=self.settings.api_timeout_seconds,
            )
        except httpx.HTTPError as error:
            logger.warning("the API could not take %d events: %s", len(items), type(error).__name__)
            return False
        if answer.status_code != httpx.codes.OK:
            logger.warning("the API answered HTTP %s to %d events", answer.status_code, len(items))
            return False
        result = answer.json()
        recorded, duplicates = int(result.get("recorded", 0)), int(result.get("duplicates", 0))
        self.counters.recorded += recorded
        self.counters.duplicates += duplicates
        self.counters.batches.append(len(items))
        self.metrics.recorder.labels("recorded").inc(recorded)
        self.metrics.recorder.labels("duplicate").inc(duplicates)
        for item in items:
            self.metrics.observe(item["event"])
        return True

    async def take_batch(self, queue: AbstractQueue) -> list[AbstractIncomingMessage]:
        """Up to `events_batch` messages, waiting briefly for the first."""
        messages: list[AbstractIncomingMessage] = []
        while len(messages) < self.settings.events_batch:
            message = await queue.get(no_ack=False, fail=False, timeout=5)
            if message is None:
                break
            messages.append(message)
        return messages

    async def drain(self, queue: AbstractQueue) -> None:
        """Record batches until stopped; an unrecorded batch is retried, never acknowledged."""
        pause = 0.2
        while not self.stopping.is_set():
            messages = await self.take_batch(queue)
            if not messages:
                await self._sleep(0.2)
                continue
            items = []
            for message in messages:
                item = to_record(message.body)
                if item is None:
                    self.counters.malformed += 1
                    self.metrics.recorder.labels("malformed").inc()
                    logger.error("a message on %s is not an event; dropped", queue.name)
                else:
                    items.append(item)
            while items and not await self.post(items):
                self.counters.failed_posts += 1
                self.metrics.failed_posts.inc()
                if self.stopping.is_set():
                    for message in messages:
                        await message.nack(requeue=True)
                    return
                await self._sleep(pause)
                pause = min(pause * 2, 5.0)
            pause = 0.2
            await messages[-1].ack(multiple=True)

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self.stopping.wait(), timeout=seconds)
        except TimeoutError:
            pass

    async def run(self) -> None:
        """Connect (again and again, if RabbitMQ goes away) and drain the queue."""
        pause = 0.5
        while not self.stopping.is_set():
            try:
                connection = await aio_pika.connect(
                    self.settings.rabbitmq_url.get_secret_value(), timeout=5
                )
            except LOST_RABBITMQ as error:
                logger.warning("RabbitMQ is unreachable (%s); retrying", type(error).__name__)
                await self._sleep(pause)
                pause = min(pause * 2, 5.0)
                continue
            pause = 0.5
            try:
                async with connection:
                    channel = await connection.channel()
                    await channel.set_qos(prefetch_count=self.settings.events_batch)
                    queue = await channel.declare_queue(self.settings.events_queue, durable=True)
                    logger.info("recording events from %s", queue.name)
                    await self.drain(queue)
            except LOST_RABBITMQ as error:
                logger.warning("lost RabbitMQ (%s); reconnecting", type(error).__name__)
                await self._sleep(pause)


LOST_RABBITMQ = (
    OSError,
    TimeoutError,
    aio_pika.exceptions.AMQPError,
    # a channel whose connection was cut (a RuntimeError, not an AMQPError): the unacknowledged
    # messages go back to the queue, and the recorder reconnects
    aio_pika.exceptions.ChannelInvalidStateError,
)
"""What RabbitMQ going away raises; the recorder reconnects after any of them."""


async def main() -> None:
    """Run until SIGTERM or SIGINT."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = RecorderSettings()
    metrics = RecorderMetrics()
    if settings.events_metrics_port:
        start_http_server(settings.events_metrics_port, registry=metrics.registry)
    async with httpx.AsyncClient(base_url=settings.api_url) as client:
        recorder = Recorder(settings, client, metrics)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, recorder.stopping.set)
        await recorder.run()


if __name__ == "__main__":
    asyncio.run(main())
