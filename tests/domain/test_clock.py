"""The clock: UK dates and times from the system clock or a pinned moment, across BST."""

from datetime import UTC, date, datetime, timedelta

import pytest

from api.core.clock import UK, Clock, at_uk_time, parse_moment


class FakeInstant:
    """The real instant, moved by hand."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def test_a_pinned_clock_starts_at_its_moment_and_runs_on() -> None:
    real = FakeInstant(datetime(2026, 12, 1, 15, 0, tzinfo=UTC))
    clock = Clock(datetime(2027, 3, 31, 12, 0), source=real)

    at_start = clock.now()
    real.at += timedelta(minutes=90)

    assert at_start == datetime(2027, 3, 31, 12, 0, tzinfo=UK)
    assert clock.now() == datetime(2027, 3, 31, 13, 30, tzinfo=UK)
    assert clock.today() == date(2027, 3, 31)


def test_a_frozen_clock_stays_put() -> None:
    clock = Clock(datetime(2028, 2, 29, 12, 0), frozen=True)

    assert clock.now() == clock.now() == datetime(2028, 2, 29, 12, 0, tzinfo=UK)


def test_the_system_clock_is_the_uk_date_of_the_real_instant() -> None:
    # 23:30 UTC on 31 March 2027 is already 1 April in the UK (BST).
    real = FakeInstant(datetime(2027, 3, 31, 23, 30, tzinfo=UTC))

    clock = Clock(source=real)

    assert clock.today() == date(2027, 4, 1)
    assert clock.now().utcoffset() == timedelta(hours=1)
    assert clock.pinned_at is None


def test_running_on_across_the_spring_clock_change_skips_an_hour() -> None:
    real = FakeInstant(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    clock = Clock(datetime(2027, 3, 28, 0, 30), source=real)  # GMT

    real.at += timedelta(hours=1)  # 01:30 GMT does not exist: it is 02:30 BST

    assert clock.now().replace(tzinfo=None) == datetime(2027, 3, 28, 2, 30)
    assert clock.now().utcoffset() == timedelta(hours=1)


def test_running_on_across_the_autumn_clock_change_repeats_an_hour() -> None:
    real = FakeInstant(datetime(2026, 12, 1, 12, 0, tzinfo=UTC))
    clock = Clock(datetime(2027, 10, 31, 0, 30), source=real)  # BST

    real.at += timedelta(hours=2)  # 01:30 BST, 01:30 GMT, then 02:30 GMT

    assert clock.now().replace(tzinfo=None) == datetime(2027, 10, 31, 1, 30)
    assert clock.now().utcoffset() == timedelta(0)
    assert clock.today() == date(2027, 10, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-31", datetime(2027, 3, 31, 12, 0, tzinfo=UK)),
        ("2027-03-31T09:15", datetime(2027, 3, 31, 9, 15, tzinfo=UK)),
        (" 2027-07-12T00:30 ", datetime(2027, 7, 12, 0, 30, tzinfo=UK)),
        ("2027-07-11T23:30+00:00", datetime(2027, 7, 12, 0, 30, tzinfo=UK)),
    ],
)
def test_moments_are_read_as_uk_time(text: str, expected: datetime) -> None:
    moment = parse_moment(text)

    assert moment == expected
    assert moment.tzinfo == UK


@pytest.mark.parametrize("text", ["31/03/2027", "tomorrow", "2027-02-30"])
def test_a_moment_that_is_not_iso_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_moment(text)


def test_seeded_times_are_uk_wall_clock_times() -> None:
    summer, winter = at_uk_time(date(2027, 7, 1), 9, 30), at_uk_time(date(2027, 1, 4), 9, 30)

    assert summer.astimezone(UTC).hour == 8
    assert winter.astimezone(UTC).hour == 9
