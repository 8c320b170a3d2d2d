"""A fake of Slack's Web API (`https://slack.com/api/<method>`), as bolt's client calls it.

It knows a few users (id → work email), opens DM channels `D<user id>`, and records every
message the bot posts, updates or posts ephemerally, in order.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

BOT_USER = "UASSISTANT"
TEAM = "T0DEPT"


@dataclass
class Posted:
    """One call the bot made: `chat.postMessage`, `chat.postEphemeral` or `chat.update`."""

    method: str
    channel: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None
    user: str | None
    ts: str
    metadata: dict[str, Any] | None = None

    @property
    def proactive(self) -> bool:
        """Whether the bot posted it by itself (message metadata), not as a turn's reply."""
        return self.metadata is not None

    @property
    def buttons(self) -> list[dict[str, str]]:
        """The buttons (or select options) offered, as `{"title", "payload"}`."""
        found = []
        for block in self.blocks:
            accessory = block.get("accessory") or {}
            if block.get("type") == "section" and accessory.get("type") == "button":
                # a long choice: its words on the line, a button beside them
                title = html.unescape(block["text"]["text"])
                found.append({"title": title, "payload": accessory["value"]})
            for element in block.get("elements", []) if block.get("type") == "actions" else []:
                if element.get("type") == "button":
                    found.append({"title": element["text"]["text"], "payload": element["value"]})
                for option in element.get("options", []):
                    found.append({"title": option["text"]["text"], "payload": option["value"]})
        return found


@dataclass
class FakeSlack:
    """The fake Web API. `users` maps Slack user ids to the email their profile shows."""

    users: dict[str, str] = field(default_factory=dict)
    posted: list[Posted] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    _ts: itertools.count = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def app(self) -> Starlette:
        """The ASGI app answering `POST|GET /api/<method>`."""
        return Starlette(
            routes=[
                Route("/api/{method}", self._call, methods=["GET", "POST"]),
                Route("/_recorded", self._recorded),
            ]
        )

    def to(self, channel: str) -> list[Posted]:
        """What the bot sent to one channel, in order."""
        with self._lock:
            return [p for p in self.posted if p.channel == channel]

    def clear(self) -> None:
        """Forgets what was posted (between tests)."""
        with self._lock:
            self.posted.clear()
            self.calls.clear()

    async def _recorded(self, request: Request) -> JSONResponse:
        posts = self.to(request.query_params.get("channel", ""))
        return JSONResponse(
            [
                {"text": html.unescape(p.text), "buttons": p.buttons}
                for p in posts
                if p.method == "chat.postMessage"
            ]
        )

    async def _call(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        args = await _arguments(request)
        with self._lock:
            self.calls.append(method)
            return JSONResponse(self._answer(method, args))

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": "BASSISTANT", "team_id": TEAM}
        if method == "users.info":
            email = self.users.get(str(args.get("user")))
            if email is None:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": {"id": args["user"], "profile": {"email": email}}}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{args.get('users')}"}}
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            ts = str(args.get("ts") or f"{1_800_000_000 + next(self._ts)}.000100")
            blocks = args.get("blocks") or []
            if isinstance(blocks, str):
                blocks = json.loads(blocks)
            self.posted.append(
                Posted(
                    method=method,
                    channel=str(args.get("channel")),
                    text=str(args.get("text") or ""),
                    blocks=blocks,
                    thread_ts=args.get("thread_ts"),
                    user=args.get("user"),
                    ts=ts,
                    metadata=_json_argument(args.get("metadata")),
                )
            )
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message_ts": ts}
        return {"ok": False, "error": "unknown_method"}


def _json_argument(value: Any) -> dict[str, Any] | None:
    """A JSON argument, sent as an object or (form-encoded) as a string."""
    if isinstance(value, str):
        value = json.loads(value)
    return dict(value) if isinstance(value, dict) else None


async def _arguments(request: Request) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query_params)
    body = await request.body()
    if not body:
        return args
    if request.headers.get("content-type", "").startswith("application/json"):
        args.update(json.loads(body))
    else:
        args.update(dict(parse_qsl(body.decode())))
    return args


def signed_headers(secret: str, body: str, *, at: float | None = None) -> dict[str, str]:
    """Headers Slack sends with a request: a timestamp and `v0=` HMAC-SHA256 over both."""
    timestamp = str(int(time.time() if at is None else at))
    base = f"v0:{timestamp}:{body}".encode()
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


def message_event(
    user: str,
    text: str,
    *,
    event_id: str,
    channel: str | None = None,
    thread_ts: str | None = None,
    ts: str = "1800000000.000001",
) -> dict[str, Any]:
    """An Events API envelope of a direct message from `user`."""
    event: dict[str, Any] = {
        "type": "message",
        "channel_type": "im",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel or f"D{user}",
        "team": TEAM,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return _envelope(event, event_id)


def mention_event(
    user: str, text: str, *, event_id: str, channel: str = "CGENERAL", ts: str = "1800000000.000002"
) -> dict[str, Any]:
    """An Events API envelope of an @mention of the bot in a channel."""
    event = {
        "type": "app_mention",
        "user": user,
        "text": f"<@{BOT_USER}> {text}",
        "ts": ts,
        "channel": channel,
        "team": TEAM,
    }
    return _envelope(event, event_id)


def button_click(user: str, message: Posted, payload: str) -> dict[str, Any]:
    """The interactivity payload of clicking the bot's button (or select option) `payload`."""
    for block in message.blocks:
        elements = block.get("elements", []) if block.get("type") == "actions" else []
        if block.get("type") == "section" and block.get("accessory"):
            elements = [block["accessory"]]
        for element in elements:
            if element.get("type") == "button" and element["value"] == payload:
                action = {
                    "type": "button",
                    "action_id": element["action_id"],
                    "block_id": block.get("block_id", "b1"),
                    "text": element["text"],
                    "value": payload,
                    "action_ts": f"{time.time():.6f}",
                }
                break
            options = [o for o in element.get("options", []) if o["value"] == payload]
            if options:
                action = {
                    "type": "static_select",
                    "action_id": element["action_id"],
                    "block_id": block.get("block_id", "b1"),
                    "selected_option": options[0],
                    "action_ts": f"{time.time():.6f}",
                }
                break
        else:
            continue
        break
    else:
        raise ValueError(f"the message offers no choice with payload {payload!r}")
    return {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": user},
        "api_app_id": "AASSISTANT",
        "trigger_id": f"trigger-{time.time_ns()}",
        "channel": {"id": message.channel},
        "container": {"type": "message", "message_ts": message.ts},
        "message": {
            "ts": message.ts,
            "text": message.text,
            "blocks": message.blocks,
            **({"thread_ts": message.thread_ts} if message.thread_ts else {}),
        },
        "actions": [action],
    }


def _envelope(event: dict[str, Any], event_id: str) -> dict[str, Any]:
    return {
        "token": "unused",
        "team_id": TEAM,
        "api_app_id": "AASSISTANT",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": event,
    }
