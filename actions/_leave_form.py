"""The leave form as a confirmed form (`LeaveForm`), and its helpers for reading the tracker."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from rasa_sdk import Tracker

from actions._common import previous_slot_value
from actions._confirmed_form import ConfirmedForm, Reply
from actions._dates import DateContext, DateRequest
from actions._words import format_dates, format_days, leave_type_words
from actions.api_client import ApiClient, LeaveQuote, LeaveRequest, LeaveRequestIn, LeaveType

FORM_SLOTS = ("leave_start", "leave_end", "leave_portion", "leave_confirmed", "leave_quote")
LEAVE_TYPES = ("annual", "special", "flexi", "unpaid", "sick")
# Actions after which a booking is over, so its month is no longer the one talked about.
_BOOKING_ENDS = frozenset({"action_submit_leave", "action_stop_leave"})


def leave_type_of(tracker: Tracker) -> LeaveType:
    """The leave type from this message's entity, else the slot, else annual leave."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "leave_type" and entity.get("value") in LEAVE_TYPES:
            return entity["value"]  # type: ignore[no-any-return]
    slot = tracker.get_slot("leave_type")
    return slot if slot in LEAVE_TYPES else "annual"


def portion_of(dates: DateRequest) -> str | None:
    """The portion to store: a range or a day count is always whole days."""
    return dates.portion if dates.is_single_day else "full"


def half_entity(tracker: Tracker) -> str | None:
    """The `half` entity of this message (`am`, `pm` or `full`), if any."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "half" and entity.get("value") in ("am", "pm", "full"):
            return str(entity["value"])
    return None


def stale_booking(tracker: Tracker) -> bool:
    """Whether the form holds a finished booking's answers (the form is not asking anything)."""
    return tracker.get_slot("requested_slot") is None and (
        tracker.get_slot("leave_confirmed") is not None
    )


def answers_end_date(tracker: Tracker, dates: DateRequest) -> bool:
    """Whether a single day answers the form's question for the last day."""
    return (
        tracker.get_slot("requested_slot") == "leave_end"
        and tracker.get_slot("leave_start") is not None
        and dates.is_single_day
    )


def moved_booking(tracker: Tracker, dates: DateRequest) -> DateRequest:
    """At the summary, a lone new day moves the booking and keeps its length.

    "book 3 days from the 14th", then "actually make it the 15th" means three days from the
    15th, not the 15th alone. Only whole-day bookings of more than one day are moved; anything
    else (a range, a half day, a day count) replaces the dates as said.
    """
    if tracker.get_slot("requested_slot") != "leave_confirmed" or not dates.is_single_day:
        return dates
    if dates.portion != "full":
        return dates
    quote = previous_slot_value(tracker, "leave_quote")
    if not isinstance(quote, dict) or quote.get("portion") != "full":
        return dates
    days = float(quote.get("days") or 0)
    if days <= 1 or not days.is_integer():
        return dates
    return DateRequest(start=dates.start, working_days=int(days), portion="full")


def date_context(tracker: Tracker) -> DateContext | None:
    """The month of the dates being talked about, for days said without one.

    The form's first day if it has one; else the last first day read in this booking (a
    refusal empties the form, but "actually the 3rd to the 6th" still means the month just
    refused). A booking sent or stopped ends it.
    """
    current = DateContext.of(tracker.get_slot("leave_start"))
    if current is not None:
        return current
    for event in reversed(list(tracker.events)):
        if event.get("event") == "action" and event.get("name") in _BOOKING_ENDS:
            return None
        if event.get("event") == "slot" and event.get("name") == "leave_start":
            found = DateContext.of(event.get("value"))
            if found is not None:
                return found
    return None


def kept_half_day(tracker: Tracker, dates: DateRequest, said_portion: bool) -> str | None:
    """A half day moved to another day stays a half day unless the person says otherwise.

    "afternoon of the 14th", then "actually make it the 15th" means the afternoon of the 15th.
    """
    was_half = tracker.get_slot("leave_portion") in ("am", "pm")
    was_one_day = tracker.get_slot("leave_start") == tracker.get_slot("leave_end")
    if dates.is_single_day and not said_portion and was_half and was_one_day:
        return str(tracker.get_slot("leave_portion"))
    return None


def empty_form() -> dict[str, Any]:
    """Every slot of the leave form, empty."""
    return dict.fromkeys(FORM_SLOTS)


class LeaveForm(ConfirmedForm[LeaveRequestIn]):
    """Booking leave: the API's quote is the summary; yes books it."""

    name = "leave"
    slots = (*FORM_SLOTS, "leave_type")
    refused = "utter_leave_refused"
    ask_again_otherwise = ("leave_start", "leave_end", "leave_portion", "leave_quote")
    not_sent = "utter_leave_not_submitted"
    stopped = "utter_leave_stopped"
    lost = "utter_leave_lost_dates"
    lost_slots = ("leave_start", "leave_end")

    def request(self, tracker: Tracker) -> LeaveRequestIn | None:
        """The request the quote priced."""
        quote = self.quote(tracker)
        if quote is None:
            return None
        return LeaveRequestIn(
            start_date=quote.start_date,
            end_date=quote.end_date,
            portion=quote.portion,
            leave_type=quote.leave_type,
        )

    @staticmethod
    def quote(tracker: Tracker) -> LeaveQuote | None:
        """The API's quote held in `leave_quote`, if any."""
        raw = tracker.get_slot("leave_quote")
        return LeaveQuote.model_validate(raw) if isinstance(raw, dict) else None

    def summary(self, request: LeaveRequestIn, tracker: Tracker) -> Reply:
        """Type, dates, cost, balance afterwards, and who approves it."""
        quote = self.quote(tracker)
        assert quote is not None  # request() read it
        values = {
            "leave_type": leave_type_words(quote.leave_type),
            "dates": format_dates(quote.start_date, quote.end_date, quote.portion),
            "days": format_days(quote.days),
            "balance_after": format_days(quote.balance_after),
        }
        if quote.approver is None:
            return Reply("utter_leave_summary_no_approver", values)
        return Reply("utter_leave_summary", {**values, "approver": quote.approver.name})

    async def send(
        self, client: ApiClient, token: str, request: LeaveRequestIn, key: str
    ) -> BaseModel:
        """Book it."""
        return await client.book_leave(token, request, idempotency_key=key)

    def sent_reply(self, sent: dict[str, Any], tracker: Tracker) -> Reply:
        """The reference, what was booked, and who has been asked to approve it."""
        booked = LeaveRequest.model_validate(sent)
        quote = self.quote(tracker)
        values = {
            "reference": booked.reference,
            "leave_type": leave_type_words(booked.leave_type),
            "dates": format_dates(booked.start_date, booked.end_date, booked.portion),
            "days": format_days(booked.days),
        }
        if quote is None or quote.approver is None:
            return Reply("utter_leave_booked_no_approver", values)
        return Reply("utter_leave_booked", {**values, "approver": quote.approver.name})


LEAVE = LeaveForm()
