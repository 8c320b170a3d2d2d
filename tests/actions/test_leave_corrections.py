"""Corrections to a leave request keep what was already known: the month, the half day, the type.

Issue 10, defect 2: "can I take the 2nd to 6th March off", then "actually make it the 3rd to the
6th", was read as December (the next 3rd), not March.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from actions.api_client import ApiClient
from actions.config import ActionSettings
from actions.leave import ValidateLeaveForm
from tests.actions.conftest import PRIYA, TokenFor, TrackerFactory, weekday_after
from tests.actions.said import Dispatcher

DOMAIN: dict[str, Any] = {
    "forms": {
        "leave_form": {
            "required_slots": ["leave_start", "leave_end", "leave_portion", "leave_confirmed"]
        }
    },
    "slots": {},
}


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def far_monday(today: dt.date) -> dt.date:
    """A Monday months ahead (past the seed's booked leave) whose week is in one month and has
    no bank holiday: its days said alone would otherwise be read in a nearer month."""
    weeks = 16
    while True:
        monday = weekday_after(today, weeks, 0)
        if monday.day <= 20:
            return monday
        weeks += 1


@pytest.fixture
def form(
    api_client: ApiClient, action_settings: ActionSettings, today: dt.date
) -> ValidateLeaveForm:
    return ValidateLeaveForm(client=api_client, settings=action_settings, today=lambda: today)


async def quote(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token: str, text: str, **slots: Any
) -> dict[str, Any]:
    tracker = make_tracker(
        text, intent="request_leave", token=token, slots=slots or None, active_loop="leave_form"
    )
    return slots_of(await form.run(Dispatcher(), tracker, DOMAIN))


async def test_days_said_alone_in_a_correction_are_in_the_month_being_booked(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token_for: TokenFor, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    monday = far_monday(today)
    friday = monday + dt.timedelta(days=4)
    first = await quote(
        form,
        make_tracker,
        token,
        f"can I take the {ordinal(monday.day)} to {ordinal(friday.day)} {monday:%B} off",
    )
    assert first["leave_start"] == monday.isoformat()

    tuesday = monday + dt.timedelta(days=1)
    corrected = await quote(
        form,
        make_tracker,
        token,
        f"actually make it the {ordinal(tuesday.day)} to the {ordinal(friday.day)}",
        **first,
        requested_slot="leave_confirmed",
    )

    assert (corrected["leave_start"], corrected["leave_end"]) == (
        tuesday.isoformat(),
        friday.isoformat(),
    )
    assert corrected["leave_quote"]["days"] == 4


async def test_after_a_refusal_days_said_alone_are_still_in_that_month(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token_for: TokenFor, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    monday = far_monday(today)
    saturday, sunday = monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
    refused = make_tracker(
        f"the {ordinal(saturday.day)} to the {ordinal(sunday.day)} of {saturday:%B}",
        intent="request_leave",
        token=token,
        active_loop="leave_form",
    )
    dispatcher = Dispatcher()
    emptied = slots_of(await form.run(dispatcher, refused, DOMAIN))
    assert emptied["leave_start"] is None
    assert "You can't book that" in dispatcher.messages[0]["text"]

    again = make_tracker(
        f"sorry, the {ordinal(monday.day)} to the {ordinal(monday.day + 1)}",
        token=token,
        slots={"requested_slot": "leave_start"},
        active_loop="leave_form",
    )
    # As Rasa sends it: the refused first day is still in the conversation's events.
    again.events.insert(1, {"event": "slot", "name": "leave_start", "value": saturday.isoformat()})
    again.events.insert(2, {"event": "slot", "name": "leave_start", "value": None})
    corrected = slots_of(await form.run(Dispatcher(), again, DOMAIN))

    assert corrected["leave_start"] == monday.isoformat()


async def test_a_half_day_moved_to_another_day_stays_a_half_day(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token_for: TokenFor, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    tuesday, wednesday = weekday_after(today, 3, 1), weekday_after(today, 3, 2)
    first = await quote(
        form, make_tracker, token, f"the afternoon of {ordinal(tuesday.day)} {tuesday:%B}"
    )
    assert first["leave_portion"] == "pm"

    moved = await quote(
        form,
        make_tracker,
        token,
        f"actually make it {wednesday:%A} {ordinal(wednesday.day)} {wednesday:%B}",
        **first,
        requested_slot="leave_confirmed",
    )

    assert moved["leave_start"] == moved["leave_end"] == wednesday.isoformat()
    assert moved["leave_portion"] == "pm"
    assert moved["leave_quote"]["days"] == 0.5

    whole = await quote(
        form,
        make_tracker,
        token,
        f"actually the whole day on {wednesday:%A} {ordinal(wednesday.day)} {wednesday:%B}",
        **moved,
        requested_slot="leave_confirmed",
    )
    assert whole["leave_portion"] == "full"


async def test_a_correction_keeps_the_leave_type(
    form: ValidateLeaveForm, make_tracker: TrackerFactory, token_for: TokenFor, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    monday = far_monday(today)
    first = await quote(
        form,
        make_tracker,
        token,
        f"{ordinal(monday.day)} {monday:%B}",
        leave_type="special",
    )
    assert first["leave_quote"]["leave_type"] == "special"

    tuesday = monday + dt.timedelta(days=1)
    moved = await quote(
        form,
        make_tracker,
        token,
        f"actually make it the {ordinal(tuesday.day)}",
        **first,
        leave_type="special",
        requested_slot="leave_confirmed",
    )

    assert moved["leave_start"] == tuesday.isoformat()
    assert moved["leave_quote"]["leave_type"] == "special"
