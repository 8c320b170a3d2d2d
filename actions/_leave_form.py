"""Helpers of the leave form: reading the tracker, the summary text, the idempotency key."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions._common import format_dates, format_days, leave_type_words
from actions._dates import DateContext, DateRequest
from actions.api_client import LeaveQuote, LeaveRequestIn, LeaveType

FORM_SLOTS = ("leave_start", "leave_end", "leave_portion", "leave_confirmed", "leave_quote")
LEAVE_TYPES = ("annual", "special", "flexi", "unpaid", "sick")
# Actions after which a booking is over, so its month is no longer the one talked about.
_BOOKING_ENDS = frozenset({"action_submit_leave", "action_stop"})


def reset_form_slots() -> list[dict[str, Any]]:
    """Events that empty every slot of the leave form (and the leave type)."""
    return [SlotSet(slot, None) for slot in (*FORM_SLOTS, "leave_type")]


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
    quote = _quote_before_latest_message(tracker)
    if quote is None or quote.get("portion") != "full":
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


def _quote_before_latest_message(tracker: Tracker) -> dict[str, Any] | None:
    """The quote the person was looking at when they wrote the latest message."""
    events = list(tracker.events)
    latest_user = max(
        (i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events)
    )
    for event in reversed(events[:latest_user]):
        if event.get("event") == "slot" and event.get("name") == "leave_quote":
            value = event.get("value")
            return value if isinstance(value, dict) else None
    return None


def empty_form() -> dict[str, Any]:
    """Every slot of the leave form, empty."""
    return dict.fromkeys(FORM_SLOTS)


def summary(quote: LeaveQuote) -> str:
    """The summary the person confirms: type, dates, cost, balance afterwards, approver."""
    lines = [
        f"You're asking for {leave_type_words(quote.leave_type)}: "
        f"{format_dates(quote.start_date, quote.end_date, quote.portion)}.",
        f"It uses {format_days(quote.days)} of your leave, "
        f"leaving you {format_days(quote.balance_after)}.",
    ]
    if quote.approver is not None:
        lines.append(f"{quote.approver.name} will be asked to approve it.")
    else:
        lines.append("You have no line manager on record to approve it.")
    lines.append("Shall I send the request?")
    return "\n".join(lines)


def idempotency_key(tracker: Tracker, request: LeaveRequestIn) -> str:
    """A key that is the same when the same confirmation is sent again, and only then.

    It joins the conversation, the user message that confirmed, and the exact request, so a
    retried action call doesn't book twice, while booking the same dates again later does.
    """
    confirming: dict[str, Any] = next(
        (e for e in reversed(tracker.events) if e.get("event") == "user"), {}
    )
    message = confirming.get("message_id") or confirming.get("timestamp") or ""
    body = json.dumps(request.model_dump(mode="json"), sort_keys=True)
    material = f"{tracker.sender_id}\n{message}\n{body}"
    return hashlib.sha256(material.encode()).hexdigest()
