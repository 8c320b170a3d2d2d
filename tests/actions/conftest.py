"""Fixtures for the action tests: the real API in process, real trackers, real dispatchers."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Protocol

import holidays
import httpx
import pytest
from fastapi import FastAPI
from rasa_sdk import Tracker

from actions.api_client import ApiClient
from actions.config import ActionSettings, get_clock, get_settings
from tests.conftest import TEST_MOMENT, TODAY

API_BASE = "http://api.test"
TEST_CONTACT = "the test service desk on 0300 000 0000"

PRIYA = "100001"  # staff, line manager Tom Evans, England
TOM = "100002"  # line manager of Priya, Aisha and Gareth; Wales
AISHA = "100003"  # part time Mon–Wed, Scotland


def weekday_after(day: dt.date, weeks: int, weekday: int, subdiv: str = "ENG") -> dt.date:
    """The given weekday (0 = Monday) in the first week, `weeks` or more after `day`'s week,
    that has no bank holiday where the person works (`ENG`, or `SCT` for Aisha), so the tests
    don't depend on the calendar."""
    closed = holidays.country_holidays("GB", subdiv=subdiv, years=range(day.year, day.year + 2))
    monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=weeks)
    while any(monday + dt.timedelta(days=n) in closed for n in range(5)):
        monday += dt.timedelta(weeks=1)
    return monday + dt.timedelta(days=weekday)


def spoken(day: dt.date) -> str:
    """How a person might write the day: "14 December"."""
    return f"{day.day} {day:%B %Y}"


@pytest.fixture(autouse=True)
def _action_server_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The action server's own clock, pinned as its process would be (`CLOCK_PINNED_AT`) to
    the suite's moment, for actions built without an explicit `today`."""
    monkeypatch.setenv("CLOCK_PINNED_AT", TEST_MOMENT.isoformat())
    get_settings.cache_clear()
    get_clock.cache_clear()
    yield
    get_settings.cache_clear()
    get_clock.cache_clear()


@pytest.fixture
def action_settings() -> ActionSettings:
    """Settings that never reach a real API or read `.env`."""
    return ActionSettings(
        _env_file=None,
        api_url="http://you-forgot-to-use-a-fake-transport.invalid",
        api_timeout_seconds=2,
        service_desk_contact=TEST_CONTACT,
    )


@pytest.fixture
async def api_client(api_app: FastAPI) -> AsyncIterator[ApiClient]:
    """The action server's API client, talking to the real API app in process."""
    client = ApiClient(API_BASE, transport=httpx.ASGITransport(app=api_app))
    yield client
    await client.aclose()


@pytest.fixture
def today() -> dt.date:
    """The day the API believes it is (the suite's clock)."""
    return TODAY


async def sign_in_to(app: FastAPI, staff_number: str) -> str:
    """An access token for a seeded person, from that API app's dev sign-in."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=API_BASE) as http:
        response = await http.post("/auth/dev-login", json={"staff_number": staff_number})
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


@pytest.fixture
async def token_for(api_app: FastAPI) -> TokenFor:
    """Mint an access token for a seeded person through the API's dev sign-in."""

    async def mint(staff_number: str) -> str:
        return await sign_in_to(api_app, staff_number)

    return mint


TokenFor = Callable[[str], Awaitable[str]]


class TrackerFactory(Protocol):
    def __call__(
        self,
        text: str = "",
        *,
        intent: str = "inform",
        token: str | None = None,
        slots: dict[str, Any] | None = None,
        entities: list[dict[str, Any]] | None = None,
        intent_ranking: list[dict[str, Any]] | None = None,
        previous_intents: list[str] | None = None,
        sender_id: str = "web:100001:s1",
        active_loop: str | None = None,
    ) -> Tracker: ...


_message_ids = itertools.count(1)


def _user_event(text: str, intent: str, message_id: str, timestamp: float) -> dict[str, Any]:
    return {
        "event": "user",
        "text": text,
        "timestamp": timestamp,
        "message_id": message_id,
        "parse_data": {"text": text, "intent": {"name": intent, "confidence": 0.9}},
    }


@pytest.fixture
def make_tracker() -> TrackerFactory:
    """Build a real rasa-sdk `Tracker` from a dict, as the Rasa server would send it."""

    def build(
        text: str = "",
        *,
        intent: str = "inform",
        token: str | None = None,
        slots: dict[str, Any] | None = None,
        entities: list[dict[str, Any]] | None = None,
        intent_ranking: list[dict[str, Any]] | None = None,
        previous_intents: list[str] | None = None,
        sender_id: str = "web:100001:s1",
        active_loop: str | None = None,
    ) -> Tracker:
        message_id = str(next(_message_ids))
        events: list[dict[str, Any]] = [{"event": "action", "name": "action_listen"}]
        for number, previous in enumerate(previous_intents or []):
            events.append(
                _user_event(f"earlier {number}", previous, f"p{number}", 1_790_000_000.0 + number)
            )
            events.append({"event": "action", "name": "action_listen"})
        # As Rasa sends it: the slots were set by events before this message.
        events.extend(
            {"event": "slot", "name": name, "value": value}
            for name, value in (slots or {}).items()
            if value is not None
        )
        events.append(_user_event(text, intent, message_id, 1_800_000_000.0 + int(message_id)))
        all_slots: dict[str, Any] = {
            "leave_start": None,
            "leave_end": None,
            "leave_portion": None,
            "leave_type": None,
            "leave_confirmed": None,
            "leave_request_id": None,
            "leave_quote": None,
            "requested_slot": None,
            **(slots or {}),
        }
        latest_message = {
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "intent_ranking": intent_ranking or [{"name": intent, "confidence": 0.9}],
            "entities": entities or [],
            "message_id": message_id,
            "metadata": {"token": token, "channel": "web"} if token else {},
        }
        return Tracker.from_dict(
            {
                "sender_id": sender_id,
                "slots": all_slots,
                "latest_message": latest_message,
                "events": events,
                "paused": False,
                "followup_action": None,
                "active_loop": {"name": active_loop} if active_loop else {},
                "latest_action_name": "action_listen",
            }
        )

    return build
