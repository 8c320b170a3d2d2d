"""What day and time it is, in the UK: the one clock the API's rules, services and seed read.

Business time (what "today" is for leave, pay, procurement and the seed) comes from a `Clock`:
the system clock in production, or one pinned to another moment in the embedded profile
(`CLOCK_PINNED_AT`, for demos and end-to-end tests). A pinned clock starts at that moment when
the process starts and runs on at the normal rate, so timestamps still follow each other.

Token lifetimes and signed links are security, not business: they use the real instant
(`real_now`), whatever the clock says, so a pinned clock never makes a token look expired or
not yet valid, and pinning can't be used to stretch a link's life.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
NOON = time(12, 0)


def real_now() -> datetime:
    """The real instant, in UTC: for token lifetimes and link expiry only, never business rules."""
    return datetime.now(UTC)


def in_uk(moment: datetime) -> datetime:
    """An aware moment in UK time; a naive one is read as UK wall-clock time."""
    return moment.astimezone(UK) if moment.tzinfo else moment.replace(tzinfo=UK)


def parse_moment(value: str) -> datetime:
    """`2027-03-31T09:15` (UK time unless an offset is given), or a date alone (noon, UK).

    Raises:
        ValueError: Not an ISO date or date and time.
    """
    text = value.strip()
    if len(text) == len("2027-03-31"):
        return datetime.combine(date.fromisoformat(text), NOON, UK)
    return in_uk(datetime.fromisoformat(text))


class Clock:
    """Today and now in the UK.

    Args:
        pinned_at: The moment it is when the clock is made (None: the system clock's).
        frozen: Stay at `pinned_at` instead of running on from it (tests).
        source: The real instant (tests may pass their own to watch a pinned clock run on).
    """

    def __init__(
        self,
        pinned_at: datetime | None = None,
        *,
        frozen: bool = False,
        source: Callable[[], datetime] = real_now,
    ) -> None:
        self.pinned_at = None if pinned_at is None else in_uk(pinned_at)
        self._frozen = frozen and pinned_at is not None
        self._source = source
        self._shift = timedelta(0) if self.pinned_at is None else self.pinned_at - source()

    def now(self) -> datetime:
        """Now, as an aware date and time in UK time (GMT or BST)."""
        if self._frozen and self.pinned_at is not None:
            return self.pinned_at
        return (self._source() + self._shift).astimezone(UK)

    def today(self) -> date:
        """Today's date in the UK."""
        return self.now().date()

    def __repr__(self) -> str:
        """Says whether it is pinned, and where."""
        return "Clock()" if self.pinned_at is None else f"Clock(pinned_at={self.pinned_at})"


def system_clock() -> Clock:
    """The system clock (production)."""
    return Clock()


def at_uk_time(day: date, hour: int, minute: int = 0) -> datetime:
    """A UK wall-clock time on `day`, as an aware datetime (for seeded timestamps)."""
    return datetime.combine(day, time(hour, minute), UK)
