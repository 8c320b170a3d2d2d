"""Working days, bank holidays and date wording."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from api.domain.calendar import (
    bank_holidays,
    count_working_days,
    end_after_working_days,
    format_date,
    format_days,
    format_range,
    next_bank_holidays,
)

FULL_TIME = frozenset({0, 1, 2, 3, 4})
AISHA = frozenset({0, 1, 2})
NO_HOLIDAYS: frozenset[date] = frozenset()

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))
patterns = st.frozensets(st.integers(min_value=0, max_value=6))
regions = st.sampled_from(["england", "wales", "scotland", "northern_ireland"])


@given(start=dates, length=st.integers(0, 120), cut=st.integers(0, 120), pattern=patterns)
def test_splitting_a_range_keeps_the_total(start, length, cut, pattern):
    end = start + timedelta(days=length)
    middle = start + timedelta(days=min(cut, length))

    whole = count_working_days(start, end, pattern, NO_HOLIDAYS)
    left = count_working_days(start, middle, pattern, NO_HOLIDAYS)
    right = count_working_days(middle + timedelta(days=1), end, pattern, NO_HOLIDAYS)

    assert whole == left + right


@given(monday=dates.map(lambda d: d - timedelta(days=d.weekday())))
def test_a_full_time_week_without_holidays_is_five_days(monday):
    assert count_working_days(monday, monday + timedelta(days=6), FULL_TIME, NO_HOLIDAYS) == 5


@settings(deadline=None)  # the first call per region and year builds its holiday table
@given(start=dates, region=regions)
def test_aishas_week_is_at_most_three_days(start, region):
    end = start + timedelta(days=6)
    closed = bank_holidays(region, start, end)

    assert count_working_days(start, end, AISHA, closed) <= 3


@given(start=dates, length=st.integers(0, 60), offset=st.integers(0, 60), pattern=patterns)
def test_a_bank_holiday_on_a_working_day_removes_exactly_one(start, length, offset, pattern):
    end = start + timedelta(days=length)
    holiday = start + timedelta(days=min(offset, length))
    before = count_working_days(start, end, pattern, NO_HOLIDAYS)

    after = count_working_days(start, end, pattern, frozenset({holiday}))

    expected = before - 1 if holiday.weekday() in pattern else before
    assert after == expected


@settings(deadline=None)
@given(start=dates, count=st.integers(1, 40), pattern=patterns.filter(bool), region=regions)
def test_the_end_after_n_working_days_has_exactly_n(start, count, pattern, region):
    closed = bank_holidays(region, start, start + timedelta(days=400))

    end = end_after_working_days(start, count, pattern, closed)

    assert end is not None
    assert count_working_days(start, end, pattern, closed) == count
    assert count_working_days(start, end - timedelta(days=1), pattern, closed) == count - 1


def test_no_end_without_working_days():
    assert end_after_working_days(date(2026, 12, 1), 3, frozenset(), NO_HOLIDAYS) is None
    assert end_after_working_days(date(2026, 12, 1), 0, FULL_TIME, NO_HOLIDAYS) is None


def test_an_empty_range_has_no_working_days():
    assert count_working_days(date(2026, 12, 2), date(2026, 12, 1), FULL_TIME, NO_HOLIDAYS) == 0


def test_st_andrews_day_is_a_bank_holiday_only_in_scotland():
    day = date(2026, 11, 30)

    assert day in bank_holidays("scotland", day, day)
    for region in ("england", "wales", "northern_ireland"):
        assert day not in bank_holidays(region, day, day)


def test_regions_differ_where_they_should():
    year = (date(2026, 1, 1), date(2026, 12, 31))
    england = bank_holidays("england", *year)
    wales = bank_holidays("wales", *year)
    northern_ireland = bank_holidays("northern_ireland", *year)
    scotland = bank_holidays("scotland", *year)

    assert england == wales
    assert date(2026, 3, 17) in northern_ireland  # St Patrick's Day
    assert date(2026, 7, 13) in northern_ireland  # Battle of the Boyne (substitute)
    assert date(2026, 4, 6) not in scotland  # no Easter Monday
    assert date(2026, 1, 2) in scotland
    assert date(2026, 8, 3) in scotland and date(2026, 8, 31) not in scotland


def test_weekend_holidays_are_replaced_by_their_substitute_day():
    christmas = bank_holidays("england", date(2026, 12, 24), date(2026, 12, 31))

    assert list(christmas) == [date(2026, 12, 25), date(2026, 12, 28)]


def test_next_bank_holidays_start_today_and_run_into_next_year():
    upcoming = next_bank_holidays("scotland", date(2026, 11, 30), 4)

    assert [day for day, _ in upcoming] == [
        date(2026, 11, 30),
        date(2026, 12, 25),
        date(2026, 12, 28),
        date(2027, 1, 1),
    ]
    assert upcoming[0][1] == "Saint Andrew's Day"


def test_dates_are_worded_the_govuk_way():
    assert format_date(date(2026, 12, 4)) == "Friday 4 December 2026"
    assert format_range(date(2026, 12, 7), date(2026, 12, 9)) == (
        "Monday 7 December to Wednesday 9 December 2026"
    )
    assert format_range(date(2026, 12, 31), date(2027, 1, 4)) == (
        "Thursday 31 December 2026 to Monday 4 January 2027"
    )
    assert format_range(date(2026, 12, 4), date(2026, 12, 4)) == "Friday 4 December 2026"


def test_day_counts_are_worded_naturally():
    assert format_days(1) == "1 day"
    assert format_days(0.5) == "0.5 days"
    assert format_days(4.5) == "4.5 days"
    assert format_days(6.0) == "6 days"
