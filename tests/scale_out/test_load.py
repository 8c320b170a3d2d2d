"""Nothing lost, nothing doubled on two Rasa replicas over PostgreSQL, Redis and RabbitMQ.

The run of tests/load.py (small in `make test`; 50 conversations of 20 messages, ten
double-clicking "Yes" on a booking, in `make test-load`), judged as on one Rasa process
(tests/e2e/test_load.py), and then: every event the trackers hold reaches the API through
RabbitMQ and the recorder, once, in order.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from scripts.stack import Stack
from tests import load
from tests.e2e.test_load import check_nothing_lost_or_doubled, run_through_gateway
from tests.scale_out.test_profile import tracker_rows


def rasa_events(stack: Stack, sender: str) -> list[dict[str, Any]]:
    """The whole tracker, from either replica (they share PostgreSQL)."""
    url = f"http://127.0.0.1:{stack.ports.rasa}/conversations/{sender}/tracker"
    params = {"token": stack.env["RASA_TOKEN"], "include_events": "ALL"}
    answer = httpx.get(url, params=params, timeout=30)
    answer.raise_for_status()
    events: list[dict[str, Any]] = answer.json()["events"]
    return events


def test_conversations_on_two_replicas_lose_nothing_and_book_nothing_twice(
    scale_out: Stack, tokens: dict[str, str]
) -> None:
    run = load.size()
    conversations = load.plan(time_today(), weeks_from=30, run=run)
    api = f"http://127.0.0.1:{scale_out.ports.api}"

    asyncio.run(run_through_gateway(scale_out, tokens, conversations, run.run_seconds))

    def requests_of(staff: str) -> list[dict[str, Any]]:
        headers = {"Authorization": f"Bearer {tokens[staff]}"}
        return httpx.get(f"{api}/v1/me/leave/requests", headers=headers).raise_for_status().json()

    def balance_of(staff: str, day: str) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {tokens[staff]}"}
        answer = httpx.get(f"{api}/v1/me/leave/balance", params={"on": day}, headers=headers)
        return answer.raise_for_status().json()

    check_nothing_lost_or_doubled(
        conversations,
        requests_of,
        balance_of,
        lambda c: rasa_events(scale_out, f"web:{c.staff}:{c.session}"),
    )
    # Every stored event reached the API through RabbitMQ, once and in order.
    headers = {"X-Events-Key": scale_out.env["EVENTS_API_KEY"]}
    deadline = time.monotonic() + 60
    missing: list[str] = []
    for conversation in conversations:
        sender = f"web:{conversation.staff}:{conversation.session}"
        stored = [row_id for row_id, _ in tracker_rows(scale_out, sender)]
        while True:
            answer = httpx.get(
                f"{api}/v1/conversation-events", params={"sender_id": sender}, headers=headers
            )
            recorded = [e["sequence"] for e in answer.raise_for_status().json()["events"]]
            if recorded == stored or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        if recorded != stored:
            missing.append(sender)
    assert missing == []


def time_today():  # type: ignore[no-untyped-def]
    """The scale-out profile runs on the real clock (it refuses a pinned one)."""
    from api.core.clock import system_clock

    return system_clock().today()
