"""Leave years, entitlement, balances, request validation and the request state machine."""

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal

from api.domain.calendar import (
    bank_holidays,
    count_working_days,
    end_after_working_days,
    format_date,
    format_days,
    format_range,
)
from api.domain.errors import Conflict, RuleBroken

Portion = Literal["full", "am", "pm"]
LeaveType = Literal["annual", "special", "flexi", "unpaid", "sick"]
Status = Literal["pending", "approved", "rejected", "cancelled"]
Decision = Literal["approve", "reject"]

BASE_ENTITLEMENT = 25
MAX_ENTITLEMENT = 30
CARRY_OVER_CAP = 10
FULL_WEEK = 5
# Only annual leave is drawn from the annual balance; other types are recorded, not counted.
BALANCE_TYPES = frozenset({"annual"})
_STATUS_WORDS = {"pending": "pending approval", "approved": "approved"}


def leave_year_start(day: date) -> date:
    """1 April of the leave year (1 April to 31 March) that contains `day`."""
    year = day.year if day.month >= 4 else day.year - 1
    return date(year, 4, 1)


def leave_year_end(day: date) -> date:
    """31 March that ends the leave year containing `day`."""
    return date(leave_year_start(day).year + 1, 3, 31)


def completed_years(start_date: date, on: date) -> int:
    """Whole years of service completed on `on` by someone who started on `start_date`."""
    years = on.year - start_date.year - ((on.month, on.day) < (start_date.month, start_date.day))
    return max(years, 0)


def round_up_to_half(value: Fraction) -> float:
    """Round up to the nearest half day: 16.2 → 16.5, 15 → 15."""
    return math.ceil(value * 2) / 2


def pro_rata(full_time_days: int, days_per_week: int) -> float:
    """Scale a full-time number of days to a `days_per_week` pattern, rounded up to a half day."""
    return round_up_to_half(Fraction(full_time_days * min(days_per_week, FULL_WEEK), FULL_WEEK))


def entitlement(start_date: date, days_per_week: int, year_start: date) -> float:
    """Annual leave for the leave year starting `year_start`.

    25 days, plus one per year of service completed by the start of the leave year, at most 30;
    pro rata for part-time patterns, and for the share of the leave year left when someone joins
    during it (rounded up to the nearest half day).
    """
    year_end = leave_year_end(year_start)
    if start_date > year_end:
        return 0.0
    full_time = min(BASE_ENTITLEMENT + completed_years(start_date, year_start), MAX_ENTITLEMENT)
    share = Fraction(1)
    if start_date > year_start:
        share = Fraction((year_end - start_date).days + 1, (year_end - year_start).days + 1)
    weekly = Fraction(min(days_per_week, FULL_WEEK), FULL_WEEK)
    return round_up_to_half(full_time * weekly * share)


def carry_over_cap(days_per_week: int) -> float:
    """The most days that may be carried into a leave year (10, pro rata)."""
    return pro_rata(CARRY_OVER_CAP, days_per_week)


def allowed_carry_over(requested: float, days_per_week: int) -> float:
    """`requested` days, capped by the carry-over limit; never negative."""
    return max(0.0, min(requested, carry_over_cap(days_per_week)))


@dataclass(frozen=True)
class BookedLeave:
    """An existing request, as far as the rules need to know it."""

    reference: str
    start_date: date
    end_date: date
    leave_type: str
    status: str
    days: float
    days_before: float = 0.0
    """Of `days`, how many fall before the balance date (for approved requests)."""
    portion: str = "full"


@dataclass(frozen=True)
class Worker:
    """What the rules need to know about the person asking: their week, where and since when."""

    pattern: frozenset[int]
    """Weekdays they work, 0 = Monday."""
    region: str
    """Whose bank holidays they get: `england`, `wales`, `scotland` or `northern_ireland`."""
    start_date: date
    """When they joined (entitlement grows with service)."""


def days_before(request: BookedLeave, on: date, worker: Worker) -> float:
    """Of a request's days, how many fall before `on` (a started half day counts whole)."""
    if request.start_date >= on:
        return 0.0
    if request.portion != "full":
        return request.days
    last = min(request.end_date, on - timedelta(days=1))
    closed = bank_holidays(worker.region, request.start_date, last)
    counted = float(count_working_days(request.start_date, last, worker.pattern, closed))
    return min(counted, request.days)


@dataclass(frozen=True)
class Balance:
    """Annual leave of one leave year. `remaining` may go negative only through old data."""

    leave_year_start: date
    leave_year_end: date
    entitlement: float
    carried_over: float
    taken: float
    booked: float
    pending: float

    @property
    def remaining(self) -> float:
        """entitlement + carried_over - taken - booked - pending."""
        return self.entitlement + self.carried_over - self.taken - self.booked - self.pending


def balance(
    *,
    year_start: date,
    entitlement_days: float,
    carried_over: float,
    requests: Iterable[BookedLeave],
) -> Balance:
    """Add up the annual leave of one leave year.

    Args:
        year_start: 1 April of the year.
        entitlement_days: From `entitlement`.
        carried_over: Days carried into the year.
        requests: The employee's requests starting in that year; `days_before` of approved ones
            counts as taken and the rest as booked; pending ones count as pending.
    """
    taken = booked = pending = 0.0
    for request in requests:
        if (
            request.leave_type not in BALANCE_TYPES
            or leave_year_start(request.start_date) != year_start
        ):
            continue
        if request.status == "approved":
            taken += request.days_before
            booked += request.days - request.days_before
        elif request.status == "pending":
            pending += request.days
    return Balance(
        leave_year_start=year_start,
        leave_year_end=date(year_start.year + 1, 3, 31),
        entitlement=entitlement_days,
        carried_over=carried_over,
        taken=taken,
        booked=booked,
        pending=pending,
    )


@dataclass(frozen=True)
class Quote:
    """A request that passed every rule: its dates, its cost and the balance around it."""

    start_date: date
    end_date: date
    portion: str
    leave_type: str
    days: float
    balance_before: float
    """Annual leave remaining in the request's leave year before it."""

    @property
    def balance_after(self) -> float:
        """What remains once it is booked (only annual leave draws on the balance)."""
        if self.leave_type in BALANCE_TYPES:
            return self.balance_before - self.days
        return self.balance_before


@dataclass(frozen=True)
class Ask:
    """A request for leave as someone puts it: the last day, or how many working days."""

    start_date: date
    end_date: date | None = None
    working_days: int | None = None
    portion: str = "full"
    leave_type: str = "annual"


def resolve_end(ask: Ask, pattern: Collection[int], region: str) -> date:
    """The last day of the leave asked for: `end_date`, or the day `working_days` run out.

    Raises:
        RuleBroken: `half_day_range` for a half day of several days, `no_working_days` when the
            pattern has no working day.
    """
    if ask.end_date is not None:
        return ask.end_date
    count = ask.working_days or 0
    if ask.portion != "full" and count != 1:
        raise RuleBroken("half_day_range", "A half day must start and end on the same day.")
    horizon = ask.start_date + timedelta(days=3 * 366)
    closed = bank_holidays(region, ask.start_date, horizon)
    end = end_after_working_days(ask.start_date, count, pattern, closed)
    if end is None:
        raise RuleBroken("no_working_days", "You have no working days to take leave on.")
    return end


def year_balance(
    worker: Worker, on: date, carried_over: float, requests: Iterable[BookedLeave]
) -> Balance:
    """The worker's annual leave of the leave year containing `on`, split at `on`.

    Args:
        worker: Whose balance it is.
        on: The day taken and booked leave are split at.
        carried_over: Days carried into that leave year.
        requests: Their requests that touch that leave year, any status.
    """
    year_start = leave_year_start(on)
    return balance(
        year_start=year_start,
        entitlement_days=entitlement(worker.start_date, len(worker.pattern), year_start),
        carried_over=carried_over,
        requests=[replace(r, days_before=days_before(r, on, worker)) for r in requests],
    )


def quote(
    ask: Ask,
    worker: Worker,
    today: date,
    *,
    carried_over: float,
    year_requests: Collection[BookedLeave],
) -> Quote:
    """Decide a request and price it: every rule in turn, or the first one it breaks.

    Args:
        ask: What they asked for.
        worker: Who asks.
        today: The UK date the rules see.
        carried_over: Days carried into the leave year of `ask.start_date`.
        year_requests: Their requests that touch that leave year, any status. Leave that passes
            the rules lies inside one leave year, so these are all it can overlap.

    Raises:
        RuleBroken: The code says which rule; see `resolve_end`, `check_dates`,
            `requested_days`, `check_overlap` and `check_balance`.
    """
    start = ask.start_date
    end = resolve_end(ask, worker.pattern, worker.region)
    check_dates(start, end, ask.portion, today)
    closed = bank_holidays(worker.region, start, end)
    days = requested_days(start, end, ask.portion, worker.pattern, closed)
    check_overlap(start, end, year_requests)
    remaining = year_balance(worker, start, carried_over, year_requests).remaining
    this_year = leave_year_start(start) == leave_year_start(today)
    which = "this leave year" if this_year else "in next leave year"
    check_balance(days, ask.leave_type, remaining, which_year=which)
    return Quote(start, end, ask.portion, ask.leave_type, days, remaining)


def check_dates(start: date, end: date, portion: str, today: date) -> None:
    """Refuse dates no request can have, whoever asks.

    Raises:
        RuleBroken: `date_in_past`, `end_before_start`, `half_day_range`,
            `spans_leave_years` or `too_far_ahead`.
    """
    if start < today:
        raise RuleBroken(
            "date_in_past",
            f"{format_date(start)} has already passed. Leave can only be booked from today "
            f"({format_date(today)}) onwards.",
        )
    if end < start:
        raise RuleBroken(
            "end_before_start",
            f"The last day ({format_date(end)}) is before the first day ({format_date(start)}).",
        )
    if portion != "full" and start != end:
        raise RuleBroken("half_day_range", "A half day must start and end on the same day.")
    latest = date(leave_year_end(today).year + 1, 3, 31)
    if end > latest:
        raise RuleBroken(
            "too_far_ahead",
            f"Leave can be booked up to the end of next leave year, {format_date(latest)}.",
        )
    if leave_year_start(start) != leave_year_start(end):
        boundary = leave_year_end(start)
        raise RuleBroken(
            "spans_leave_years",
            f"This leave crosses into a new leave year after {format_date(boundary)}. "
            "Please book it as two requests, one ending on 31 March and one from 1 April.",
        )


def requested_days(
    start: date, end: date, portion: str, pattern: Collection[int], closed: Collection[date]
) -> float:
    """The working days a request uses (a half day is 0.5).

    Raises:
        RuleBroken: `no_working_days` when none of the days is a working day.
    """
    count = count_working_days(start, end, pattern, closed)
    if count == 0:
        raise RuleBroken(
            "no_working_days",
            f"{format_range(start, end)} has no working days for you (weekends, days you don't "
            "work and bank holidays don't need leave).",
        )
    return 0.5 if portion != "full" else float(count)


def check_overlap(start: date, end: date, existing: Iterable[BookedLeave]) -> None:
    """Refuse a request that overlaps a pending or approved one.

    Raises:
        RuleBroken: `overlaps_existing`, naming the existing request's dates.
    """
    for other in existing:
        if other.status in _STATUS_WORDS and other.start_date <= end and start <= other.end_date:
            raise RuleBroken(
                "overlaps_existing",
                f"You already have {other.leave_type} leave booked from "
                f"{format_range(other.start_date, other.end_date)} "
                f"({_STATUS_WORDS[other.status]}, {other.reference}).",
            )


def check_balance(
    days: float, leave_type: str, remaining: float, *, which_year: str = "this leave year"
) -> None:
    """Refuse annual leave beyond what is left.

    Raises:
        RuleBroken: `insufficient_balance`, giving days asked and days left.
    """
    if leave_type in BALANCE_TYPES and days > remaining:
        raise RuleBroken(
            "insufficient_balance",
            f"You've asked for {format_days(days)} but have {format_days(max(remaining, 0))} "
            f"left {which_year}.",
        )


def decide(status: str, decision: Decision) -> Status | None:
    """The status after a manager's `decision`, or None when it repeats the earlier one.

    Raises:
        Conflict: `already_decided` for the other decision or a cancelled request.
    """
    wanted: Status = "approved" if decision == "approve" else "rejected"
    if status == "pending":
        return wanted
    if status == wanted:
        return None
    if status == "cancelled":
        raise Conflict("already_decided", "This request was cancelled, so it can't be decided.")
    raise Conflict(
        "already_decided", f"This request has already been {status}; the decision can't be changed."
    )


def can_cancel(status: str, start: date, today: date) -> bool:
    """Whether the owner can still cancel a request: pending, or approved and not started."""
    return status == "pending" or (status == "approved" and start > today)


def cancel(status: str, start: date, today: date) -> Status | None:
    """The status after the owner cancels, or None when it is already cancelled.

    Raises:
        Conflict: `not_cancellable` for rejected requests and approved leave that started.
    """
    if status == "cancelled":
        return None
    if can_cancel(status, start, today):
        return "cancelled"
    if status == "rejected":
        raise Conflict(
            "not_cancellable", "This request was rejected, so there is nothing to cancel."
        )
    raise Conflict(
        "not_cancellable",
        f"This leave started on {format_date(start)}, so it can't be cancelled here. "
        "Please speak to your line manager.",
    )
