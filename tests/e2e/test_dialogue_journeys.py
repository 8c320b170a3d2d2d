"""Dialogue that bends (issue 10): what a person reads when they say no, change their mind, ask
something else mid-way, ask for what the assistant doesn't do, or lose patience.

Each test asserts the whole sequence of messages (texts and buttons); the shared check in
conftest fails any of them where Rasa fell back.
"""

from __future__ import annotations

import datetime as dt

from actions._words import describe_request, format_days
from actions.api_client import LeaveRequest
from scripts.stack import ROOT, read_env_file
from tests.actions.said import text
from tests.conftest import TODAY
from tests.e2e.conftest import said
from tests.e2e.test_leave_journeys import ASK_DATES, booked_reply, quoted, requests_of

CONTACT = read_env_file(ROOT / ".env.example")["SERVICE_DESK_CONTACT"]


def test_no_when_asked_for_the_dates_stops_the_booking(person):
    gareth = person("100004")
    before = requests_of(gareth)

    assert said(gareth.say("I want to book some time off")) == [ASK_DATES]
    assert said(gareth.say("no")) == [(text("utter_leave_stopped"), [])]
    assert said(gareth.say("thanks")) == [(text("utter_thank"), [])]
    assert requests_of(gareth) == before


def test_not_now_stops_an_expense_claim(person):
    sam = person("100005")

    asked = said(sam.say("I want to claim some expenses"))
    assert asked[0][0] == text("utter_ask_expense_type")
    assert said(sam.say("not now")) == [(text("utter_expense_stopped"), [])]


def test_a_question_mid_booking_is_answered_and_the_booking_carries_on(person):
    helen = person("100010")
    balance = helen.get("/v1/me/leave/balance")

    assert said(helen.say("I need to book some leave")) == [ASK_DATES]
    answer = said(helen.say("how much leave have I got left?"))

    assert answer[0][0].startswith(f"You have {format_days(balance['remaining'])} of annual")
    assert answer[1:] == [ASK_DATES]
    assert said(helen.say("stop")) == [(text("utter_leave_stopped"), [])]


def test_a_correction_keeps_the_month_being_booked(person):
    fiona = person("100006")
    march = dt.date(TODAY.year + (1 if TODAY >= dt.date(TODAY.year, 2, 1) else 0), 3, 2)
    start, end = march, march.replace(day=6)
    first = said(fiona.say(f"can I take the 2nd to 6th March {march.year} off"))
    assert first == quoted(fiona, start, end, approver="Helen Ward")
    if first[0][1] != ["Yes, send it", "No"]:
        return  # refused (a March too far ahead): no summary to correct

    corrected = said(fiona.say("actually make it the 3rd to the 6th"))

    assert corrected == quoted(fiona, start.replace(day=3), end, approver="Helen Ward")


def test_a_restaurant_table_on_friday_is_not_leave(person):
    priya = person("100001")
    before = requests_of(priya)

    reply = said(priya.say("book me a table for two at an Italian restaurant on Friday"))

    assert reply == [(text("utter_out_of_scope", contact=CONTACT), [])]
    assert requests_of(priya) == before


def test_a_meeting_room_is_declined_naming_facilities(person):
    priya = person("100001")
    before = requests_of(priya)

    reply = said(priya.say("book a meeting room for 10 people"))

    assert reply == [(text("utter_decline_facilities", contact=CONTACT), [])]
    assert requests_of(priya) == before


def test_it_problems_are_declined_naming_the_it_service_desk_every_time(person):
    sam = person("100005")
    decline = [(text("utter_decline_it_support", contact=CONTACT), [])]

    assert said(sam.say("can you reset my password")) == decline
    assert said(sam.say("my laptop screen keeps flickering, can you log a ticket?")) == decline


def test_frustration_is_heard_and_a_person_offered(person):
    gareth = person("100004")

    reply = said(gareth.say("this is useless"))

    assert reply == [(text("utter_frustration", contact=CONTACT), ["What can you do?"])]


def test_a_managers_requests_waiting_for_approval_are_their_reports(person):
    tom = person("100002")
    waiting = tom.get("/v1/me/approvals")

    reply = said(tom.say("have I got any leave requests waiting for my approval?"))

    heading = (
        text("utter_approvals_one")
        if len(waiting) == 1
        else text("utter_approvals_many", count=len(waiting))
    )
    assert reply[0] == (heading, [])
    assert len(reply) == 1 + len(waiting)
    assert all(buttons == ["Approve", "Reject"] for _, buttons in reply[1:])
    assert "Tom Evans" not in "".join(message for message, _ in reply)


def test_cancel_by_reference_does_not_ask_to_pick(person):
    aisha = person("100003")
    mine = [LeaveRequest.model_validate(r) for r in requests_of(aisha)]
    target = min((r for r in mine if r.cancellable), key=lambda r: r.start_date)

    reply = said(aisha.say(f"cancel {target.reference}"))

    after = LeaveRequest.model_validate(
        next(r for r in requests_of(aisha) if str(r["id"]) == target.id)
    )
    assert after.status == "cancelled"
    assert reply == [(text("utter_leave_cancelled", request=describe_request(after)), [])]


def test_the_second_one_means_the_second_request_just_shown(person):
    priya = person("100001")
    before = requests_of(priya)
    for days in (35, 42):
        day = TODAY + dt.timedelta(days=days)
        day -= dt.timedelta(days=day.weekday())  # a Monday five and six weeks on
        reply = said(priya.say(f"book {day.day} {day:%B %Y} off"))
        if reply[0][1] == ["Yes, send it", "No"]:
            priya.say("yes")
    shown = said(priya.say("what leave have I got booked?"))
    listed = [
        LeaveRequest.model_validate(r) for r in priya.get("/v1/me/leave/requests?upcoming=true")
    ]
    ordered = sorted(
        (r for r in listed if r.status in ("pending", "approved")), key=lambda r: r.start_date
    )
    assert len(ordered) >= 2, shown
    second = ordered[1]

    reply = said(priya.say("cancel the second one"))

    after = LeaveRequest.model_validate(
        next(r for r in requests_of(priya) if str(r["id"]) == second.id)
    )
    assert after.status == "cancelled"
    assert reply == [(text("utter_leave_cancelled", request=describe_request(after)), [])]
    assert len(requests_of(priya)) >= len(before)


def test_a_booking_then_thanks_reads_right_to_the_end(person):
    gareth = person("100004")
    monday = TODAY + dt.timedelta(days=21 - TODAY.weekday())
    expected = quoted(gareth, monday, monday)
    before = requests_of(gareth)

    assert said(gareth.say(f"I'd like {monday.day} {monday:%B %Y} off please")) == expected
    if expected[0][1] != ["Yes, send it", "No"]:
        return
    done = said(gareth.say("yes"))

    [booked] = [r for r in requests_of(gareth) if r not in before]
    assert done == booked_reply(booked)
    assert said(gareth.say("thank you")) == [(text("utter_thank"), [])]
