"""The one client that posts to Rasa (the REST channel), for every channel adapter."""

import asyncio
import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from integrations.errors import RasaUnavailable
from integrations.messages import OutgoingMessage, to_neutral
from integrations.observability import GatewayMetrics, correlation_id

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"
NO_ANSWER = (
    "Sorry, I couldn't finish that just now. Please check what you asked for in a minute "
    "and try again if it isn't done."
)
"""Said when Rasa answers a message with nothing: a step of the turn failed (an action server
that timed out or died). Whether the change went through is unknown, so it says neither."""


class RasaGateway:
    """Posts a person's message to Rasa and returns Rasa's replies as neutral messages.

    With several Rasa replicas, every message of one conversation goes to the same replica
    (rendezvous hashing on the sender id), because Rasa OSS's lock store alone is not race-free
    across replicas. A replica that refuses the connection is down: the message goes to the
    conversation's next replica in rendezvous order (it never reached the first, so it is sent
    once), and the down one is skipped for `cooldown_seconds`, then tried again (the next
    connection is the health check). A timeout or an error answer is not re-routed: that turn
    may have been processed.

    One conversation's messages are forwarded one at a time, in the order they arrived here
    (a fair lock per conversation), so five quick messages are answered in the order sent.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        urls: list[str],
        timeout_seconds: float,
        *,
        token: str = "",
        cooldown_seconds: float = 5.0,
        monotonic: Callable[[], float] = time.monotonic,
        metrics: GatewayMetrics | None = None,
    ) -> None:
        """Builds the client.

        Args:
            client: a shared HTTP client (connections are reused between turns).
            urls: base URLs of the Rasa replicas; at least one.
            timeout_seconds: the most a whole turn may take before Rasa counts as unavailable.
            token: the token of Rasa's HTTP API (`RASA_TOKEN`), for reading conversations.
            cooldown_seconds: how long a replica that refused a connection is skipped.
            monotonic: a stopwatch (seconds), replaceable in tests.
            metrics: where the hop's latency, re-routes and empty answers are counted.
        """
        if not urls:
            raise ValueError("at least one Rasa URL is needed")
        self._client = client
        self._urls = urls
        self._timeout_seconds = timeout_seconds
        self._token = token
        self._cooldown_seconds = cooldown_seconds
        self._monotonic = monotonic
        self._down_until: dict[str, float] = {}
        self._metrics = metrics or GatewayMetrics()
        self._in_order: dict[str, asyncio.Lock] = {}
        self._queued: Counter[str] = Counter()

    def replicas_for(self, sender: str) -> list[str]:
        """The replicas in this conversation's order of preference (rendezvous hashing)."""
        return sorted(
            self._urls,
            key=lambda url: hashlib.sha256(f"{url}|{sender}".encode()).digest(),
            reverse=True,
        )

    def replica_for(self, sender: str) -> str:
        """Returns the base URL of the Rasa replica that owns this conversation."""
        return self.replicas_for(sender)[0]

    def is_down(self, url: str) -> bool:
        """Whether this replica refused a connection less than `cooldown_seconds` ago."""
        return self._down_until.get(url, 0.0) > self._monotonic()

    def _candidates(self, sender: str) -> list[str]:
        ordered = self.replicas_for(sender)
        up = [url for url in ordered if not self.is_down(url)]
        return up or ordered  # all marked down: try them all anyway

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[OutgoingMessage]:
        """Sends one turn to Rasa.

        Args:
            sender: the conversation id, e.g. `web:100001:3f1c...`.
            text: what the person typed, or a button's payload.
            metadata: stored on Rasa's `UserUttered` event (the actions read the token from it).

        Returns:
            Rasa's replies, possibly none.

        Raises:
            RasaUnavailable: Rasa refused the connection, was too slow or answered nonsense.
        """
        lock = self._in_order.setdefault(sender, asyncio.Lock())
        self._queued[sender] += 1
        try:
            async with lock:
                return await self._send_now(sender, text, metadata)
        finally:
            self._queued[sender] -= 1
            if not self._queued[sender]:
                del self._queued[sender]
                self._in_order.pop(sender, None)

    async def _send_now(
        self, sender: str, text: str, metadata: dict[str, Any]
    ) -> list[OutgoingMessage]:
        turn_id = correlation_id.get()
        if turn_id:  # carried through Rasa to the actions, and by them to the API
            metadata = {**metadata, "correlation_id": turn_id}
        body = {"sender": sender, "message": text, "metadata": metadata}
        for base in self._candidates(sender):
            started = time.perf_counter()
            try:
                messages = await self._send_to(base, body)
            except httpx.ConnectError:
                self._metrics.observe_rasa(base, "refused", started)
                self._metrics.reroutes.labels(base).inc()
                self._down_until[base] = self._monotonic() + self._cooldown_seconds
                logger.warning("Rasa replica %s refused the connection; re-routing", base)
                continue
            except RasaUnavailable:
                self._metrics.observe_rasa(base, "failed", started)
                raise
            self._metrics.observe_rasa(base, "answered", started)
            return messages
        raise RasaUnavailable("Rasa could not be reached")

    async def _send_to(self, base: str, body: dict[str, Any]) -> list[OutgoingMessage]:
        url = base + WEBHOOK_PATH
        try:
            async with asyncio.timeout(self._timeout_seconds):
                response = await self._client.post(url, json=body, timeout=self._timeout_seconds)
            self._down_until.pop(base, None)
        except httpx.ConnectError:
            raise
        except TimeoutError as error:
            logger.warning("Rasa took longer than %ss for %s", self._timeout_seconds, url)
            raise RasaUnavailable("Rasa timed out") from error
        except httpx.HTTPError as error:
            logger.warning("Rasa could not be reached at %s: %s", url, type(error).__name__)
            raise RasaUnavailable("Rasa could not be reached") from error
        if response.status_code != httpx.codes.OK:
            logger.error("Rasa answered HTTP %s at %s", response.status_code, url)
            raise RasaUnavailable(f"Rasa answered HTTP {response.status_code}")
        try:
            payload = response.json()
        except ValueError as error:
            raise RasaUnavailable("Rasa answered something that is not JSON") from error
        if not isinstance(payload, list):
            raise RasaUnavailable("Rasa answered JSON that is not a list")
        messages = to_neutral(payload)
        if not messages:
            self._metrics.no_answer.inc()
            logger.warning("Rasa answered a turn with no message at %s", url)
            return [OutgoingMessage(text=NO_ANSWER)]
        return messages

    async def events(self, sender: str) -> list[Any]:
        """Reads one conversation's events since its last restart, from the replica that owns it.

        Args:
            sender: the conversation id, as `send` was given it.

        Returns:
            The tracker's events, oldest first (none for a conversation never started).

        Raises:
            RasaUnavailable: Rasa refused the connection, the token or answered nonsense.
        """
        url = f"{self.replica_for(sender)}/conversations/{quote(sender, safe=':')}/tracker"
        params = {"token": self._token, "include_events": "AFTER_RESTART"}
        try:
            response = await self._client.get(url, params=params, timeout=self._timeout_seconds)
        except httpx.HTTPError as error:
            logger.warning("Rasa could not be reached at %s: %s", url, type(error).__name__)
            raise RasaUnavailable("Rasa could not be reached") from error
        if response.status_code != httpx.codes.OK:
            logger.error("Rasa answered HTTP %s reading a conversation", response.status_code)
            raise RasaUnavailable(f"Rasa answered HTTP {response.status_code}")
        try:
            payload = response.json()
        except ValueError as error:
            raise RasaUnavailable("Rasa answered something that is not JSON") from error
        events = payload.get("events") if isinstance(payload, dict) else None
        if events is None:
            return []
        if not isinstance(events, list):
            raise RasaUnavailable("Rasa answered a tracker whose events are not a list")
        return events
