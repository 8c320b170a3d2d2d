"""Working days, bank holidays and GOV.UK-style dates."""

from collections.abc import Collection, Iterator
from datetime import date, timedelta
from functools import lru_cache

import holidays

REGION_SUBDIVISIONS = {
    "england": "ENG",
    "wales": "WLS",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}
_MAX_SEARCH_DAYS = 3 * 366


@lru_cache(maxsize=64)
def _bank_holidays_in_year(region: str, year: int) -> tuple[tuple[date, str], ...]:
    # Like GOV.UK's list, leave out weekend dates: a weekday substitute ("observed") is listed.
    subdivision = REGION_SUBDIVISIONS[region]
    found = holidays.country_holidays("GB", subdiv=subdivision, years=year)
    return tuple(sorted((day, name) for day, name in found.items() if day.weekday() < 5))


def bank_holidays(region: str, start: date, end: date) -> dict[date, str]:
    """Bank holidays of `region` between `start` and `end`, both included.

    Args:
        region: `england`, `wales`, `scotland` or `northern_ireland`.
        start: First day.
        end: Last day.

    Returns:
        Date → holiday name, in date order.

    Raises:
        KeyError: The region is unknown.
    """
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        for day, name in _bank_holidays_in_year(region, year):
            if start <= day <= end:
                found[day] = name
    return found


def next_bank_holidays(region: str, today: date, count: int) -> list[tuple[date, str]]:
    """The next `count` bank holidays of `region` from `today` (included)."""
    window = bank_holidays(region, today, date(today.year + 3, 12, 31))
    return list(window.items())[:count]


def days_between(start: date, end: date) -> Iterator[date]:
    """Every calendar day from `start` to `end`, both included."""
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def is_working_day(day: date, pattern: Collection[int], closed: Collection[date]) -> bool:
    """Whether `day` is in the weekly `pattern` (0 = Monday) and not a bank holiday."""
    return day.weekday() in pattern and day not in closed


def count_working_days(
    start: date, end: date, pattern: Collection[int], closed: Collection[date]
) -> int:
    """The number of working days from `start` to `end` (both included; 0 if end < start)."""
    return sum(1 for day in days_between(start, end) if is_working_day(day, pattern, closed))


def end_after_working_days(
    start: date, count: int, pattern: Collection[int], closed: Collection[date]
) -> date | None:
    """The day on which `count` working days starting at `start` end.

    Returns:
        That day, or None when `count` < 1 or no such day is found within three years.
    """
    if count < 1 or not pattern:
        return None
    seen = 0
    for offset in range(_MAX_SEARCH_DAYS):
        day = start + timedelta(days=offset)
        if is_working_day(day, pattern, closed):
            seen += 1
            if seen == count:
                return day
    return None


def format_date(day: date) -> str:
    """A date the GOV.UK way: `Friday 4 December 2026`."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def format_range(start: date, end: date) -> str:
    """A range for a sentence: `Monday 7 December to Wednesday 9 December 2026`."""
    if start == end:
        return format_date(start)
    first = f"{start:%A} {start.day} {start:%B}"
    if start.year != end.year:
        first += f" {start.year}"
    return f"{first} to {format_date(end)}"


def format_days(days: float) -> str:
    """A day count for a sentence: `1 day`, `4.5 days`, `3 days`."""
    text = f"{days:g}"
    return f"{text} day" if days == 1 else f"{text} days"
