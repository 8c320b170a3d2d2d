"""The action server's own metrics (actions/_metrics.py): each action call and each API call,
by outcome, served at `GET /metrics`."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection
from sanic import Sanic

from actions import _metrics
from actions.api_client import ApiClient, ApiUnavailable


def count(name: str, **labels: str) -> float:
    return _metrics.REGISTRY.get_sample_value(f"{name}_count", labels) or 0.0


async def test_each_action_call_is_timed_by_action_and_outcome():
    before_ok = count("ask_action_seconds", action="action_probe", outcome="ok")
    before_rejected = count("ask_action_seconds", action="action_probe", outcome="rejected")

    async def fine() -> dict[str, Any]:
        return {"events": []}

    async def rejected() -> None:
        raise ActionExecutionRejection("action_probe")

    await _metrics.timed({"next_action": "action_probe"}, fine)
    with pytest.raises(ActionExecutionRejection):
        await _metrics.timed({"next_action": "action_probe"}, rejected)

    assert count("ask_action_seconds", action="action_probe", outcome="ok") == before_ok + 1
    assert (
        count("ask_action_seconds", action="action_probe", outcome="rejected")
        == before_rejected + 1
    )


async def test_api_calls_are_timed_by_outcome():
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503 if request.url.path.endswith("balance") else 200, json={})

    before = count("ask_action_api_seconds", outcome="unavailable")
    client = ApiClient("http://api.test", transport=httpx.MockTransport(answer))
    with pytest.raises(ApiUnavailable):
        await client.leave_balance("token")
    await client.aclose()

    assert count("ask_action_api_seconds", outcome="unavailable") == before + 1


async def test_the_action_servers_app_serves_metrics(monkeypatch):
    import rasa_sdk.endpoint as sdk_endpoint

    monkeypatch.setattr(Sanic, "test_mode", True)
    _metrics.install()
    app = sdk_endpoint.create_app_for_serve(ActionExecutor(), cors_origins="*")

    paths = {route.path for route in app.router.routes}
    served = await _metrics._serve_metrics(None)

    assert "metrics" in paths
    assert b"ask_action_seconds" in served.body
