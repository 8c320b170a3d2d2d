"""Reading leave dates from British English, relative to Wednesday 25 November 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from actions._dates import (
    DateContext,
    DateRequest,
    parse_date_request,
    parse_portion,
    says_portion,
)

TODAY = dt.date(2026, 11, 25)  # a Wednesday


def day(month: int, day_: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day_)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow", day(11, 26)),
        ("today", day(11, 25)),
        ("Friday", day(11, 27)),
        ("on friday please", day(11, 27)),
        ("next Friday", day(12, 4)),
        ("I want to book next Friday off please", day(12, 4)),
        ("the 14th", day(12, 14)),
        ("actually make it the 15th", day(12, 15)),
        ("the 30th", day(11, 30)),
        ("the 31st", day(12, 31)),
        ("1st", day(12, 1)),
        ("14/01", day(1, 14, 2027)),
        ("14/12/2026", day(12, 14)),
        ("2026-12-14", day(12, 14)),
        ("14 January", day(1, 14, 2027)),
        ("14th Jan", day(1, 14, 2027)),
        ("Monday 14 December", day(12, 14)),
        ("can I have the 4th of December off?", day(12, 4)),
        ("I am off on 3 March", day(3, 3, 2027)),
        # The past is read as the past, so the person is told it can't be booked.
        ("can I have yesterday off?", day(11, 24)),
        ("last Friday", day(11, 20)),
        ("20/11", day(11, 20)),
        ("the 3rd of November", day(11, 3)),
        ("3 November 2027", day(11, 3, 2027)),
    ],
)
def test_single_days(text: str, expected: dt.date) -> None:
    assert parse_date_request(text, TODAY) == DateRequest(start=expected, end=expected)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2nd to 6th March", day(3, 2, 2027), day(3, 6, 2027)),
        ("14-18 December", day(12, 14), day(12, 18)),
        ("14 to 18 December", day(12, 14), day(12, 18)),
        ("from the 3rd until the 7th", day(12, 3), day(12, 7)),
        ("between the 3rd and the 7th of December", day(12, 3), day(12, 7)),
        ("28th December to 2nd January", day(12, 28), day(1, 2, 2027)),
        ("friday 4th december till monday 7th december", day(12, 4), day(12, 7)),
        ("Monday to Wednesday next week", day(11, 30), day(12, 2)),
        ("2026-12-14 to 2026-12-18", day(12, 14), day(12, 18)),
        ("next week", day(11, 30), day(12, 4)),
        ("last week", day(11, 16), day(11, 20)),
        ("book the week after next", day(12, 7), day(12, 11)),
        ("half day Monday to Wednesday", day(11, 30), day(12, 2)),
        # Issue 10, defect 7: each of these was read as one day, or the wrong month.
        ("book annual leave from 21st to 23rd December", day(12, 21), day(12, 23)),
        ("21st, 22nd and 23rd December", day(12, 21), day(12, 23)),
        ("the week of Jan 4th", day(1, 4, 2027), day(1, 8, 2027)),
        ("4th to 8th January", day(1, 4, 2027), day(1, 8, 2027)),
        ("from the 21st to the 23rd of December", day(12, 21), day(12, 23)),
        ("w/c 4 Jan", day(1, 4, 2027), day(1, 8, 2027)),
        ("the week of the 10th of December", day(12, 7), day(12, 11)),
        ("Thursday to Tuesday", day(11, 26), day(12, 1)),
        ("Friday 4th and Monday 7th December", day(12, 4), day(12, 7)),
        ("from 21 Dec for 3 days", day(12, 21), None),
        ("two weeks from 4 January", day(1, 4, 2027), day(1, 15, 2027)),
        ("from Monday 4th January for 2 weeks", day(1, 4, 2027), day(1, 15, 2027)),
        ("a fortnight from the 7th", day(12, 7), day(12, 18)),
        ("for a week starting next Monday", day(11, 30), day(12, 4)),
        ("next Wednesday for a week", day(12, 2), day(12, 8)),
    ],
)
def test_ranges_and_weeks(text: str, start: dt.date, end: dt.date | None) -> None:
    working_days = 3 if end is None else None
    assert parse_date_request(text, TODAY) == DateRequest(
        start=start, end=end, working_days=working_days, portion="full"
    )


@pytest.mark.parametrize(
    ("text", "start", "count"),
    [
        ("3 days from the 14th", day(12, 14), 3),
        ("book 3 days starting Monday", day(11, 30), 3),
        ("two days from the 14th", day(12, 14), 2),
        ("3 working days from next monday", day(11, 30), 3),
        ("five days off from 4 January", day(1, 4, 2027), 5),
    ],
)
def test_durations_leave_the_end_to_the_api(text: str, start: dt.date, count: int) -> None:
    request = parse_date_request(text, TODAY)

    assert request == DateRequest(start=start, end=None, working_days=count, portion="full")
    assert request is not None and not request.is_single_day


@pytest.mark.parametrize(
    ("text", "when", "portion"),
    [
        ("half day on Thursday afternoon", day(11, 26), "pm"),
        ("Thursday morning", day(11, 26), "am"),
        ("the morning of the 14th", day(12, 14), "am"),
        ("4 Dec pm", day(12, 4), "pm"),
        ("half day on Friday", day(11, 27), None),
        ("half-day on 4 Dec", day(12, 4), None),
    ],
)
def test_half_days(text: str, when: dt.date, portion: str | None) -> None:
    request = parse_date_request(text, TODAY)

    assert request == DateRequest(start=when, end=when, portion=portion)  # type: ignore[arg-type]
    assert request is not None and request.is_single_day


@pytest.mark.parametrize(
    "text",
    [
        "how much leave have I got",
        "book leave",
        "may I book some leave",
        "I need a day off",
        "can I have 2 weeks off",
        "I'd like two weeks off in the summer",
        "hello",
        "what are the bank holidays",
        "yes",
        "",
        "I am off sick",
        "book me 3 days",
        "the 14th and the 18th",  # two periods, not one: asked again rather than guessed
        "Monday and Friday",
    ],
)
def test_texts_without_dates_give_none(text: str) -> None:
    assert parse_date_request(text, TODAY) is None


@pytest.mark.parametrize(
    ("text", "portion", "said"),
    [
        ("the morning", "am", True),
        ("Afternoon please", "pm", True),
        ("a half day", None, True),
        ("the full day", "full", True),
        ("whatever", "full", False),
    ],
)
def test_portion_answers(text: str, portion: str | None, said: bool) -> None:
    assert parse_portion(text) == portion
    assert says_portion(text) is said


def test_a_date_request_is_frozen() -> None:
    request = DateRequest(start=TODAY, end=TODAY)

    with pytest.raises(AttributeError):
        request.start = TODAY  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "context", "start", "end"),
    [
        # Issue 10, defect 2: after "2nd to 6th March", the correction means March.
        (
            "actually make it the 3rd to the 6th",
            DateContext(2027, 3),
            day(3, 3, 2027),
            day(3, 6, 2027),
        ),
        ("make it the 15th", DateContext(2027, 1), day(1, 15, 2027), day(1, 15, 2027)),
        ("make it 28th to 2nd", DateContext(2026, 12), day(12, 28), day(1, 2, 2027)),
        # A month said wins over the context.
        ("the 5th to the 9th of April", DateContext(2027, 3), day(4, 5, 2027), day(4, 9, 2027)),
        # A context day already past is not meant: the next such day is.
        ("the 3rd", DateContext(2026, 11), day(12, 3), day(12, 3)),
    ],
)
def test_days_alone_take_the_month_already_talked_about(
    text: str, context: DateContext, start: dt.date, end: dt.date
) -> None:
    assert parse_date_request(text, TODAY, context) == DateRequest(start=start, end=end)


@pytest.mark.parametrize(
    ("value", "context"),
    [
        ("2027-03-02", DateContext(2027, 3)),
        (dt.date(2026, 12, 21), DateContext(2026, 12)),
        (None, None),
        ("not a date", None),
    ],
)
def test_a_context_is_the_month_of_a_slot(
    value: str | dt.date | None, context: DateContext | None
) -> None:
    assert DateContext.of(value) == context
