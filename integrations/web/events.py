"""Proactive messages for open web chats: a per-process hub of event streams.

`GET /web/events` holds a server-sent-event stream open for the signed-in person; the courier
asks the hub who is present and hands it their notifications. A person may have several tabs
open: each gets every message.
"""

import asyncio
import json
from collections.abc import AsyncIterator

from integrations.api_client import Claimed
from integrations.messages import OutgoingMessage

HEARTBEAT_SECONDS = 15.0
"""A comment line this often keeps proxies from closing a quiet stream."""


class WebHub:
    """The web chats open on this process, by staff number."""

    def __init__(self) -> None:
        """Starts with nobody present."""
        self._queues: dict[str, set[asyncio.Queue[OutgoingMessage]]] = {}

    def present(self) -> list[str]:
        """Staff numbers with at least one web chat open here."""
        return sorted(self._queues)

    async def deliver(self, note: Claimed) -> bool:
        """Queues the message for every open chat of that person; False if they have none."""
        queues = self._queues.get(note.staff_number)
        if not queues:
            return False
        for queue in queues:
            queue.put_nowait(OutgoingMessage(text=note.text))
        return True

    async def stream(self, staff_number: str, max_seconds: float) -> AsyncIterator[str]:
        """Server-sent events for one open chat: `event: message` with a JSON message as data.

        Ends after `max_seconds` (the browser reconnects, and the sign-in is checked again).
        """
        queue: asyncio.Queue[OutgoingMessage] = asyncio.Queue()
        self._queues.setdefault(staff_number, set()).add(queue)
        loop = asyncio.get_running_loop()
        ends_at = loop.time() + max_seconds
        try:
            yield "retry: 3000\n\n"
            while (left := ends_at - loop.time()) > 0:
                try:
                    message = await asyncio.wait_for(queue.get(), min(left, HEARTBEAT_SECONDS))
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                yield f"event: message\ndata: {json.dumps(message.model_dump())}\n\n"
            while not queue.empty():  # delivered while the stream was ending: still shown
                yield f"event: message\ndata: {json.dumps(queue.get_nowait().model_dump())}\n\n"
        finally:
            queues = self._queues.get(staff_number, set())
            queues.discard(queue)
            if not queues:
                self._queues.pop(staff_number, None)
