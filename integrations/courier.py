"""Proactive messages (a manager's decision, later a service-desk reply) delivered to the
channel the person used last.

The API keeps the outbox (`notifications`). The courier of each gateway process claims a batch
with a lease (`claimed_until`), so two processes never deliver the same message; delivers each
through its channel's `Deliverer`; and marks it delivered, or releases it for the next claim
when delivery failed. A process that dies mid-delivery lets the lease run out, and another
process delivers the message: at least once, never twice while the lease holds.

Web chats are only reachable on the process that holds their event stream, so each claim names
the people with a web chat open here (`web_present`); the others wait for their own process.
"""

import asyncio
import logging
from typing import Protocol

from integrations.api_client import ApiClient, Claimed
from integrations.errors import GatewayError

logger = logging.getLogger(__name__)


class Deliverer(Protocol):
    """One channel's way of pushing a message to a person outside a conversation."""

    async def deliver(self, note: Claimed) -> bool:
        """Sends `note.text` to the person at `note.address`; False if it did not arrive."""
        ...


class WebPresence(Protocol):
    """Who has a web chat open on this process."""

    def present(self) -> list[str]:
        """Their staff numbers."""
        ...


class Courier:
    """Claims notifications from the API's outbox and delivers them."""

    def __init__(
        self,
        api: ApiClient,
        web: WebPresence,
        *,
        interval_seconds: float,
        lease_seconds: int = 30,
        batch: int = 50,
    ) -> None:
        """Builds the courier (no channels yet: `add` them).

        Args:
            api: the API client (outbox).
            web: who has a web chat open on this process.
            interval_seconds: the pause between claims when there was nothing to deliver.
            lease_seconds: how long a claim keeps other processes off a notification.
            batch: the most notifications claimed at once.
        """
        self._api = api
        self._web = web
        self._interval = interval_seconds
        self._lease = lease_seconds
        self._batch = batch
        self._deliverers: dict[str, Deliverer] = {}

    def add(self, channel: str, deliverer: Deliverer) -> None:
        """Delivers this channel's notifications with `deliverer`."""
        self._deliverers[channel] = deliverer

    async def run_once(self) -> int:
        """Claims one batch and delivers it; returns how many were delivered.

        Raises:
            ApiUnavailable: the API could not be reached for the claim.
        """
        claimed = await self._api.claim(self._web.present(), self._batch, self._lease)
        delivered = 0
        for note in claimed:
            if await self._deliver(note):
                delivered += 1
        return delivered

    async def run(self) -> None:
        """Delivers until cancelled, pausing between claims when the outbox is empty."""
        while True:
            try:
                delivered = await self.run_once()
            except GatewayError as error:
                logger.warning("The outbox could not be read: %s", error)
                delivered = 0
            if delivered == 0:
                await asyncio.sleep(self._interval)

    async def _deliver(self, note: Claimed) -> bool:
        deliverer = self._deliverers.get(note.channel)
        arrived = False
        if deliverer is None:
            logger.warning(
                "No way to deliver to channel %s (notification %s)", note.channel, note.id
            )
        else:
            try:
                arrived = await deliverer.deliver(note)
            except Exception:  # a channel's failure must not stop the others' deliveries
                logger.exception(
                    "Delivering notification %s through %s failed", note.id, note.channel
                )
        try:
            if arrived:
                await self._api.delivered(note.id, note.channel)
            else:
                await self._api.release(note.id)
        except GatewayError as error:
            logger.warning("Notification %s: the outbox was not updated: %s", note.id, error)
        return arrived
