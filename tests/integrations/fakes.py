"""Fakes of the gateway's upstreams: small ASGI apps, not mocks."""

import asyncio
import json
from typing import Any
from urllib.parse import unquote

from starlette.types import Receive, Scope, Send

DEFAULT_REPLY: list[dict[str, Any]] = [
    {
        "recipient_id": "ignored",
        "text": "Do you want to book annual leave on Friday 4 December 2026?",
        "buttons": [
            {"title": "Yes", "payload": "/affirm"},
            {"title": "No", "payload": "/deny"},
        ],
    }
]


class FakeRasa:
    """Poses as Rasa's REST channel: records every body it receives and answers `reply`.

    `GET /conversations/{sender}/tracker` answers `{"events": events[sender]}` (none for an
    unknown sender), and records the query it was asked with in `tracker_queries`.
    """

    def __init__(
        self, reply: list[Any] | None = None, *, status_code: int = 200, hang: bool = False
    ) -> None:
        self.reply = DEFAULT_REPLY if reply is None else reply
        self.status_code = status_code
        self.hang = hang
        self.received: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.events: dict[str, list[dict[str, Any]]] = {}
        self.tracker_queries: list[tuple[str, str]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        if scope["method"] == "GET" and scope["path"].startswith("/conversations/"):
            await self._tracker(scope, send)
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        self.paths.append(scope["path"])
        self.received.append(json.loads(body))
        if self.hang:
            await asyncio.Event().wait()
        payload = json.dumps(self.reply).encode()
        await send(
            {
                "type": "http.response.start",
                "status": self.status_code,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": payload})

    async def _tracker(self, scope: Scope, send: Send) -> None:
        sender = unquote(scope["path"].removeprefix("/conversations/").removesuffix("/tracker"))
        self.tracker_queries.append((sender, scope["query_string"].decode()))
        status = self.status_code
        payload = json.dumps({"sender_id": sender, "events": self.events.get(sender, [])})
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": payload.encode()})


class CountingApp:
    """Wraps an ASGI app and records the method and path of every HTTP request it serves."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.calls: list[tuple[str, str]] = []

    def count(self, method: str, path: str) -> int:
        return sum(1 for call in self.calls if call == (method, path))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.calls.append((scope["method"], scope["path"]))
        await self.app(scope, receive, send)


class FailingAfter:
    """Wraps an ASGI app; answers 503 to requests whose path ends with `suffix` after `allowed`."""

    def __init__(self, app: Any, suffix: str, allowed: int) -> None:
        self.app = app
        self.suffix = suffix
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].endswith(self.suffix):
            if self.allowed <= 0:
                await send({"type": "http.response.start", "status": 503, "headers": []})
                await send({"type": "http.response.body", "body": b""})
                return
            self.allowed -= 1
        await self.app(scope, receive, send)
