"""The API's metrics (GET /metrics), correlation ids and JSON logs (api/core/observability.py)."""

from __future__ import annotations

import json
import logging

import httpx

from api.core.observability import JsonFormatter, correlation_id
from tests.api.conftest import sign_in


async def test_requests_are_counted_and_timed_by_route_template(client: httpx.AsyncClient) -> None:
    headers = await sign_in(client, "100001")
    await client.get("/v1/me/leave/balance", headers=headers)
    await client.post("/v1/me/leave/requests/99999/cancel", headers=headers)

    metrics = (await client.get("/metrics")).text

    assert (
        'ask_api_requests_total{method="GET",route="/v1/me/leave/balance",status="200"} 1.0'
        in metrics
    )
    assert 'route="/v1/me/leave/requests/{request_id}/cancel",status="404"' in metrics
    assert "ask_api_request_seconds_bucket" in metrics
    assert "requests/99999" not in metrics  # the route template, not the path


async def test_the_correlation_id_is_kept_or_made_and_echoed(client: httpx.AsyncClient) -> None:
    given = await client.get("/health", headers={"X-Correlation-ID": "turn-42"})
    made = await client.get("/health")

    assert given.headers["X-Correlation-ID"] == "turn-42"
    assert len(made.headers["X-Correlation-ID"]) == 32


def test_a_json_log_line_carries_the_correlation_id() -> None:
    token = correlation_id.set("turn-7")
    try:
        record = logging.LogRecord("api", logging.WARNING, __file__, 1, "slow %s", ("db",), None)
        line = json.loads(JsonFormatter().format(record))
    finally:
        correlation_id.reset(token)

    assert line["message"] == "slow db" and line["level"] == "WARNING"
    assert line["correlation_id"] == "turn-7"
