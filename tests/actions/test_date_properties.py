"""Property-based tests of the date reader: phrasings of known periods are read as those periods.

Each test draws a day to write on (any day from 2024 to 2032), a period ahead of it, and one of
the ways people write that period in British English, then checks the reading.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from actions._dates import DateContext, DateRequest, parse_date_request

todays = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2032, 12, 31))
# Far enough ahead to be a future date, near enough not to be read as the recent past.
aheads = st.integers(min_value=1, max_value=280)
lengths = st.integers(min_value=1, max_value=9)


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def month(day: dt.date, short: bool) -> str:
    return f"{day:%b}" if short else f"{day:%B}"


def weekday(day: dt.date, short: bool) -> str:
    return f"{day:%a}" if short else f"{day:%A}"


def range_phrasings(start: dt.date, end: dt.date, short: bool) -> list[str]:
    """Ways to write a period of more than one day; some only fit one month."""
    s, e = start, end
    m, n = month(s, short), month(e, short)
    phrasings = [
        f"{ordinal(s.day)} {m} to {ordinal(e.day)} {n}",
        f"from the {ordinal(s.day)} of {m} to the {ordinal(e.day)} of {n}",
        f"{weekday(s, short)} {s.day} {m} - {weekday(e, short)} {e.day} {n}",
        f"{s.day}/{s.month} to {e.day}/{e.month}",
        f"{s.day}/{s.month}/{s.year} - {e.day}/{e.month}/{e.year}",
        f"between {s.day} {m} and {e.day} {n}",
        f"{m} {ordinal(s.day)} until {n} {ordinal(e.day)}",
        f"can I book {s.day} {m} {s.year} to {e.day} {n} {e.year} off please",
    ]
    if (s.year, s.month) == (e.year, e.month):
        phrasings += [
            f"{ordinal(s.day)} to {ordinal(e.day)} {m}",
            f"from the {ordinal(s.day)} to the {ordinal(e.day)} of {m}",
            f"{s.day}-{e.day} {m}",
            f"{m} {s.day}-{e.day}",
            f"{ordinal(s.day)}-{ordinal(e.day)} {m}",
            f"book annual leave from {ordinal(s.day)} to {ordinal(e.day)} {m}",
            f"between the {ordinal(s.day)} and the {ordinal(e.day)} of {m}",
        ]
    if (end - start).days == 2 and (s.year, s.month) == (e.year, e.month):
        middle = start + dt.timedelta(days=1)
        phrasings += [
            f"{ordinal(s.day)}, {ordinal(middle.day)} and {ordinal(e.day)} {m}",
            f"the {ordinal(s.day)}, {ordinal(middle.day)} & {ordinal(e.day)} of {m}",
        ]
    return phrasings


@given(
    today=todays,
    ahead=aheads,
    length=lengths,
    short=st.booleans(),
    choice=st.integers(min_value=0, max_value=100),
)
def test_a_period_written_any_way_is_read_as_that_period(
    today: dt.date, ahead: int, length: int, short: bool, choice: int
) -> None:
    start = today + dt.timedelta(days=ahead)
    end = start + dt.timedelta(days=length)
    phrasings = range_phrasings(start, end, short)
    text = phrasings[choice % len(phrasings)]

    assert parse_date_request(text, today) == DateRequest(start=start, end=end), text


@given(today=todays, ahead=aheads, short=st.booleans(), choice=st.integers(0, 5))
def test_a_week_commencing_is_that_monday_to_friday(
    today: dt.date, ahead: int, short: bool, choice: int
) -> None:
    day = today + dt.timedelta(days=ahead)
    monday = day - dt.timedelta(days=day.weekday())
    if monday <= today:
        monday += dt.timedelta(weeks=1)
    m = month(monday, short)
    text = [
        f"w/c {monday.day} {m}",
        f"w/c {ordinal(monday.day)} {m}",
        f"week commencing {weekday(monday, short)} {monday.day} {m}",
        f"the week of {m} {ordinal(monday.day)}",
        f"week beginning the {ordinal(monday.day)} of {m}",
        f"wc {monday.day}/{monday.month}",
    ][choice]

    assert parse_date_request(text, today) == DateRequest(
        start=monday, end=monday + dt.timedelta(days=4)
    ), text


@given(
    today=todays,
    ahead=aheads,
    part=st.sampled_from([("morning", "am"), ("afternoon", "pm"), ("pm", "pm"), ("am", "am")]),
    short=st.booleans(),
)
def test_half_a_day_is_read_with_its_morning_or_afternoon(
    today: dt.date, ahead: int, part: tuple[str, str], short: bool
) -> None:
    day = today + dt.timedelta(days=ahead)
    text = f"{weekday(day, short)} {ordinal(day.day)} {month(day, short)} {part[0]}"

    assert parse_date_request(text, today) == DateRequest(start=day, end=day, portion=part[1])  # type: ignore[arg-type]


@given(today=todays, ahead=aheads, length=st.integers(0, 6))
def test_days_alone_are_read_in_the_month_already_talked_about(
    today: dt.date, ahead: int, length: int
) -> None:
    start = today + dt.timedelta(days=ahead)
    end = start + dt.timedelta(days=length)
    if end.month != start.month:
        end = start
    said = (
        f"actually make it the {ordinal(start.day)}"
        if start == end
        else f"actually make it the {ordinal(start.day)} to the {ordinal(end.day)}"
    )

    reading = parse_date_request(said, today, DateContext(start.year, start.month))

    assert reading == DateRequest(start=start, end=end), said


@given(today=todays, weeks=st.sampled_from([("this", 0), ("next", 1)]), first=st.integers(0, 4))
def test_weekdays_of_a_named_week(today: dt.date, weeks: tuple[str, int], first: int) -> None:
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks[1])
    start = monday + dt.timedelta(days=first)
    text = f"{weekday(start, False)} to Friday {weeks[0]} week"

    assert parse_date_request(text, today) == DateRequest(
        start=start, end=monday + dt.timedelta(days=4)
    ), text


date_words = st.sampled_from(
    "the of to - – and , & 1st 2nd 21st 31 29 0 32 99 2027 12/13 31/02 2026-02-30 w/c week next "
    "last this friday fri may sun december dec tomorrow morning pm half for days weeks a two "
    "between from until fortnight 3 / . christmas eve".split()
)


@given(today=todays, words=st.lists(date_words, max_size=12))
def test_any_jumble_of_date_words_is_read_or_refused_without_error(
    today: dt.date, words: list[str]
) -> None:
    reading = parse_date_request(" ".join(words), today)

    assert reading is None or reading.end is None or reading.start <= reading.end


@given(today=todays, text=st.text(max_size=60))
def test_any_text_is_read_or_refused_without_error(today: dt.date, text: str) -> None:
    parse_date_request(text, today, DateContext(today.year, today.month))
