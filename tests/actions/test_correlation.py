"""The turn's correlation id reaches the API from the actions (actions/_correlation.py)."""

from __future__ import annotations

from typing import Any

import httpx
from rasa_sdk.executor import ActionExecutor

from actions import _correlation
from actions._correlation import correlation_id, send_correlation_id


def call(metadata: dict[str, Any]) -> dict[str, Any]:
    return {
        "next_action": "action_remember",
        "sender_id": "web:100001:s1",
        "tracker": {
            "sender_id": "web:100001:s1",
            "slots": {},
            "latest_message": {"text": "hi", "intent": {}, "entities": [], "metadata": metadata},
            "events": [],
            "active_loop": {},
        },
        "domain": {},
        "version": "3.6.21",
    }


async def test_each_action_call_keeps_its_own_turns_id(monkeypatch):
    """rasa-sdk's executor runs with the call's id set, and it is cleared afterwards.

    (No Action subclass here: rasa-sdk registers every subclass it can see, and the action
    server's own test checks that it serves the domain's actions and no other.)
    """
    seen: list[str | None] = []

    async def sdk_run(self: Any, action_call: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        seen.append(correlation_id.get())

    monkeypatch.setattr(_correlation, "_sdk_run", sdk_run)
    executor = ActionExecutor()

    await executor.run(call({"correlation_id": "turn-1", "token": "t"}))
    await executor.run(call({}))

    assert ActionExecutor.run is _correlation._run
    assert seen == ["turn-1", None]
    assert correlation_id.get() is None


async def test_the_api_client_sends_the_id_when_there_is_one():
    request = httpx.Request("GET", "http://api.test/v1/me")
    await send_correlation_id(request)
    assert "X-Correlation-ID" not in request.headers

    token = correlation_id.set("turn-2")
    try:
        await send_correlation_id(request)
    finally:
        correlation_id.reset(token)
    assert request.headers["X-Correlation-ID"] == "turn-2"
