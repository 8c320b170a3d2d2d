"""Booking leave: the leave form's validation, its summary question, submitting and stopping."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import (
    SIGN_IN_AGAIN,
    UNAVAILABLE,
    ApiDeps,
    explain_failure,
    format_dates,
    format_days,
    latest_intent,
    latest_text,
    leave_type_words,
    require_token,
    token_of,
)
from actions._dates import DateRequest, parse_date_request, parse_portion, says_portion
from actions._leave_form import (
    FORM_SLOTS,
    answers_end_date,
    date_context,
    empty_form,
    half_entity,
    idempotency_key,
    kept_half_day,
    leave_type_of,
    moved_booking,
    portion_of,
    reset_form_slots,
    stale_booking,
    summary,
)
from actions.api_client import (
    ApiError,
    ApiRefusal,
    ApiUnavailable,
    LeaveQuote,
    LeaveRequestIn,
    NotAuthorised,
)

COULD_NOT_READ_DATES = (
    "Sorry, I couldn't work out the dates from that. "
    "Try something like 'next Friday' or '14 to 18 December'."
)
LOST_THE_DATES = "Sorry, I've lost track of the dates. Which days would you like off?"
# Intents whose text is read for dates while the form asks for them.
DATE_ANSWER_INTENTS = frozenset({"inform", "request_leave", "nlu_fallback"})


class ValidateLeaveForm(ApiDeps, FormValidationAction):
    """Fill the leave form from free text and price the request with the API.

    Every validator settles the whole form at once (`_settle`), so the order in which rasa-sdk
    calls them does not matter and the API is asked for a quote at most once a turn.
    """

    def name(self) -> str:
        """The action's name in the domain."""
        return "validate_leave_form"

    def domain_slots(self, domain: DomainDict) -> list[str]:
        """The form's required slots plus `leave_quote`, which validation also sets."""
        return [*super().domain_slots(domain), "leave_quote"]

    def _dates(self, tracker: Tracker) -> DateRequest | None:
        text = latest_text(tracker)
        if stale_booking(tracker):
            # A new booking after one that ended with "no": nothing of the old one carries over.
            return parse_date_request(text, self.today())
        dates = parse_date_request(text, self.today(), date_context(tracker))
        if dates is None:
            return None
        half = kept_half_day(tracker, dates, says_portion(text) or half_entity(tracker) is not None)
        if half is not None:
            return replace(dates, portion=half)  # type: ignore[arg-type]
        return moved_booking(tracker, dates)

    async def extract_leave_start(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Read the first day from the message; new dates undo the quote and the confirmation.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation.
            domain: The bot's domain.

        Returns:
            The slots to set, or nothing when the message has no dates.
        """
        dates = self._dates(tracker)
        stale = stale_booking(tracker)
        if stale:
            # A new booking after one that ended with "no": forget the old one.
            tracker.slots.update(empty_form())
        if dates is None:
            asked = tracker.get_slot("requested_slot") in ("leave_start", "leave_end")
            if asked and latest_intent(tracker) in DATE_ANSWER_INTENTS:
                dispatcher.utter_message(text=COULD_NOT_READ_DATES)
                return {"leave_start": None}
            return empty_form() if stale else {}
        if answers_end_date(tracker, dates):
            return {"leave_start": tracker.get_slot("leave_start")}
        start = dates.start.isoformat()
        end = dates.end.isoformat() if dates.end else None
        unchanged = (
            tracker.get_slot("leave_start") == start
            and tracker.get_slot("leave_end") == end
            and tracker.get_slot("leave_portion") == portion_of(dates)
        )
        if unchanged:
            return {"leave_start": start}
        return {"leave_start": start, "leave_quote": None, "leave_confirmed": None}

    async def extract_leave_end(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Read the last day; for "3 days from the 14th" it stays empty until the quote."""
        dates = self._dates(tracker)
        if dates is None:
            return {}
        if answers_end_date(tracker, dates):
            return {"leave_end": dates.start.isoformat(), "leave_quote": None}
        return {"leave_end": dates.end.isoformat() if dates.end else None}

    async def extract_leave_portion(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Read full day, morning or afternoon; "half" alone leaves it empty, so it is asked."""
        dates = self._dates(tracker)
        if dates is not None:
            if answers_end_date(tracker, dates):
                return {"leave_portion": "full"}
            return {"leave_portion": portion_of(dates)}
        text = latest_text(tracker)
        half = half_entity(tracker)
        if half is None and not says_portion(text):
            return {}
        portion = half or parse_portion(text)
        if portion == tracker.get_slot("leave_portion"):
            return {"leave_portion": portion}
        return {"leave_portion": portion, "leave_quote": None, "leave_confirmed": None}

    async def validate_leave_start(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Settle the whole form, whichever slot was set (see `_settle`)."""
        return await self._settle(dispatcher, tracker)

    # Each slot's validator settles the whole form.
    validate_leave_end = validate_leave_start
    validate_leave_portion = validate_leave_start
    validate_leave_confirmed = validate_leave_start
    validate_leave_quote = validate_leave_start

    async def _settle(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """Quote the request once its dates and portion are known, and return the form's slots.

        A day count ("3 days from the 14th") is quoted as a count, and the API's end date fills
        `leave_end`. A refusal is explained and the dates are emptied so the form asks again;
        an API that doesn't answer ends the form, having changed nothing.
        """
        slots = {slot: tracker.slots.get(slot) for slot in FORM_SLOTS}
        if slots["leave_start"] is None:
            return {**slots, "leave_end": None, "leave_quote": None, "leave_confirmed": None}
        ready = slots["leave_portion"] is not None and slots["leave_quote"] is None
        if not ready:
            return slots
        token = token_of(tracker)
        if token is None:
            dispatcher.utter_message(text=SIGN_IN_AGAIN)
            return {**empty_form(), "requested_slot": None}
        dates = self._dates(tracker)
        request = LeaveRequestIn(
            start_date=slots["leave_start"],
            end_date=slots["leave_end"],
            working_days=dates.working_days if dates and slots["leave_end"] is None else None,
            portion=slots["leave_portion"],
            leave_type=leave_type_of(tracker),
        )
        if request.end_date is None and request.working_days is None:
            request = request.model_copy(update={"end_date": request.start_date})
        try:
            quote = await self.client.quote_leave(token, request)
        except NotAuthorised as error:
            explain_failure(dispatcher, error)
            return {**empty_form(), "requested_slot": None}
        except ApiRefusal as error:
            dispatcher.utter_message(text=f"You can't book that: {error.message}")
            return empty_form()
        except ApiUnavailable:
            dispatcher.utter_message(text=UNAVAILABLE)
            return {**empty_form(), "requested_slot": None}
        return {
            **slots,
            "leave_start": quote.start_date.isoformat(),
            "leave_end": quote.end_date.isoformat(),
            "leave_portion": quote.portion,
            "leave_quote": quote.model_dump(mode="json"),
        }


class ActionAskLeaveConfirmed(ApiDeps, Action):
    """Ask the person to confirm the priced request (the form's question for `leave_confirmed`)."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_ask_leave_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Show the summary from `leave_quote` with Yes and No buttons.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; `leave_quote` holds the API's quote.
            domain: The bot's domain.

        Returns:
            No events; when there is no quote, events that empty the dates so they are asked.
        """
        raw = tracker.get_slot("leave_quote")
        if not isinstance(raw, dict):
            dispatcher.utter_message(text=LOST_THE_DATES)
            return [SlotSet("leave_start", None), SlotSet("leave_end", None)]
        quote = LeaveQuote.model_validate(raw)
        buttons = [
            {"title": "Yes, send it", "payload": "/affirm"},
            {"title": "No", "payload": "/deny"},
        ]
        dispatcher.utter_message(text=summary(quote), buttons=buttons)
        return []


class ActionSubmitLeave(ApiDeps, Action):
    """Book the confirmed leave request."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_submit_leave"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Book the request once confirmed, then empty the form whatever happened.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; the form's slots hold the request.
            domain: The bot's domain.

        Returns:
            Events that empty the form's slots.
        """
        confirmed = tracker.get_slot("leave_confirmed")
        if confirmed is False:
            dispatcher.utter_message(response="utter_leave_not_submitted")
            return reset_form_slots()
        start, end = tracker.get_slot("leave_start"), tracker.get_slot("leave_end")
        if confirmed is not True or start is None or end is None:
            return reset_form_slots()
        token = require_token(dispatcher, tracker)
        if token is None:
            return reset_form_slots()
        request = LeaveRequestIn(
            start_date=start,
            end_date=end,
            portion=tracker.get_slot("leave_portion") or "full",
            leave_type=leave_type_of(tracker),
        )
        try:
            booked = await self.client.book_leave(
                token, request, idempotency_key=idempotency_key(tracker, request)
            )
        except ApiError as error:
            explain_failure(dispatcher, error, next_step="Nothing has been booked.")
            return reset_form_slots()
        quote = tracker.get_slot("leave_quote")
        approver = (quote or {}).get("approver") if isinstance(quote, dict) else None
        who = f"{approver['name']} has been asked to approve it." if approver else ""
        dispatcher.utter_message(
            text=(
                f"Done. Your request {booked.reference} for {leave_type_words(booked.leave_type)} "
                f"on {format_dates(booked.start_date, booked.end_date, booked.portion)} "
                f"({format_days(booked.days)}) has been sent. {who}"
            ).strip()
        )
        return reset_form_slots()


class ActionStop(Action):
    """Stop booking leave and forget what was said so far."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_stop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Empty the leave form, end it, and say that nothing was booked.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation.
            domain: The bot's domain.

        Returns:
            Events that end the form and empty its slots.
        """
        dispatcher.utter_message(text="OK, I've stopped. Nothing has been booked.")
        return [ActiveLoop(None), SlotSet("requested_slot", None), *reset_form_slots()]
