"""Leave journeys, typed as a civil servant would, through the real stack, in each channel:
the web chat, Slack (a direct message; buttons clicked) and Teams (a personal chat; cards
submitted).

Each test uses its own persona (or dates no other test touches), because the stack and its
database are shared by the whole session; what a journey books is cancelled after it, so it
can run again in the next channel.
"""

from __future__ import annotations

import datetime as dt
import re

import holidays
import pytest

from actions._words import describe_request, format_dates, format_days, leave_type_words
from actions.api_client import LeaveRequest
from api.domain.calendar import format_date
from api.domain.leave import leave_year_end
from tests.actions.said import text
from tests.api.conftest import working_day_from
from tests.conftest import TODAY
from tests.e2e.conftest import buttons_of, said, text_of

YES_NO = ["Yes, send it", "No"]
ASK_DATES = (text("utter_ask_leave_start"), [])


@pytest.fixture
def person(person_on_each_channel):  # type: ignore[no-untyped-def]
    """Each journey runs in the web chat, in Slack and in Teams."""
    return person_on_each_channel


def next_week_monday(today: dt.date) -> dt.date:
    """Monday of next week."""
    return today + dt.timedelta(days=7 - today.weekday())


def spoken(day: dt.date) -> str:
    """A date as a person types it: "14 July 2027"."""
    return f"{day.day} {day:%B %Y}"


def requests_of(person, status: str | None = None) -> list[dict]:
    path = "/v1/me/leave/requests" + (f"?status={status}" if status else "")
    return person.get(path)


def quoted(
    person, start: dt.date, end: dt.date, portion: str = "full", approver: str = "Tom Evans"
):
    """What the person should read after asking for these dates: the summary with Yes and No,
    or the API's refusal followed by the question for the dates again."""
    body = {"start_date": start.isoformat(), "end_date": end.isoformat(), "portion": portion}
    response = person.post("/v1/me/leave/quote", body)
    if response.status_code != 200:
        refused = text("utter_leave_refused", message=response.json()["detail"]["message"])
        return [(refused, []), ASK_DATES]
    quote = response.json()
    summary = text(
        "utter_leave_summary",
        leave_type=leave_type_words(quote["leave_type"]),
        dates=format_dates(start, end, portion),
        days=format_days(quote["days"]),
        balance_after=format_days(quote["balance_after"]),
        approver=approver,
    )
    return [(summary, YES_NO)]


def booked_reply(request: dict, approver: str = "Tom Evans"):
    """What the person reads once the request is booked."""
    booked = LeaveRequest.model_validate(request)
    done = text(
        "utter_leave_booked",
        reference=booked.reference,
        leave_type=leave_type_words(booked.leave_type),
        dates=format_dates(booked.start_date, booked.end_date, booked.portion),
        days=format_days(booked.days),
        approver=approver,
    )
    return [(done, [])]


def test_book_next_friday_after_seeing_a_summary(person):
    priya = person("100001")
    before = requests_of(priya)
    friday = next_week_monday(TODAY) + dt.timedelta(days=4)
    balance_before = priya.get(f"/v1/me/leave/balance?on={friday}")["remaining"]

    expected = quoted(priya, friday, friday)

    reply = priya.say("can I take next Friday off?")

    assert said(reply) == expected
    if friday in holidays.country_holidays("GB", subdiv="ENG", years=friday.year):
        assert "no working days" in text_of(reply).lower()  # Christmas Day, Good Friday
        assert requests_of(priya) == before
        return
    assert requests_of(priya) == before, "nothing is submitted before the person confirms"

    done = priya.say("yes")

    booked = [r for r in requests_of(priya) if r not in before]
    assert len(booked) == 1
    assert booked[0]["start_date"] == booked[0]["end_date"] == friday.isoformat()
    assert booked[0]["status"] == "pending" and booked[0]["days"] == 1
    assert said(done) == booked_reply(booked[0])
    assert said(priya.say("thanks")) == [(text("utter_thank"), [])]
    assert priya.get(f"/v1/me/leave/balance?on={friday}")["remaining"] == balance_before - 1


def test_change_the_dates_before_confirming(person):
    # Tom, with a whole year's leave: a joiner in February or March has only a few days.
    tom = person("100002")
    before = requests_of(tom)

    first = tom.say("book 3 days from the 14th")
    assert "3 days" in text_of(first)
    changed = tom.say("actually make it the 15th")
    assert "15" in text_of(changed)
    [(summary, buttons)] = said(changed)
    assert buttons == YES_NO and "It uses 3 days of your leave" in summary
    done = tom.say("yes")

    booked = [r for r in requests_of(tom) if r not in before]
    assert len(booked) == 1
    assert dt.date.fromisoformat(booked[0]["start_date"]).day == 15
    assert booked[0]["days"] == 3
    assert said(done) == booked_reply(booked[0], approver="Helen Ward")


def test_part_time_week_costs_only_her_working_days(person):
    aisha = person("100003")
    before = requests_of(aisha)
    monday = next_week_monday(TODAY)
    scottish = holidays.country_holidays("GB", subdiv="SCT", years=[monday.year, monday.year + 1])
    expected = sum(
        1 for d in (monday + dt.timedelta(days=n) for n in range(3)) if d not in scottish
    )

    reply = aisha.say("I'd like to book all of next week off")
    assert said(reply) == quoted(aisha, monday, monday + dt.timedelta(days=4))
    if expected == 0:
        assert "no working days" in text_of(reply).lower()
        return
    assert f"It uses {format_days(expected)} of your leave" in text_of(reply)
    done = aisha.say("yes")

    booked = [r for r in requests_of(aisha) if r not in before]
    assert len(booked) == 1
    assert booked[0]["start_date"] == monday.isoformat()
    assert booked[0]["days"] == expected
    assert said(done) == booked_reply(booked[0])


def test_half_day_then_cancel_it(person):
    sam = person("100005")
    before = requests_of(sam)
    asked = sam.say("half day on Thursday afternoon")
    [(summary, buttons)] = said(asked)
    assert buttons == YES_NO and "(afternoon)" in summary and "half a day" in summary
    done = sam.say("yes")
    booked = [r for r in requests_of(sam) if r not in before]
    assert len(booked) == 1
    assert booked[0]["portion"] == "pm" and booked[0]["days"] == 0.5
    assert said(done) == booked_reply(booked[0], approver="Helen Ward")

    reply = sam.say("I need to cancel my leave")
    cancellable = sorted(
        (LeaveRequest.model_validate(r) for r in sam.get("/v1/me/leave/requests?upcoming=true")),
        key=lambda r: r.start_date,
    )
    cancellable = [r for r in cancellable if r.cancellable]
    if len(cancellable) == 1:
        assert said(reply) == [
            (text("utter_cancel_confirm", request=describe_request(cancellable[0])),
             ["Yes, cancel it", "No, keep it"])
        ]  # fmt: skip
    else:
        assert said(reply) == [
            (text("utter_cancel_which"), [describe_request(r) for r in cancellable])
        ]
    [button] = [b for b in buttons_of(reply) if f'"{booked[0]["id"]}"' in b["payload"]]
    cancelled = sam.say(button["payload"])

    status = {r["id"]: r for r in requests_of(sam)}
    assert status[booked[0]["id"]]["status"] == "cancelled"
    request = LeaveRequest.model_validate(status[booked[0]["id"]])
    assert said(cancelled) == [
        (text("utter_leave_cancelled", request=describe_request(request)), [])
    ]


@pytest.mark.allows_fallback  # "sometime soonish" is meant not to be understood (nlu_fallback)
def test_refusals_explain_and_change_nothing(person):
    helen = person("100010")
    before = requests_of(helen)

    past = helen.say("can I have yesterday off?")
    assert re.search(r"already passed|in the past", text_of(past))
    # Thirteen weeks in next leave year, after the seed's leave (8 to 11 weeks ahead).
    start = max(leave_year_end(TODAY) + dt.timedelta(days=1), TODAY + dt.timedelta(weeks=12))
    end = start + dt.timedelta(weeks=13)
    too_long = helen.say(f"book {spoken(start)} to {spoken(end)}")
    assert "left" in text_of(too_long).lower()
    unreadable = helen.say("sometime soonish")
    assert re.search(r"next friday|for example|like", text_of(unreadable), re.IGNORECASE)
    stopped = helen.say("forget it")
    assert said(stopped) == [(text("utter_leave_stopped"), [])]

    assert requests_of(helen) == before


def test_stop_midway_books_nothing(person):
    fiona = person("100006")
    before = requests_of(fiona)
    assert said(fiona.say("I want to book some leave")) == [ASK_DATES]
    reply = fiona.say("never mind")
    assert said(reply) == [(text("utter_leave_stopped"), [])]
    assert requests_of(fiona) == before


def test_balance_status_and_bank_holidays(person):
    priya = person("100001")
    balance = priya.get("/v1/me/leave/balance")
    remaining = balance["remaining"]
    shown = f"{remaining:g}"

    assert shown in text_of(priya.say("how much leave have I got left?"))
    upcoming = text_of(priya.say("what leave have I got booked?"))
    assert upcoming.strip()
    holidays_reply = text_of(priya.say("when's the next bank holiday?"))
    first = priya.get("/v1/me/bank-holidays")["holidays"][0]
    assert first["name"].split(" [")[0].split(" (")[0] in holidays_reply


def test_manager_approves_and_the_employee_is_told(person):
    tom = person("100002")
    aisha = person("100003")
    aisha.say("hello")  # the channel she used last: the decision goes there
    aisha.notifications()  # start from an empty inbox
    me = aisha.get("/v1/me")
    day = working_day_from("scotland", me["working_days"], TODAY + dt.timedelta(weeks=15))
    booked = aisha.api.post(
        "/v1/me/leave/requests",
        json={"start_date": day.isoformat(), "end_date": day.isoformat()},
        headers=aisha.headers | {"Idempotency-Key": f"e2e-{aisha.session}"},
    )
    assert booked.status_code == 201, booked.text
    target = booked.json()

    reply = tom.say("anything waiting for my approval?")
    approve = [
        b
        for b in buttons_of(reply)
        if "approve" in b["payload"] and str(target["id"]) in b["payload"]
    ]
    assert approve, text_of(reply)
    tom.say(approve[0]["payload"])

    status = {r["id"]: r["status"] for r in requests_of(aisha)}
    assert status[target["id"]] == "approved"
    assert aisha.notifications() == [
        {
            "text": f"Tom Evans approved your annual leave from {format_date(day)} to "
            f"{format_date(day)} (1 day).",
            "buttons": [],
        }
    ]
    assert aisha.notifications() == [], "a notification is delivered once"


def test_staff_without_reports_have_nothing_to_approve(person):
    priya = person("100001")
    reply = text_of(priya.say("anything waiting for my approval?"))
    assert "approve" in reply.lower()
    assert "Aisha" not in reply and "Gareth" not in reply


def test_chit_chat_and_out_of_scope(person):
    gareth = person("100004")
    assert "Gareth" in text_of(gareth.say("hello"))
    assert re.search(r"bot|assistant", text_of(gareth.say("are you a bot?")), re.IGNORECASE)
    assert "leave" in text_of(gareth.say("what can you do?")).lower()
    first = text_of(gareth.say("what's the weather like in Leeds tomorrow?"))
    assert first.strip()
    second = text_of(gareth.say("recommend me a good pizza place in Cardiff"))
    assert "0300 123 4567" in second or "service desk" in second.lower()
