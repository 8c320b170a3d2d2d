"""One correlation id per turn, from the gateway through Rasa to the API, and JSON logs.

The gateway puts `correlation_id` in the message metadata; Rasa passes the tracker (latest
message and its metadata) with every action call. `install()` makes rasa-sdk's executor keep
that id for the call (a context variable: each call runs in its own task), and the API client
sends it as `X-Correlation-ID`. With `LOG_FORMAT=json` every log line is one JSON object
carrying it.
"""

from __future__ import annotations

import json
import logging
import os
from contextvars import ContextVar
from typing import Any

import httpx
from rasa_sdk.executor import ActionExecutor

from actions._metrics import timed

CORRELATION_HEADER = "X-Correlation-ID"
correlation_id: ContextVar[str | None] = ContextVar("actions_correlation_id", default=None)

_sdk_run = ActionExecutor.run


def id_of(action_call: dict[str, Any]) -> str | None:
    """The correlation id in an action call's latest message metadata, if any."""
    latest = (action_call.get("tracker") or {}).get("latest_message") or {}
    metadata = latest.get("metadata") or {}
    value = metadata.get("correlation_id") if isinstance(metadata, dict) else None
    return value[:64] if isinstance(value, str) and value else None


async def _run(self: ActionExecutor, action_call: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
    token = correlation_id.set(id_of(action_call))
    try:
        return await timed(action_call, lambda: _sdk_run(self, action_call, *args, **kwargs))
    finally:
        correlation_id.reset(token)


async def send_correlation_id(request: httpx.Request) -> None:
    """httpx request hook: add this turn's id."""
    turn_id = correlation_id.get()
    if turn_id:
        request.headers[CORRELATION_HEADER] = turn_id


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, correlation id."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as JSON."""
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "correlation_id": correlation_id.get(),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line)


def install() -> None:
    """Keep each action call's id (idempotent); JSON logs when `LOG_FORMAT=json`."""
    ActionExecutor.run = _run
    if os.environ.get("LOG_FORMAT", "").strip() == "json":
        root = logging.getLogger()
        if not root.handlers:
            root.addHandler(logging.StreamHandler())
        for handler in root.handlers:
            handler.setFormatter(JsonFormatter())
