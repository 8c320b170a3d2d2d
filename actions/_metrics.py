"""Prometheus metrics of the action server, at its own `GET /metrics`.

`ask_action_seconds{action, outcome}`: how long each action call took on the action server
(the hop Rasa -> actions, without the network), by action and by how it ended: `ok`,
`rejected` (a form's validation refused the slot), `unknown` (no such action) or `error`.
`ask_action_api_seconds{outcome}`: each call the actions made to the API (`ok`, `refused`
for a 4xx answer, `unavailable` for no answer in time or a 5xx).

rasa-sdk builds its Sanic app in `rasa_sdk.endpoint.create_app_for_serve` after the actions
package is imported; `install()` wraps that function so the app it returns also serves
`/metrics`. Counting happens in the same process that serves the calls.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import rasa_sdk.endpoint as sdk_endpoint
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

REGISTRY = CollectorRegistry()
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
ACTION_SECONDS = Histogram(
    "ask_action_seconds",
    "One action call on the action server, by action and outcome",
    ["action", "outcome"],
    registry=REGISTRY,
    buckets=BUCKETS,
)
API_SECONDS = Histogram(
    "ask_action_api_seconds",
    "One call from the actions to the API, by outcome",
    ["outcome"],
    registry=REGISTRY,
    buckets=BUCKETS,
)


async def timed(action_call: dict[str, Any], run: Callable[[], Awaitable[Any]]) -> Any:
    """Run one action call, observing how long it took and how it ended."""
    name = str(action_call.get("next_action") or "unknown")[:100]
    started = time.perf_counter()
    outcome = "error"
    try:
        result = await run()
        outcome = "ok"
        return result
    except ActionExecutionRejection:
        outcome = "rejected"
        raise
    except ActionNotFoundException:
        outcome = "unknown"
        raise
    finally:
        ACTION_SECONDS.labels(name, outcome).observe(time.perf_counter() - started)


def api_call_started() -> float:
    """When an API call starts (a monotonic clock; pass it to `observe_api_call`)."""
    return time.perf_counter()


def observe_api_call(outcome: str, started: float) -> None:
    """Count one call to the API (`ok`, `refused` or `unavailable`) begun at `started`."""
    API_SECONDS.labels(outcome).observe(time.perf_counter() - started)


def exposition() -> bytes:
    """The metrics in Prometheus' text format."""
    return generate_latest(REGISTRY)


_sdk_create_app_for_serve = sdk_endpoint.create_app_for_serve


def _create_app_for_serve(*args: Any, **kwargs: Any) -> Any:
    app = _sdk_create_app_for_serve(*args, **kwargs)
    if "metrics" not in {route.name.rsplit(".", 1)[-1] for route in app.router.routes}:
        app.add_route(_serve_metrics, "/metrics", methods=["GET"], name="metrics")
    return app


async def _serve_metrics(_: Any) -> Any:
    from sanic import response

    return response.raw(exposition(), content_type=CONTENT_TYPE_LATEST)


def install() -> None:
    """Make rasa-sdk's app serve `/metrics` (idempotent)."""
    sdk_endpoint.create_app_for_serve = _create_app_for_serve
