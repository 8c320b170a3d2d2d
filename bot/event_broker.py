"""Rasa's RabbitMQ event broker, which keeps Rasa serving while RabbitMQ is away.

Rasa 3.6.21's `PikaEventBroker` tries to connect 20 times, 5 s apart, before Rasa serves at
all; once connected, an event it fails to publish goes into an unbounded in-memory list that
is replayed only on aio-pika's reconnect callback, and a publish on a connection that is
reconnecting can wait for a long time. Here:

- Rasa starts whether or not RabbitMQ answers; the broker connects in the background, again
  and again, with a growing pause (at most `retry_seconds`).
- Every event goes through one bounded outbox (`outbox_size` events, default 10,000), in
  order; a background task publishes from its head, each publish bounded by
  `publish_timeout_seconds`. While RabbitMQ is away the outbox fills; when it comes back, the
  outbox drains in the order the events were stored.
- If the outbox is full, the oldest event is dropped, counted (`lost`) and logged as an error
  with the running count: a loss is never silent. The tracker store still holds every event.

Configure it in `endpoints.yml` with ``type: bot.event_broker.OutboxPikaEventBroker`` and
Rasa's pika keys (``url``, ``username``, ``password``, ``queues`` ...).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from typing import Any

import aio_pika
from rasa.core.brokers.pika import PikaEventBroker
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

DEFAULT_OUTBOX_SIZE = 10_000


class OutboxPikaEventBroker(PikaEventBroker):
    """`PikaEventBroker` with background connection and a bounded, ordered outbox."""

    def __init__(
        self,
        *args: Any,
        outbox_size: int = DEFAULT_OUTBOX_SIZE,
        publish_timeout_seconds: float = 5.0,
        retry_seconds: float = 5.0,
        **kwargs: Any,
    ) -> None:
        """Rasa's pika arguments, plus the outbox's size and the retry timings."""
        kwargs.setdefault("connection_attempts", 1)
        kwargs.setdefault("retry_delay_in_seconds", 0.5)
        super().__init__(*args, **kwargs)
        self.outbox: deque[dict[str, Any]] = deque()
        self.outbox_size = max(1, int(outbox_size))
        self.publish_timeout_seconds = float(publish_timeout_seconds)
        self.retry_seconds = float(retry_seconds)
        self.lost = 0
        self.published = 0
        self._wake = asyncio.Event()
        self._worker: asyncio.Task[None] | None = None

    @classmethod
    async def from_endpoint_config(
        cls,
        broker_config: EndpointConfig | None,
        event_loop: asyncio.AbstractEventLoop | None = None,
    ) -> OutboxPikaEventBroker | None:
        """Create the broker and start connecting in the background."""
        if broker_config is None:
            return None
        broker = cls(broker_config.url, **broker_config.kwargs, event_loop=event_loop)
        broker._worker = broker._loop.create_task(broker._run())
        return broker

    # -- Rasa's interface ------------------------------------------------------------------------

    def publish(self, event: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        """Queue the event for publishing, in order; never blocks, never raises."""
        if len(self.outbox) >= self.outbox_size:
            dropped = self.outbox.popleft()
            self.lost += 1
            logger.error(
                "Event outbox full (%d): dropped the oldest event of '%s'; %d lost so far",
                self.outbox_size,
                dropped.get("sender_id"),
                self.lost,
            )
        self.outbox.append(event)
        self._wake.set()

    def is_ready(self) -> bool:
        """Whether RabbitMQ is connected now."""
        return self._exchange is not None and super().is_ready()

    async def close(self) -> None:
        """Stop the background work and close the connection."""
        if self._worker is not None:
            self._worker.cancel()
        if self._connection is not None:
            await self._connection.close()

    # -- the background work -------------------------------------------------------------------

    async def _run(self) -> None:
        pause = 0.5
        while True:
            if self._exchange is None or not super().is_ready():
                try:
                    await asyncio.wait_for(self.connect(), timeout=self.publish_timeout_seconds)
                    pause = 0.5
                except Exception as error:
                    self._exchange = None
                    logger.warning(
                        "RabbitMQ unreachable (%s); %d events wait",
                        type(error).__name__,
                        len(self.outbox),
                    )
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, self.retry_seconds)
                    continue
            if not self.outbox:
                self._wake.clear()
                await self._wake.wait()
                continue
            event = self.outbox[0]
            try:
                assert self._exchange is not None
                await asyncio.wait_for(
                    self._exchange.publish(self._message(event, None), ""),
                    timeout=self.publish_timeout_seconds,
                )
            except Exception as error:
                logger.warning(
                    "Publishing to RabbitMQ failed (%s); will retry", type(error).__name__
                )
                await self._drop_connection()
                await asyncio.sleep(pause)
                pause = min(pause * 2, self.retry_seconds)
                continue
            if self.outbox and self.outbox[0] is event:
                self.outbox.popleft()
            self.published += 1

    async def connect(self) -> None:
        """Connect, open a channel and declare the exchange and the queues bound to it."""
        self._connection = await self._connect()
        channel = await self._connection.channel()
        self._exchange = await self._set_up_exchange(channel)
        logger.info("RabbitMQ connected; %d events wait in the outbox", len(self.outbox))

    async def _drop_connection(self) -> None:
        connection, self._connection, self._exchange = self._connection, None, None
        if connection is not None:
            try:
                await asyncio.wait_for(connection.close(), timeout=1)
            except Exception:
                pass

    async def _connect(self) -> aio_pika.abc.AbstractRobustConnection:
        # A plain connection: reconnecting is this class's job, not aio-pika's.
        connection = await aio_pika.connect(
            url=self._configure_url(),
            host=self.host,
            port=self.port,
            login=self.username,
            password=self.password,
            timeout=self.publish_timeout_seconds,
        )
        return connection  # type: ignore[return-value]

    def _message(self, event: dict[str, Any], headers: dict[str, str] | None) -> aio_pika.Message:
        return aio_pika.Message(
            json.dumps(event).encode(),
            headers=headers,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        )
