"""Metrics, correlation ids and JSON logs of the gateway (and of the event recorder's metrics).

- `GET /metrics`: `ask_gateway_requests_total` / `ask_gateway_request_seconds` by route;
  `ask_gateway_rasa_seconds` (the gateway -> Rasa hop, by replica),
  `ask_gateway_rasa_reroutes_total` (a replica refused: the turn went to the next one) and
  `ask_gateway_no_answer_total` (Rasa answered with nothing).
- Every incoming request gets a correlation id (`X-Correlation-ID` if the caller sent one),
  echoed on the response, on every log line, and passed to Rasa in the message metadata
  (`correlation_id`), whence the actions send it to the API.
- `LOG_FORMAT=json` writes one JSON object per log line.
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
correlation_id: ContextVar[str | None] = ContextVar("gateway_correlation_id", default=None)
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20)


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
    """Send the root and uvicorn loggers' lines as JSON."""
    formatter = JsonFormatter()
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    for name in ("", "uvicorn", "uvicorn.error", "uvicorn.access"):
        for handler in logging.getLogger(name).handlers:
            handler.setFormatter(formatter)


class GatewayMetrics:
    """The gateway's Prometheus series, in their own registry (one per app)."""

    def __init__(self) -> None:
        """Create the series."""
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "ask_gateway_requests_total",
            "Gateway requests by method, route and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "ask_gateway_request_seconds",
            "Gateway request latency by method and route",
            ["method", "route"],
            registry=self.registry,
            buckets=LATENCY_BUCKETS,
        )
        self.rasa_seconds = Histogram(
            "ask_gateway_rasa_seconds",
            "One turn's round trip to Rasa, by replica and outcome",
            ["replica", "outcome"],
            registry=self.registry,
            buckets=LATENCY_BUCKETS,
        )
        self.reroutes = Counter(
            "ask_gateway_rasa_reroutes_total",
            "Turns sent to another replica because theirs refused the connection",
            ["replica"],
            registry=self.registry,
        )
        self.no_answer = Counter(
            "ask_gateway_no_answer_total",
            "Turns Rasa answered with no message",
            registry=self.registry,
        )

    def observe_rasa(self, replica: str, outcome: str, started: float) -> None:
        """Record one call to a Rasa replica."""
        self.rasa_seconds.labels(replica, outcome).observe(time.perf_counter() - started)


def install_observability(app: FastAPI, metrics: GatewayMetrics, *, json_logs: bool) -> None:
    """Add `/metrics`, the correlation id and (optionally) JSON logs to the gateway app."""
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
            template = getattr(request.scope.get("route"), "path", "unmatched")
            if template != "/metrics":
                metrics.requests.labels(request.method, template, str(status)).inc()
                metrics.request_seconds.labels(request.method, template).observe(
                    time.perf_counter() - started
                )
            correlation_id.reset(token)

    @app.get("/metrics", include_in_schema=False)
    async def metrics_page() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
