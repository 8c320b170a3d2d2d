"""The action server's clock: the UK date its date phrases are read from, pinned by
CLOCK_PINNED_AT in the embedded profile only."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from actions._clock import UK, Clock, uk_date
from actions.config import ActionSettings, get_clock, get_settings
from actions.leave import ValidateLeaveForm
from actions.pay import ActionPayDates


def test_clock_pinned_at_pins_the_process_clock_and_every_action(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CLOCK_PINNED_AT", "2027-07-12")
    get_settings.cache_clear()
    get_clock.cache_clear()

    assert get_settings().clock_pinned_at == dt.datetime(2027, 7, 12, 12, 0, tzinfo=UK)
    assert get_clock().today() == dt.date(2027, 7, 12)
    # An action given no `today` reads "next Friday" and "last month" as of that day.
    assert ActionPayDates().today() == ValidateLeaveForm().today() == dt.date(2027, 7, 12)


def test_only_the_embedded_profile_may_pin_the_clock() -> None:
    with pytest.raises(ValidationError, match="CLOCK_PINNED_AT must be empty outside"):
        ActionSettings(_env_file=None, profile="scale-out", clock_pinned_at="2027-07-12T09:00")


def test_the_system_clock_gives_the_uk_date() -> None:
    now = dt.datetime.now(dt.UTC).astimezone(UK)

    assert Clock().now().utcoffset() == now.utcoffset()
    assert Clock().today() in (now.date(), now.date() + dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("sent", "day"),
    [
        (dt.datetime(2027, 6, 30, 23, 30, tzinfo=dt.UTC), dt.date(2027, 7, 1)),  # BST
        (dt.datetime(2027, 12, 31, 23, 30, tzinfo=dt.UTC), dt.date(2027, 12, 31)),  # GMT
        (dt.datetime(2027, 3, 31, 23, 30), dt.date(2027, 4, 1)),  # naive: UTC, as the API sends
    ],
)
def test_a_timestamp_from_the_api_is_said_as_its_uk_date(sent: dt.datetime, day: dt.date) -> None:
    assert uk_date(sent) == day
