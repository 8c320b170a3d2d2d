"""Read the dates of a leave request from British English text.

`dateparser` reads each individual date expression ("next Friday", "14th Jan", "14/01"); this
module only finds where those expressions are and splits ranges, durations and weeks around the
words that join them ("to", "until", "from", "starting", "next week"). Day-month order is British;
a date without a year is its next future occurrence, relative to a given `today`, unless that is
more than ten months away: then it is the recent past one ("20 November" written on 25 November
means five days ago, which the API refuses as past, rather than next November).
"yesterday", "last Friday" and "last week" are read as the past, so the person is told so.

"next <weekday>" means that weekday in next week (Monday to Sunday), so on Wednesday 25 November
2026 "next Friday" is Friday 4 December and "Friday" is Friday 27 November.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

import dateparser

Portion = Literal["full", "am", "pm"]

_WEEKDAYS = {name.lower() for name in calendar.day_name} | {
    name.lower() for name in calendar.day_abbr
}
_MONTHS = (
    {name.lower() for name in calendar.month_name[1:]}
    | {name.lower() for name in calendar.month_abbr[1:]}
    | {"sept"}
)
_RELATIVE_DAYS = {"today", "tomorrow", "yesterday"}
_FILLERS = {"the", "of"}
# Words that are also ordinary English: a date only when a number is next to them.
_AMBIGUOUS = {"may", "sun", "sat", "mar", "wed"}
_NUMBER_WORDS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_MORNING = {"morning"}
_AFTERNOON = {"afternoon", "pm"}
_FULL_DAY = ("full day", "whole day", "all day", "full")

_RANGE_JOINER = re.compile(r"\s+(?:to|until|till|til|through|thru)\s+|\s*[-–—]\s*")
_BETWEEN = re.compile(r"\bbetween\s+(?P<first>.+?)\s+and\s+(?P<second>.+)")
_DURATION = re.compile(
    r"\b(?P<count>\d+|"
    + "|".join(_NUMBER_WORDS)
    + r")\s+(?:working\s+|work\s+)?days?(?:\s+(?:off|leave|holiday))?"
    r"\s+(?:from|starting|beginning|commencing|on)(?:\s+(?:on|from))?\b"
)
_WEEK_AFTER_NEXT = re.compile(r"\b(?:the\s+)?week\s+after\s+next\b")
_NEXT_WEEK = re.compile(r"\bnext\s+week\b")
_THIS_WEEK = re.compile(r"\bthis\s+week\b")
_LAST_WEEK = re.compile(r"\blast\s+week\b")
_LAST_WEEKDAY = re.compile(r"\blast\s+(?=(?:" + "|".join(sorted(_WEEKDAYS)) + r")\b)")
_YEAR = re.compile(r"\b\d{4}\b")
# A day-month date further ahead than this is taken to mean the recent past one.
_FAR_AHEAD = dt.timedelta(days=300)
_NEXT_WEEKDAY = re.compile(r"\bnext\s+(?=(?:" + "|".join(sorted(_WEEKDAYS)) + r")\b)")
_A_LONG_MONTH = dt.date(2000, 1, 1)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@dataclass(frozen=True)
class DateRequest:
    """The dates someone asked for.

    Attributes:
        start: The first day.
        end: The last day, or None when `working_days` is given instead.
        working_days: How many working days from `start` ("3 days from the 14th"); the API
            works out the end date from the person's working pattern.
        portion: `full`, `am` or `pm`; None for a half day whose morning or afternoon wasn't said.
    """

    start: dt.date
    end: dt.date | None = None
    working_days: int | None = None
    portion: Portion | None = "full"

    @property
    def is_single_day(self) -> bool:
        """Whether this is one day (so it may be a half day)."""
        return self.working_days is None and self.end == self.start


def parse_date_request(text: str, today: dt.date) -> DateRequest | None:
    """Find the leave dates in a message.

    Args:
        text: What the person wrote, e.g. "2nd to 6th March" or "half day on Thursday afternoon".
        today: The day the person is writing on; dates without a year are the next ones after it.

    Returns:
        The dates asked for, or None when the text has no date in it.
    """
    words = _normalise(text)
    portion = parse_portion(words)
    words = " ".join(w for w in words.split() if w not in _MORNING | _AFTERNOON)

    week_offset: int | None = None
    for pattern, offset in (
        (_WEEK_AFTER_NEXT, 2),
        (_NEXT_WEEK, 1),
        (_THIS_WEEK, 0),
        (_LAST_WEEK, -1),
    ):
        if pattern.search(words):
            words, week_offset = pattern.sub(" ", words), offset
            break
    if _NEXT_WEEKDAY.search(words):
        words = _NEXT_WEEKDAY.sub(" ", words)
        week_offset = 1 if week_offset is None else week_offset
    if _LAST_WEEKDAY.search(words):
        # "last Friday": the most recent Friday before today.
        words = _LAST_WEEKDAY.sub(" ", words)
        week_offset = -1 if week_offset is None else week_offset
    base = today if not week_offset else _monday(today, week_offset) - dt.timedelta(days=1)

    duration = _DURATION.search(words)
    if duration:
        start = _find_date(words[duration.end() :], base, today)
        if start is None:
            return None
        return DateRequest(start=start, working_days=_count(duration["count"]), portion="full")

    first, second = _split_range(words)
    if second is not None:
        end = _find_date(second, base, today)
        start = _find_date(first, base, today, month_from=end)
        if start is not None and end is not None:
            return DateRequest(start=start, end=end, portion="full")

    day = _find_date(words, base, today)
    if day is None:
        if week_offset is None:
            return None
        monday = _monday(today, week_offset)
        return DateRequest(start=monday, end=monday + dt.timedelta(days=4), portion="full")
    return DateRequest(start=day, end=day, portion=portion)


def parse_portion(text: str) -> Portion | None:
    """Say which part of a day the text asks for.

    Args:
        text: What the person wrote, e.g. "the morning", "half day", "full day".

    Returns:
        `am` or `pm` when morning or afternoon is said, None for "half" without either,
        otherwise `full`.
    """
    words = set(_normalise(text).split())
    if words & _MORNING:
        return "am"
    if words & _AFTERNOON:
        return "pm"
    if "half" in words:
        return None
    return "full"


def says_portion(text: str) -> bool:
    """Whether the text names a part of a day (morning, afternoon, half or full day)."""
    normalised = _normalise(text)
    words = set(normalised.split())
    return bool(words & (_MORNING | _AFTERNOON | {"half"})) or any(
        phrase in normalised for phrase in _FULL_DAY
    )


def _normalise(text: str) -> str:
    lowered = text.lower().replace("’", "'")
    lowered = re.sub(r"[^\w/\-–—.' ]+", " ", lowered)
    lowered = lowered.replace("a.m.", " morning ").replace("p.m.", " afternoon ")
    lowered = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", lowered).replace("half-day", "half day")
    return " ".join(lowered.split())


def _monday(today: dt.date, week_offset: int) -> dt.date:
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=week_offset)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _split_range(words: str) -> tuple[str, str | None]:
    between = _BETWEEN.search(words)
    if between:
        return between["first"], between["second"]
    if _ISO_DATE.search(words):
        parts = re.split(r"\s+(?:to|until|till|til|through|thru|-)\s+", words, maxsplit=1)
    else:
        parts = _RANGE_JOINER.split(words, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return re.sub(r"\bfrom\b", " ", parts[0]), parts[1]
    return words, None


def _is_dateish(token: str) -> bool:
    return (
        token in _WEEKDAYS
        or token in _MONTHS
        or token in _RELATIVE_DAYS
        or token in _FILLERS
        or any(ch.isdigit() for ch in token)
    )


def _runs(words: str) -> list[list[str]]:
    runs: list[list[str]] = []
    current: list[str] = []
    for token in words.split():
        token = token.strip("'")
        if _is_dateish(token):
            current.append(token)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _find_date(
    words: str, base: dt.date, today: dt.date, month_from: dt.date | None = None
) -> dt.date | None:
    """Parse the first run of date words; `month_from` lends its month to a bare day."""
    for run in _runs(words):
        while run and run[0] in _FILLERS:
            run = run[1:]
        while run and run[-1] in _FILLERS:
            run = run[:-1]
        if not run:
            continue
        has_number = any(any(ch.isdigit() for ch in t) for t in run)
        if len(run) == 1 and run[0] in _AMBIGUOUS and not has_number:
            continue
        names_month = any(t in _MONTHS or "/" in t or _ISO_DATE.fullmatch(t) for t in run)
        names_day = any(t in _WEEKDAYS or t in _RELATIVE_DAYS for t in run)
        if not (names_month or names_day):
            if not (len(run) == 1 and (month_from is not None or _is_ordinal(run[0]))):
                continue
        if names_month or names_day:
            parsed = _parse_one(" ".join(run), base)
            if parsed and names_month and not _YEAR.search(" ".join(run)):
                parsed = _recent_past_if_far(parsed, today)
        else:
            # A bare day ("the 31st"): read its number in a month that has every day.
            day = _parse_one(run[0], _A_LONG_MONTH)
            parsed = _bare_day(day.day, today, month_from) if day else None
        if parsed is not None:
            return parsed
    return None


def _recent_past_if_far(day: dt.date, today: dt.date) -> dt.date:
    """A day-month date more than ten months ahead means the one just gone."""
    if day - today <= _FAR_AHEAD:
        return day
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _is_ordinal(token: str) -> bool:
    return token[:-2].isdigit() and token[-2:] in {"st", "nd", "rd", "th"}


def _parse_one(expression: str, base: dt.date) -> dt.date | None:
    parsed = dateparser.parse(
        expression,
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY",
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
        },
    )
    return parsed.date() if parsed else None


def _bare_day(day: int, today: dt.date, month_from: dt.date | None) -> dt.date | None:
    """The next date with this day of the month (in `month_from`'s month when given)."""
    if month_from is not None:
        year, month = month_from.year, month_from.month
        if day > month_from.day:
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    else:
        year, month = today.year, today.month
        if day < today.day:
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    for _ in range(12):
        if day <= calendar.monthrange(year, month)[1]:
            return dt.date(year, month, day)
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return None
