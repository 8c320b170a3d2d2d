"""Metrics, health and logs of the API: Prometheus at `GET /metrics`, JSON logs, one id per turn.

- Every request is counted and timed by method and route template (not the raw path, so ids
  don't explode the series): `ask_api_requests_total`, `ask_api_request_seconds`. Leave
  bookings are the `POST /v1/me/leave/requests` series with status 201.
- `X-Correlation-ID` (set by the gateway, carried through Rasa's message metadata and the
  actions) is kept for the request, put on every log line and echoed on the response; a
  request without one gets a fresh id.
- `LOG_FORMAT=json` (the scale-out profile's default) writes one JSON object per log line.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from contextvars import ContextVar

from fastapi import FastAPI, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

CORRELATION_HEADER = "X-Correlation-ID"
correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)


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


def use_json_logs() -> None:
    """Send the root, uvicorn and app loggers' lines as JSON to their handlers."""
    formatter = JsonFormatter()
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    for name in ("", "uvicorn", "uvicorn.error", "uvicorn.access"):
        for handler in logging.getLogger(name).handlers:
            handler.setFormatter(formatter)


def install_observability(app: FastAPI, *, json_logs: bool = False) -> None:
    """Add the metrics, the correlation id and (optionally) JSON logs to the app."""
    registry = CollectorRegistry()
    requests = Counter(
        "ask_api_requests_total",
        "API requests by method, route and status",
        ["method", "route", "status"],
        registry=registry,
    )
    seconds = Histogram(
        "ask_api_request_seconds",
        "API request latency by method and route",
        ["method", "route"],
        registry=registry,
        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    )
    app.state.metrics_registry = registry
    if json_logs:
        use_json_logs()

    @app.middleware("http")
    async def observe(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        given = request.headers.get(CORRELATION_HEADER, "")
        token = correlation_id.set(given[:64] if given else uuid.uuid4().hex)
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            response.headers[CORRELATION_HEADER] = correlation_id.get() or ""
            return response
        finally:
            route = request.scope.get("route")
            template = getattr(route, "path", "unmatched")
            if template != "/metrics":
                requests.labels(request.method, template, str(status)).inc()
                seconds.labels(request.method, template).observe(time.perf_counter() - started)
            correlation_id.reset(token)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
