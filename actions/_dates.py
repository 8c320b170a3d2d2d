"""Read the dates of a leave request from British English text.

A small grammar over the tokens of `actions._date_words`: consecutive date words make an
expression ("Monday 21st December", "next Friday", "14/01"); expressions joined by "to", "-",
"until" make a range, by "and" or commas a list ("21st, 22nd and 23rd December"), and "w/c",
"week commencing" or "the week of" make a working week (Monday to Friday). An expression without
a month borrows one from its neighbours ("21st to 23rd December"), else from the dates read in
the previous turn (`DateContext`, so "actually make it the 3rd to the 6th" after March means
March), else it is the next such day.

Day-month order is British; a date without a year is its next future occurrence, relative to a
given `today`, unless that is more than ten months away: then it is the recent past one ("20
November" written on 25 November means five days ago, which the API refuses as past, rather
than next November). "yesterday", "last Friday" and "last week" are read as the past, so the
person is told so.

"next <weekday>" means that weekday in next week (Monday to Sunday), so on Wednesday 25 November
2026 "next Friday" is Friday 4 December and "Friday" is Friday 27 November; a weekday that ends a
range is the first one on or after its start ("Thursday to Tuesday").
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Literal

from actions._date_words import AMBIGUOUS, Token, normalise, tokens

Portion = Literal["full", "am", "pm"]

_NUMBER_WORDS = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_COUNT = r"(?P<count>\d+|" + "|".join(_NUMBER_WORDS) + r")"
_DURATION_FIRST = re.compile(
    r"\b" + _COUNT + r"\s+(?:working\s+|work\s+)?days?(?:\s+(?:off|leave|holiday))?"
    r"\s+(?:from|starting|beginning|commencing|on)(?:\s+(?:on|from))?\b"
)
_DURATION_AFTER = re.compile(r"\bfor\s+" + _COUNT + r"\s+(?:working\s+|work\s+)?days?\b")
_WEEKS = r"(?:" + _COUNT + r"\s+weeks?|(?P<fortnight>a\s+fortnight))"
_WEEKS_FIRST = re.compile(
    r"\b" + _WEEKS + r"(?:\s+(?:off|leave|holiday))?\s+(?:from|starting|beginning|commencing)\b"
)
_WEEKS_AFTER = re.compile(r"\bfor\s+" + _WEEKS + r"\b")
_MORNING_WORDS = frozenset({"morning"})
_AFTERNOON_WORDS = frozenset({"afternoon", "pm", "lunchtime"})
_FULL_DAY = ("full day", "whole day", "all day", "full")
# A day-month date further ahead than this is taken to mean the recent past one.
_FAR_AHEAD = dt.timedelta(days=300)
_WEEK_OFFSETS = {"this": 0, "next": 1, "last": -1, "after next": 2}


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


@dataclass(frozen=True)
class DateContext:
    """The month being talked about: that of the dates read in the previous turn.

    A day without a month ("the 3rd to the 6th") is read in this month, unless that day is
    already past.
    """

    year: int
    month: int

    @classmethod
    def of(cls, day: dt.date | str | None) -> DateContext | None:
        """The context of a date (or an ISO date, as slots hold them); None for None."""
        if day is None:
            return None
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day)
            except ValueError:
                return None
        return cls(day.year, day.month)


def parse_date_request(
    text: str, today: dt.date, context: DateContext | None = None
) -> DateRequest | None:
    """Find the leave dates in a message.

    Args:
        text: What the person wrote, e.g. "2nd to 6th March" or "half day on Thursday afternoon".
        today: The day the person is writing on; dates without a year are the next ones after it.
        context: The month of the dates already being talked about, for days said alone.

    Returns:
        The dates asked for, or None when the text has no date in it (or a list of days that
        are not one period, such as "the 14th and the 18th").
    """
    normalised = normalise(text)
    for pattern in (_DURATION_FIRST, _DURATION_AFTER):
        duration = pattern.search(normalised)
        if duration:
            rest = normalised[: duration.start()] + " " + normalised[duration.end() :]
            found = _read(tokens(rest), today, context)
            if found is None:
                return None
            return DateRequest(found[0], working_days=_count(duration["count"]), portion="full")
    for pattern in (_WEEKS_FIRST, _WEEKS_AFTER):
        weeks = pattern.search(normalised)
        if weeks:
            rest = normalised[: weeks.start()] + " " + normalised[weeks.end() :]
            found = _read(tokens(rest), today, context)
            if found is None:
                return None
            count = 2 if weeks["fortnight"] else _count(weeks["count"])
            return DateRequest(found[0], _weeks_from(found[0], count), portion="full")
    found = _read(tokens(normalised), today, context)
    if found is None:
        return None
    start, end = found
    portion = parse_portion(text) if start == end else "full"
    return DateRequest(start=start, end=end, portion=portion)


def _weeks_from(start: dt.date, count: int) -> dt.date:
    """The last day of `count` weeks from `start`: a Friday rather than the weekend after it."""
    end = start + dt.timedelta(weeks=count, days=-1)
    while end.weekday() >= 5 and end > start:
        end -= dt.timedelta(days=1)
    return end


def parse_portion(text: str) -> Portion | None:
    """Say which part of a day the text asks for.

    Args:
        text: What the person wrote, e.g. "the morning", "half day", "full day".

    Returns:
        `am` or `pm` when morning or afternoon is said, None for "half" without either,
        otherwise `full`.
    """
    said = {t.value for t in tokens(text) if t.kind == "portion"}
    if "am" in said:
        return "am"
    if "pm" in said:
        return "pm"
    if "half" in said:
        return None
    return "full"


def says_portion(text: str) -> bool:
    """Whether the text names a part of a day (morning, afternoon, half or full day)."""
    normalised = normalise(text)
    return any(t.kind == "portion" for t in tokens(text)) or any(
        phrase in normalised for phrase in _FULL_DAY
    )


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


@dataclass
class _Expr:
    """One date said: any of a day, month, year, weekday, figures or a relative day."""

    day: int | None = None
    strong: bool = False
    month: int | None = None
    year: int | None = None
    weekday: int | None = None
    relative: int | None = None
    modifier: str | None = None
    plus_week: bool = False
    week_of: bool = False
    words: list[str] = field(default_factory=list)

    def has(self, token: Token) -> bool:
        slot = {"day": self.day, "month": self.month, "year": self.year}.get(token.kind)
        if token.kind in ("day", "month", "year"):
            return slot is not None
        if token.kind in ("weekday", "relative", "numeric"):
            return (
                self.weekday is not None
                or self.relative is not None
                or (token.kind == "numeric" and self.day is not None)
            )
        return False

    def add(self, token: Token) -> None:
        if token.kind == "day":
            self.day, self.strong = int(token.value), token.strong  # type: ignore[call-overload]
        elif token.kind == "month":
            self.month = int(token.value)  # type: ignore[call-overload]
        elif token.kind == "year":
            self.year = int(token.value)  # type: ignore[call-overload]
        elif token.kind == "weekday":
            self.weekday = int(token.value)  # type: ignore[call-overload]
        elif token.kind == "relative":
            self.relative = int(token.value)  # type: ignore[call-overload]
        elif token.kind == "numeric":
            self.day, self.month, self.year = token.value  # type: ignore[misc]
            self.strong = True

    @property
    def dated(self) -> bool:
        return any(x is not None for x in (self.day, self.weekday, self.relative))

    @property
    def ambiguous(self) -> bool:
        """Only a word that is also ordinary English ("may", "sun"), with nothing to prove it."""
        return (
            bool(self.words)
            and self.day is None
            and self.relative is None
            and self.modifier is None
            and all(w in AMBIGUOUS for w in self.words)
        )


@dataclass
class _Group:
    """Expressions joined by range or list words, with the joiner before each one."""

    exprs: list[_Expr] = field(default_factory=list)
    joiners: list[str] = field(default_factory=list)
    between: bool = False


@dataclass
class _Reading:
    groups: list[_Group]
    week_offset: int | None


def _parse(toks: list[Token]) -> _Reading:
    groups: list[_Group] = [_Group()]
    current: _Expr | None = None
    pending_joiner: str | None = None
    pending_modifier: str | None = None
    pending_week_of = False
    week_offset: int | None = None

    def close() -> None:
        nonlocal current, pending_joiner
        if current is not None and (current.dated or current.month is not None):
            group = groups[-1]
            group.joiners.append(pending_joiner or "juxtaposed")
            group.exprs.append(current)
            pending_joiner = None
        current = None

    for i, token in enumerate(toks):
        if token.kind in ("day", "month", "year", "weekday", "relative", "numeric"):
            if current is None or current.has(token):
                close()
                current = _Expr(modifier=pending_modifier, week_of=pending_week_of)
                pending_modifier, pending_week_of = None, False
            current.add(token)
            if token.kind in ("weekday", "month"):
                current.words.append(token.text)
        elif token.kind == "plus_week" and current is not None:
            current.plus_week = True
        elif token.kind == "modifier":
            close()
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if token.value == "after next" or (nxt is not None and nxt.kind == "week"):
                week_offset = _WEEK_OFFSETS[str(token.value)]
            else:
                pending_modifier = str(token.value)
        elif token.kind == "week_of":
            close()
            pending_week_of = True
        elif token.kind in ("range", "list", "between"):
            close()
            if token.kind != "between" and groups[-1].exprs:
                pending_joiner = "range" if token.kind == "range" else "list"
            elif token.kind == "between":
                groups.append(_Group(between=True))
        elif token.kind == "week" and current is not None and current.weekday is not None:
            current.plus_week = True  # "Friday week"
        elif token.kind == "word":
            close()
            if groups[-1].exprs:
                groups.append(_Group())
            pending_joiner = None
    close()
    for group in groups:
        # "between X and Y": the list word is a range.
        if group.between and len(group.exprs) == 2 and group.joiners[1] == "list":
            group.joiners[1] = "range"
    return _Reading([g for g in groups if g.exprs], week_offset)


def _read(
    toks: list[Token], today: dt.date, context: DateContext | None
) -> tuple[dt.date, dt.date] | None:
    reading = _parse(toks)
    for group in reading.groups:
        found = _read_group(group, today, context, reading.week_offset)
        if found is not None:
            return found
    if reading.week_offset is not None:
        monday = _monday(today, reading.week_offset)
        return monday, monday + dt.timedelta(days=4)
    return None


def _read_group(
    group: _Group, today: dt.date, context: DateContext | None, week_offset: int | None
) -> tuple[dt.date, dt.date] | None:
    exprs, joiners = list(group.exprs), list(group.joiners)
    linked = len(exprs) > 1
    has_month = any(e.month is not None for e in exprs)
    keep = [
        _usable(e, linked=linked, group_has_month=has_month, group_strong=_any_strong(exprs))
        for e in exprs
    ]
    exprs = [e for e, k in zip(exprs, keep, strict=True) if k]
    joiners = [j for j, k in zip(joiners, keep, strict=True) if k]
    if not exprs:
        return None
    is_range = "range" in joiners[1:]
    _lend_months(exprs, is_range)
    dates: list[dt.date] = []
    for expr in exprs:
        previous = dates[-1] if dates else None
        day = _resolve(expr, today, context, week_offset, previous)
        if day is None:
            return None
        dates.append(day)
    if len(dates) == 1:
        only, expr = dates[0], exprs[0]
        if expr.week_of:
            monday = only - dt.timedelta(days=only.weekday())
            return monday, monday + dt.timedelta(days=4)
        return only, only
    if is_range:
        start, end = dates[0], dates[-1]
        return (start, end) if start <= end else None
    ordered = sorted(dates)
    if any(not _next_working_day(a, b) for a, b in itertools.pairwise(ordered)):
        return None
    return ordered[0], ordered[-1]


def _any_strong(exprs: list[_Expr]) -> bool:
    return any(e.strong or e.weekday is not None or e.relative is not None for e in exprs)


def _usable(expr: _Expr, *, linked: bool, group_has_month: bool, group_strong: bool) -> bool:
    """Whether an expression is a date, not just a number or an ordinary word."""
    if expr.ambiguous and not linked:
        return False
    if expr.relative is not None or expr.weekday is not None:
        return True
    if expr.day is None:
        return False
    if expr.month is not None or expr.strong or expr.week_of:
        return True
    # A bare number ("21" in "21-23 December") is a day only beside other dates.
    return linked and (group_has_month or group_strong)


def _lend_months(exprs: list[_Expr], is_range: bool) -> None:
    """Days without a month take the next expression's month, else the previous one's."""
    for i, expr in enumerate(exprs):
        if expr.day is None or expr.month is not None:
            continue
        later = next((e for e in exprs[i + 1 :] if e.month is not None and e.day is not None), None)
        earlier = next(
            (e for e in reversed(exprs[:i]) if e.month is not None and e.day is not None), None
        )
        if later is not None and later.month is not None and later.day is not None:
            expr.month, expr.year = later.month, later.year
            if is_range and expr.day > later.day:
                expr.month, expr.year = _month_before(later.month, later.year)
        elif earlier is not None and earlier.month is not None and earlier.day is not None:
            expr.month, expr.year = earlier.month, earlier.year
            if expr.day < earlier.day:
                expr.month, expr.year = _month_after(earlier.month, earlier.year)
    years = [e.year for e in exprs if e.year is not None]
    if years:
        anchor = next(e for e in exprs if e.year is not None)
        for expr in exprs:
            if expr.year is None and expr.month is not None and expr.day is not None:
                expr.year = anchor.year
                if (expr.month, expr.day) > (anchor.month or 0, anchor.day or 0) and (
                    exprs.index(expr) < exprs.index(anchor)
                ):
                    expr.year = (anchor.year or 0) - 1


def _month_before(month: int, year: int | None) -> tuple[int, int | None]:
    if month > 1:
        return month - 1, year
    return 12, None if year is None else year - 1


def _month_after(month: int, year: int | None) -> tuple[int, int | None]:
    if month < 12:
        return month + 1, year
    return 1, None if year is None else year + 1


def _resolve(
    expr: _Expr,
    today: dt.date,
    context: DateContext | None,
    week_offset: int | None,
    previous: dt.date | None,
) -> dt.date | None:
    day: dt.date | None
    if expr.relative is not None:
        day = today + dt.timedelta(days=expr.relative)
    elif expr.day is not None and expr.month is not None:
        day = _day_month(expr.day, expr.month, expr.year, today, previous)
    elif expr.day is not None:
        day = _bare_day(expr.day, today, context, previous)
    elif expr.weekday is not None:
        day = _weekday(expr, today, week_offset, previous)
    else:
        return None
    if day is not None and expr.plus_week:
        day += dt.timedelta(weeks=1)
    return day


def _day_month(
    day: int, month: int, year: int | None, today: dt.date, previous: dt.date | None
) -> dt.date | None:
    if year is not None:
        return _date(year, month, day)
    if previous is not None:
        # After another date: the first such day on or after it.
        for candidate_year in (previous.year, previous.year + 1):
            found = _date(candidate_year, month, day)
            if found is not None and found >= previous:
                return found
        return None
    for candidate_year in (today.year, today.year + 1, today.year + 2):
        found = _date(candidate_year, month, day)
        if found is not None and found >= today:
            return _recent_past_if_far(found, today)
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _recent_past_if_far(day: dt.date, today: dt.date) -> dt.date:
    """A day-month date more than ten months ahead means the one just gone."""
    if day - today <= _FAR_AHEAD:
        return day
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _bare_day(
    day: int, today: dt.date, context: DateContext | None, previous: dt.date | None
) -> dt.date | None:
    """A day of the month said alone: after `previous`, in the context's month, or next."""
    if previous is not None:
        year, month = previous.year, previous.month
        if day < previous.day:
            year, month = _next_month(year, month)
    elif context is not None and (found := _date(context.year, context.month, day)) is not None:
        if found >= today:
            return found
        year, month = today.year, today.month
        if day < today.day:
            year, month = _next_month(year, month)
    else:
        year, month = today.year, today.month
        if day < today.day:
            year, month = _next_month(year, month)
    for _ in range(12):
        if day <= calendar.monthrange(year, month)[1]:
            return dt.date(year, month, day)
        year, month = _next_month(year, month)
    return None


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year, month + 1) if month < 12 else (year + 1, 1)


def _weekday(
    expr: _Expr, today: dt.date, week_offset: int | None, previous: dt.date | None
) -> dt.date:
    assert expr.weekday is not None
    if expr.modifier == "next":
        return _monday(today, 1) + dt.timedelta(days=expr.weekday)
    if expr.modifier == "last":
        back = (today.weekday() - expr.weekday - 1) % 7 + 1
        return today - dt.timedelta(days=back)
    if week_offset is not None and expr.modifier is None:
        return _monday(today, week_offset) + dt.timedelta(days=expr.weekday)
    if previous is not None:
        return previous + dt.timedelta(days=(expr.weekday - previous.weekday()) % 7)
    ahead = (expr.weekday - today.weekday()) % 7
    if ahead == 0 and expr.modifier != "this":
        ahead = 7
    return today + dt.timedelta(days=ahead)


def _monday(today: dt.date, week_offset: int) -> dt.date:
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=week_offset)


def _next_working_day(a: dt.date, b: dt.date) -> bool:
    """Whether `b` follows `a` with only a weekend between (lists of days must be one period)."""
    gap = (b - a).days
    return gap == 1 or (
        gap <= 3 and all((a + dt.timedelta(days=n)).weekday() >= 5 for n in range(1, gap))
    )
