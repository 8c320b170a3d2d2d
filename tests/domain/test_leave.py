"""Leave years, entitlement, balances, refusals and the request state machine."""

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.errors import Conflict, RuleBroken
from api.domain.leave import (
    Ask,
    BookedLeave,
    Quote,
    Worker,
    allowed_carry_over,
    balance,
    can_cancel,
    cancel,
    carry_over_cap,
    check_balance,
    check_dates,
    check_overlap,
    completed_years,
    days_before,
    decide,
    entitlement,
    leave_year_end,
    leave_year_start,
    pro_rata,
    quote,
    requested_days,
    resolve_end,
    year_balance,
)

TODAY = date(2026, 11, 25)
FULL_TIME = (0, 1, 2, 3, 4)


def booked(
    start: date,
    end: date,
    *,
    status: str = "approved",
    days: float = 1.0,
    days_before: float = 0.0,
    leave_type: str = "annual",
) -> BookedLeave:
    return BookedLeave("LR-000001", start, end, leave_type, status, days, days_before)


def code_of(call: Callable[..., object], *args: object, **kwargs: object) -> str:
    """The code of the rule `call` says is broken (a 422 refusal)."""
    with pytest.raises(RuleBroken) as error:
        call(*args, **kwargs)
    return error.value.code


def conflict_of(call: Callable[..., object], *args: object) -> str:
    """The code of the state `call` says forbids the change (a 409 refusal)."""
    with pytest.raises(Conflict) as error:
        call(*args)
    return error.value.code


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 11, 25), date(2026, 4, 1), date(2027, 3, 31)),
        (date(2027, 3, 31), date(2026, 4, 1), date(2027, 3, 31)),
        (date(2027, 4, 1), date(2027, 4, 1), date(2028, 3, 31)),
        (date(2027, 1, 5), date(2026, 4, 1), date(2027, 3, 31)),
    ],
)
def test_the_leave_year_runs_from_1_april_to_31_march(day, start, end):
    assert leave_year_start(day) == start
    assert leave_year_end(day) == end


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_day_is_inside_its_leave_year(day):
    assert leave_year_start(day) <= day <= leave_year_end(day)


def test_completed_years_count_whole_anniversaries():
    assert completed_years(date(2020, 4, 2), date(2026, 4, 1)) == 5
    assert completed_years(date(2020, 4, 1), date(2026, 4, 1)) == 6
    assert completed_years(date(2026, 11, 23), date(2026, 4, 1)) == 0


@pytest.mark.parametrize(
    ("started", "days_per_week", "expected"),
    [
        (date(2026, 4, 1), 5, 25),  # joined on the first day of the leave year
        (date(2023, 3, 1), 5, 28),  # three completed years on 1 April 2026
        (date(2000, 1, 1), 5, 30),  # capped at 30
        (date(2024, 3, 14), 3, 16.5),  # 27 * 3/5 = 16.2, rounded up to a half day
        (date(2026, 4, 1), 3, 15),  # 25 * 3/5 = 15 exactly
        (date(2026, 4, 1), 4, 20),
        (date(2026, 4, 1), 1, 5),
        # Joining during the year: the share of the year left, 129 of 365 days.
        (date(2026, 11, 23), 5, 9),  # 25 * 129/365 = 8.8, rounded up to a half day
        (date(2026, 11, 23), 3, 5.5),  # 25 * 3/5 * 129/365 = 5.3
        (date(2027, 3, 31), 5, 0.5),  # the last day of the year still earns something
        (date(2027, 4, 1), 5, 0),  # not yet joined in this leave year
    ],
)
def test_entitlement(started, days_per_week, expected):
    assert entitlement(started, days_per_week, date(2026, 4, 1)) == expected


@given(full=st.integers(0, 40), days_per_week=st.integers(1, 5))
def test_pro_rata_rounds_up_to_a_half_day_and_never_beyond_full_time(full, days_per_week):
    value = pro_rata(full, days_per_week)

    assert value * 2 == int(value * 2)
    assert full * days_per_week / 5 <= value <= full
    assert value - full * days_per_week / 5 < 0.5


def test_carry_over_is_capped_at_ten_days_pro_rata():
    assert carry_over_cap(5) == 10
    assert carry_over_cap(3) == 6
    assert allowed_carry_over(12, 5) == 10
    assert allowed_carry_over(4.5, 3) == 4.5
    assert allowed_carry_over(-1, 5) == 0


def test_the_balance_adds_up():
    year = date(2026, 4, 1)
    requests = [
        booked(date(2026, 5, 11), date(2026, 5, 15), days=5, days_before=5),
        booked(date(2026, 11, 24), date(2026, 11, 27), days=4, days_before=1),
        booked(date(2027, 1, 20), date(2027, 1, 20), status="pending", days=1),
        booked(date(2027, 1, 21), date(2027, 1, 21), status="rejected", days=1),
        booked(date(2027, 1, 22), date(2027, 1, 22), status="cancelled", days=1),
        booked(date(2027, 2, 1), date(2027, 2, 2), days=2, leave_type="sick"),
        booked(date(2027, 4, 5), date(2027, 4, 5), days=1),  # next leave year
    ]

    result = balance(year_start=year, entitlement_days=28, carried_over=3, requests=requests)

    assert (result.taken, result.booked, result.pending) == (6, 3, 1)
    assert result.remaining == 28 + 3 - 6 - 3 - 1
    assert result.leave_year_end == date(2027, 3, 31)


@pytest.mark.parametrize(
    ("start", "end", "portion", "code"),
    [
        (date(2026, 11, 24), date(2026, 11, 26), "full", "date_in_past"),
        (date(2026, 12, 9), date(2026, 12, 7), "full", "end_before_start"),
        (date(2026, 12, 7), date(2026, 12, 8), "am", "half_day_range"),
        (date(2027, 3, 30), date(2027, 4, 2), "full", "spans_leave_years"),
        (date(2028, 3, 31), date(2028, 4, 3), "full", "too_far_ahead"),
        (date(2028, 4, 3), date(2028, 4, 3), "full", "too_far_ahead"),
    ],
)
def test_impossible_dates_are_refused(start, end, portion, code):
    assert code_of(check_dates, start, end, portion, TODAY) == code


def test_dates_from_today_to_the_end_of_next_leave_year_are_fine():
    check_dates(TODAY, TODAY, "am", TODAY)
    check_dates(date(2028, 3, 27), date(2028, 3, 31), "full", TODAY)


def test_the_past_date_message_names_the_dates():
    with pytest.raises(RuleBroken) as error:
        check_dates(date(2026, 11, 20), date(2026, 11, 20), "full", TODAY)

    assert "Friday 20 November 2026" in error.value.message
    assert "Wednesday 25 November 2026" in error.value.message


def test_requested_days_count_working_days_and_half_days():
    christmas = {date(2026, 12, 25): "Christmas Day", date(2026, 12, 28): "Boxing Day"}

    assert requested_days(date(2026, 12, 21), date(2026, 12, 31), "full", FULL_TIME, christmas) == 7
    assert requested_days(date(2026, 12, 21), date(2026, 12, 21), "pm", FULL_TIME, christmas) == 0.5


@pytest.mark.parametrize(
    ("start", "end", "portion"),
    [
        (date(2026, 12, 5), date(2026, 12, 6), "full"),  # a weekend
        (date(2026, 12, 25), date(2026, 12, 25), "am"),  # a bank holiday
        (date(2026, 12, 3), date(2026, 12, 4), "full"),  # Thursday and Friday, for a Mon-Wed worker
    ],
)
def test_no_working_days_is_refused(start, end, portion):
    closed = {date(2026, 12, 25): "Christmas Day"}
    assert code_of(requested_days, start, end, portion, (0, 1, 2), closed) == "no_working_days"


def test_the_end_is_the_one_asked_for_or_where_the_working_days_run_out():
    friday = date(2026, 12, 18)

    assert resolve_end(Ask(friday, end_date=date(2026, 12, 21)), FULL_TIME, "england") == date(
        2026, 12, 21
    )
    # Friday, then the Monday to Wednesday after: Christmas and Boxing Day (observed) are closed.
    assert resolve_end(Ask(friday, working_days=4), FULL_TIME, "england") == date(2026, 12, 23)
    assert resolve_end(Ask(date(2026, 12, 24), working_days=2), FULL_TIME, "england") == date(
        2026, 12, 29
    )
    assert resolve_end(Ask(friday, working_days=1, portion="am"), FULL_TIME, "england") == friday


def test_an_end_by_working_days_refuses_a_long_half_day_and_an_empty_pattern():
    friday = date(2026, 12, 18)

    assert code_of(resolve_end, Ask(friday, working_days=2, portion="pm"), FULL_TIME, "wales") == (
        "half_day_range"
    )
    assert code_of(resolve_end, Ask(friday, working_days=2), (), "wales") == "no_working_days"


def test_an_overlap_names_the_existing_request():
    existing = [booked(date(2026, 12, 7), date(2026, 12, 9), status="pending", days=3)]

    with pytest.raises(RuleBroken) as error:
        check_overlap(date(2026, 12, 9), date(2026, 12, 11), existing)

    assert error.value.code == "overlaps_existing"
    assert error.value.message == (
        "You already have annual leave booked from Monday 7 December to Wednesday 9 December 2026 "
        "(pending approval, LR-000001)."
    )


def test_cancelled_and_rejected_requests_do_not_overlap():
    for status in ("cancelled", "rejected"):
        check_overlap(
            date(2026, 12, 7),
            date(2026, 12, 9),
            [booked(date(2026, 12, 7), date(2026, 12, 9), status=status)],
        )


def test_more_annual_leave_than_is_left_is_refused_with_both_numbers():
    with pytest.raises(RuleBroken) as error:
        check_balance(6, "annual", 4.5)

    assert error.value.code == "insufficient_balance"
    assert error.value.message == "You've asked for 6 days but have 4.5 days left this leave year."


def test_the_balance_check_allows_exactly_what_is_left_and_other_leave_types():
    check_balance(4.5, "annual", 4.5)
    check_balance(10, "sick", 0)


@pytest.mark.parametrize(
    ("status", "decision", "expected"),
    [
        ("pending", "approve", "approved"),
        ("pending", "reject", "rejected"),
        ("approved", "approve", None),
        ("rejected", "reject", None),
    ],
)
def test_decisions(status, decision, expected):
    assert decide(status, decision) == expected


@pytest.mark.parametrize(
    ("status", "decision"),
    [("approved", "reject"), ("rejected", "approve"), ("cancelled", "approve")],
)
def test_a_decision_cannot_be_changed(status, decision):
    assert conflict_of(decide, status, decision) == "already_decided"


def test_cancelling():
    future, started = date(2026, 12, 7), date(2026, 11, 25)

    assert cancel("pending", future, TODAY) == "cancelled"
    assert cancel("pending", started, TODAY) == "cancelled"
    assert cancel("approved", future, TODAY) == "cancelled"
    assert cancel("cancelled", future, TODAY) is None
    assert conflict_of(cancel, "approved", started, TODAY) == "not_cancellable"
    assert conflict_of(cancel, "rejected", future, TODAY) == "not_cancellable"


PRIYA = Worker(frozenset(FULL_TIME), "england", date(2022, 7, 1))


def test_days_before_count_the_working_days_already_taken():
    week = booked(date(2026, 12, 21), date(2026, 12, 31), days=7)  # Christmas week and the next
    half = BookedLeave("LR-000002", TODAY, TODAY, "annual", "approved", 0.5, portion="pm")

    assert days_before(week, date(2026, 12, 21), PRIYA) == 0
    assert days_before(week, date(2026, 12, 29), PRIYA) == 4  # 25 and 28 December are closed
    assert days_before(week, date(2027, 1, 4), PRIYA) == 7
    assert days_before(half, TODAY, PRIYA) == 0
    assert days_before(half, date(2026, 11, 26), PRIYA) == 0.5


def test_a_years_balance_splits_approved_leave_at_the_day_asked_about():
    requests = [
        booked(date(2026, 12, 21), date(2026, 12, 31), days=7),
        booked(date(2027, 2, 1), date(2027, 2, 1), status="pending"),
        booked(date(2027, 4, 5), date(2027, 4, 5)),  # next leave year: not counted
    ]

    result = year_balance(PRIYA, date(2026, 12, 29), 3, requests)

    assert (result.entitlement, result.carried_over) == (28, 3)  # 25 and 3 years served
    assert (result.taken, result.booked, result.pending) == (4, 3, 1)
    assert result.remaining == 23


def test_a_quote_prices_what_is_asked_against_the_year_it_falls_in():
    ask = Ask(date(2026, 12, 21), working_days=3)

    priced = quote(ask, PRIYA, TODAY, carried_over=2, year_requests=[])

    assert priced == Quote(date(2026, 12, 21), date(2026, 12, 23), "full", "annual", 3, 30)
    assert priced.balance_after == 27
    sick = quote(
        Ask(date(2026, 12, 21), date(2026, 12, 21), leave_type="sick"),
        PRIYA,
        TODAY,
        carried_over=0,
        year_requests=[],
    )
    assert sick.balance_after == sick.balance_before == 28


def test_a_quote_gives_the_first_rule_broken():
    existing = [booked(date(2026, 12, 21), date(2026, 12, 21), status="pending")]
    asked = {"today": TODAY, "carried_over": 0}

    past_and_overlapping = Ask(date(2026, 11, 20), date(2026, 12, 21))
    overlapping = Ask(date(2026, 12, 18), date(2026, 12, 21))
    too_long = Ask(date(2027, 1, 4), date(2027, 3, 5))

    assert code_of(quote, past_and_overlapping, PRIYA, year_requests=existing, **asked) == (
        "date_in_past"
    )
    assert code_of(quote, overlapping, PRIYA, year_requests=existing, **asked) == (
        "overlaps_existing"
    )
    assert code_of(quote, too_long, PRIYA, year_requests=existing, **asked) == (
        "insufficient_balance"
    )


def test_which_requests_can_be_cancelled_is_the_rule_cancel_applies():
    future, started = date(2026, 12, 7), date(2026, 11, 25)

    assert can_cancel("pending", started, TODAY)
    assert can_cancel("approved", future, TODAY)
    assert not can_cancel("approved", started, TODAY)
    assert not can_cancel("approved", TODAY, TODAY)
    assert not can_cancel("rejected", future, TODAY)
    assert not can_cancel("cancelled", future, TODAY)
