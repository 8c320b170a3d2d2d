"""Bounded load on a running stack: many conversations at once, double submissions, order.

Used by tests/e2e/test_load.py (one Rasa process, the embedded profile) and
tests/scale_out/test_load.py (two Rasa replicas on PostgreSQL, Redis and RabbitMQ). Every
request goes to 127.0.0.1; every loop is bounded in count, and the whole run in time.

The run: `conversations` conversations of `messages` messages each, all at once;
`double_bookers` of them book one day of leave and press "Yes" twice within 100 ms (a double
click). Afterwards: every message got exactly one answer (a non-empty list of bot messages), no
booking was made twice, no balance is negative, and each conversation's tracker holds the
person's messages in the order they were sent, each answered before the next.

Two sizes (`LOAD_SIZE`): `make test` runs `SMALL`, which fits its time on a 2-core machine;
`make test-load` runs `FULL`, the issue's 50 conversations x 20 messages with ten double clicks.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import holidays
import httpx


@dataclass(frozen=True)
class Size:
    """How big a run is, and how long it may take in all."""

    conversations: int
    messages: int
    double_bookers: int
    run_seconds: float


SMALL = Size(conversations=12, messages=10, double_bookers=4, run_seconds=300)
FULL = Size(conversations=50, messages=20, double_bookers=10, run_seconds=900)


def size() -> Size:
    """`LOAD_SIZE=full` (make test-load) or the small run (make test)."""
    return FULL if os.environ.get("LOAD_SIZE", "small").strip().lower() == "full" else SMALL


CHEAP = [
    "how much leave have I got left?",
    "thank you",
    "when's the next bank holiday?",
    "hello",
]
BOOKERS = ["100001", "100002", "100003", "100005", "100006"]  # two bookings each
REGION = {"100001": "ENG", "100002": "WLS", "100003": "SCT", "100005": "ENG", "100006": "NIR"}
EVERYONE = ["100001", "100002", "100003", "100004", "100005", "100006", "100010"]


def spoken(day: dt.date) -> str:
    """A date as a person types it: "14 July 2027"."""
    return f"{day.day} {day:%B %Y}"


def booking_days(
    today: dt.date, weeks_from: int, double_bookers: int
) -> dict[int, tuple[str, dt.date]]:
    """(person, day) for each double-booking conversation: distinct Tuesdays, no bank holiday.

    Tuesdays, because Aisha works Monday to Wednesday. `weeks_from` keeps them clear of what
    other tests book.
    """
    chosen: dict[int, tuple[str, dt.date]] = {}
    week = weeks_from
    for index in range(double_bookers):
        staff = BOOKERS[index % len(BOOKERS)]
        while True:
            day = today + dt.timedelta(weeks=week, days=(1 - today.weekday()) % 7)
            week += 1
            closed = holidays.country_holidays("GB", subdiv=REGION[staff], years=day.year)
            if day not in closed:
                break
        chosen[index] = (staff, day)
    return chosen


@dataclass
class Conversation:
    """One conversation's script and what it got back."""

    staff: str
    session: str
    script: list[str]
    double_at: int | None = None  # the index of the "yes" that is sent twice
    day: dt.date | None = None
    answers: list[list[dict[str, Any]]] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def plan(today: dt.date, weeks_from: int, run: Size) -> list[Conversation]:
    """The conversations: most only ask cheap things; some book a day and double-click Yes
    (after up to 8 cheap messages, so the booking lands mid-run)."""
    bookings = booking_days(today, weeks_from, run.double_bookers)
    conversations = []
    for index in range(run.conversations):
        session = f"load-{index}-{uuid.uuid4().hex[:8]}"
        if index in bookings:
            staff, day = bookings[index]
            ahead = min(8, run.messages - 4)
            before = [CHEAP[n % len(CHEAP)] for n in range(ahead)]
            after = [CHEAP[n % len(CHEAP)] for n in range(run.messages - ahead - 3)]
            script = [*before, f"book {spoken(day)} off", "yes", "yes", *after]
            conversations.append(Conversation(staff, session, script, double_at=ahead + 1, day=day))
        else:
            staff = EVERYONE[index % len(EVERYONE)]
            script = [CHEAP[(index + n) % len(CHEAP)] for n in range(run.messages)]
            conversations.append(Conversation(staff, session, script))
    return conversations


Send = Callable[[Conversation, str], Awaitable[list[dict[str, Any]]]]


def web_sender(client: httpx.AsyncClient, tokens: dict[str, str]) -> Send:
    """Send one message through the gateway's `/web/messages` as the conversation's person."""

    async def send(conversation: Conversation, text: str) -> list[dict[str, Any]]:
        answer = await client.post(
            "/web/messages",
            headers={"Authorization": f"Bearer {tokens[conversation.staff]}"},
            json={"text": text, "session": conversation.session},
        )
        if answer.status_code != 200:
            raise AssertionError(f"HTTP {answer.status_code}: {answer.text[:300]}")
        messages: list[dict[str, Any]] = answer.json()["messages"]
        return messages

    return send


async def run_conversation(conversation: Conversation, send: Send) -> None:
    """Send the script in order, waiting for each answer; the double "yes" goes out twice
    within 100 ms (the second 50 ms after the first, before the first is answered)."""
    index = 0
    while index < len(conversation.script):
        text = conversation.script[index]
        try:
            if index == conversation.double_at:
                first = asyncio.create_task(send(conversation, text))
                await asyncio.sleep(0.05)
                second = asyncio.create_task(send(conversation, text))
                answers = await asyncio.gather(first, second)
                conversation.sent += [text, text]
                conversation.answers += answers
                index += 2
                continue
            conversation.answers.append(await send(conversation, text))
            conversation.sent.append(text)
        except Exception as error:
            conversation.failures.append(f"{text!r}: {error}")
            return
        index += 1


async def run_all(conversations: list[Conversation], send: Send, run_seconds: float) -> None:
    """Every conversation at once, bounded by `run_seconds`.

    Nobody has spoken before: each person's first turns arrive together, and the gateway makes
    one on-behalf-of exchange per person for them (it single-flights them).
    """
    async with asyncio.timeout(run_seconds):
        await asyncio.gather(*(run_conversation(c, send) for c in conversations))


def user_texts_in_order(events: list[dict[str, Any]]) -> list[str]:
    """The person's messages in a tracker, in the order Rasa stored them."""
    return [e.get("text") or "" for e in events if e.get("event") == "user"]


def answered_before_next(events: list[dict[str, Any]]) -> bool:
    """Every user message is followed by at least one bot message before the next one."""
    waiting = False
    for event in events:
        if event.get("event") == "user":
            if waiting:
                return False
            waiting = True
        elif event.get("event") == "bot":
            waiting = False
    return not waiting
