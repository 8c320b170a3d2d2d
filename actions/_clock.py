"""What day it is for the actions ("next Friday", "last month"): the UK date, from one clock.

The system clock in production; in the embedded profile `CLOCK_PINNED_AT` may pin it, like the
API's (`api/core/clock.py`), so a demo or an end-to-end test reads dates as of that day. A pinned
clock starts at that moment when the process starts and runs on from there.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def real_now() -> dt.datetime:
    """The real instant, in UTC: for how long a signed link lasts, never for reading dates."""
    return dt.datetime.now(dt.UTC)


def uk_date(moment: dt.datetime) -> dt.date:
    """The UK date of an instant the API sent (UTC; naive ones are taken as UTC too): 23:30 UTC
    on 30 June is already 1 July in the UK."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(UK).date()


def parse_moment(value: str) -> dt.datetime:
    """`2027-03-31T09:15` (UK time unless an offset is given), or a date alone (noon, UK).

    Raises:
        ValueError: Not an ISO date or date and time.
    """
    text = value.strip()
    if len(text) == len("2027-03-31"):
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time(12), UK)
    moment = dt.datetime.fromisoformat(text)
    return moment.astimezone(UK) if moment.tzinfo else moment.replace(tzinfo=UK)


class Clock:
    """Today and now in the UK.

    Args:
        pinned_at: The moment it is when the clock is made (None: the system clock's); naive
            means UK time.
    """

    def __init__(self, pinned_at: dt.datetime | None = None) -> None:
        self._shift = dt.timedelta(0)
        if pinned_at is not None:
            moment = pinned_at if pinned_at.tzinfo else pinned_at.replace(tzinfo=UK)
            self._shift = moment - real_now()

    def now(self) -> dt.datetime:
        """Now, as an aware date and time in UK time (GMT or BST)."""
        return (real_now() + self._shift).astimezone(UK)

    def today(self) -> dt.date:
        """Today's date in the UK."""
        return self.now().date()
