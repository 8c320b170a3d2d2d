"""The one client that posts to Rasa (the REST channel), for every channel adapter."""

import asyncio
import hashlib
import logging
from typing import Any
from urllib.parse import quote

import httpx

from integrations.errors import RasaUnavailable
from integrations.messages import OutgoingMessage, to_neutral

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"


class RasaGateway:
    """Posts a person's message to Rasa and returns Rasa's replies as neutral messages.

    With several Rasa replicas, every message of one conversation goes to the same replica
    (rendezvous hashing on the sender id), because Rasa OSS's lock store alone is not race-free
    across replicas.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        urls: list[str],
        timeout_seconds: float,
        *,
        token: str = "",
    ) -> None:
        """Builds the client.

        Args:
            client: a shared HTTP client (connections are reused between turns).
            urls: base URLs of the Rasa replicas; at least one.
            timeout_seconds: the most a whole turn may take before Rasa counts as unavailable.
            token: the token of Rasa's HTTP API (`RASA_TOKEN`), for reading conversations.
        """
        if not urls:
            raise ValueError("at least one Rasa URL is needed")
        self._client = client
        self._urls = urls
        self._timeout_seconds = timeout_seconds
        self._token = token

    def replica_for(self, sender: str) -> str:
        """Returns the base URL of the Rasa replica that owns this conversation."""
        if len(self._urls) == 1:
            return self._urls[0]
        return max(self._urls, key=lambda url: hashlib.sha256(f"{url}|{sender}".encode()).digest())

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
        url = self.replica_for(sender) + WEBHOOK_PATH
        body = {"sender": sender, "message": text, "metadata": metadata}
        try:
            async with asyncio.timeout(self._timeout_seconds):
                response = await self._client.post(url, json=body, timeout=self._timeout_seconds)
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
        return to_neutral(payload)

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
