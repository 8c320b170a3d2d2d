"""Call the action server over kept-alive connections instead of a new one for every action.

Rasa 3.6.21's `EndpointConfig.request` opens ``async with self.session()`` around each call: a
new `aiohttp.ClientSession`, so a new TCP connection (and its teardown) for every custom action
Rasa runs, on Rasa's side and on the action server's. Here `session()` hands out one long-lived
session per endpoint configuration and event loop instead, with the same headers, basic auth
and default timeout; the per-request arguments (method, JSON body, per-call timeout,
compression) are untouched, so every call still behaves as Rasa wrote it.

Idle connections are dropped by the client after `IDLE_SECONDS`, well before any server would
close them (the action server's Sanic keeps idle connections for 120 s), so a call never goes
out on a connection the server is closing.

`install()` also bounds each action call by `ACTION_TIMEOUT_SECONDS` (default 10) instead of
Rasa's 5 minutes: the call must end well inside the conversation's lock lifetime
(`TICKET_LOCK_LIFETIME`, Rasa's default 60 s), or the person's next message could be
processed while this turn still runs. The actions' own API calls give up sooner
(`API_TIMEOUT_SECONDS`, 5) and say so.

When it can go: when Rasa's `EndpointConfig` keeps one `aiohttp.ClientSession` itself (its
`session()` no longer builds a new one per request); `tests/bot/test_action_http.py` counts
the connections three calls use and would then pass with this patch removed. The timeout
stays while Rasa's default request timeout outlives its lock.
"""

from __future__ import annotations

import asyncio
import json
import os
from types import TracebackType
from typing import Any

import aiohttp
import rasa.core.actions.action as rasa_action
from rasa.core.constants import DEFAULT_LOCK_LIFETIME, DEFAULT_REQUEST_TIMEOUT
from rasa.utils.endpoints import EndpointConfig

IDLE_SECONDS = 4.0
CONNECTIONS = 100
DEFAULT_ACTION_TIMEOUT_SECONDS = 10.0


def action_timeout_seconds() -> float:
    """How long Rasa waits for one action call (`ACTION_TIMEOUT_SECONDS`), below the lock's life.

    Raises:
        ValueError: when it is not below `TICKET_LOCK_LIFETIME`.
    """
    raw = os.environ.get("ACTION_TIMEOUT_SECONDS", "").strip()
    seconds = float(raw) if raw else DEFAULT_ACTION_TIMEOUT_SECONDS
    lifetime = int(os.environ.get("TICKET_LOCK_LIFETIME", 0) or 0) or DEFAULT_LOCK_LIFETIME
    if not 0 < seconds < lifetime:
        raise ValueError(
            f"ACTION_TIMEOUT_SECONDS ({seconds:g}) must be above 0 and below the lock lifetime "
            f"TICKET_LOCK_LIFETIME ({lifetime} s)"
        )
    return seconds


_sessions: dict[tuple[int, str], aiohttp.ClientSession] = {}


class _Borrowed:
    """`async with` support that lends the shared session without closing it afterwards."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        return None


def _key(endpoint: EndpointConfig, loop: asyncio.AbstractEventLoop) -> tuple[int, str]:
    identity = json.dumps([endpoint.headers, endpoint.basic_auth], sort_keys=True, default=str)
    return id(loop), identity


def shared_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """The kept-alive session for this endpoint's headers and auth on the running loop."""
    loop = asyncio.get_running_loop()
    key = _key(endpoint, loop)
    session = _sessions.get(key)
    if session is None or session.closed:
        auth = None
        if endpoint.basic_auth:
            auth = aiohttp.BasicAuth(
                endpoint.basic_auth["username"], endpoint.basic_auth["password"]
            )
        session = aiohttp.ClientSession(
            headers=endpoint.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(limit=CONNECTIONS, keepalive_timeout=IDLE_SECONDS),
        )
        _sessions[key] = session
    return session


def _session(self: EndpointConfig) -> Any:
    """Replacement for `EndpointConfig.session`, only ever used by Rasa as ``async with``."""
    return _Borrowed(shared_session(self))


def install() -> None:
    """Make Rasa's endpoint requests reuse connections, and bound action calls (idempotent)."""
    EndpointConfig.session = _session  # type: ignore[method-assign]
    rasa_action.DEFAULT_REQUEST_TIMEOUT = action_timeout_seconds()  # type: ignore[attr-defined]
