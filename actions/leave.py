"""Booking leave: the leave form's validation, its summary question, the outcome and stopping."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import (
    ASKS_ITS_OWN_QUESTION,
    FORM_QUESTIONS,
    ApiDeps,
    ask_api,
    latest_intent,
    latest_text,
)
from actions._confirmed_form import AskConfirmation, StopConfirmed, SubmitConfirmed
from actions._dates import DateRequest, parse_date_request, parse_portion, says_portion
from actions._leave_form import (
    FORM_SLOTS,
    LEAVE,
    answers_end_date,
    date_context,
    empty_form,
    half_entity,
    kept_half_day,
    leave_type_of,
    moved_booking,
    portion_of,
    stale_booking,
)
from actions.api_client import ApiRefusal, LeaveRequestIn

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
        """The dates in the latest message, read in the light of what the form already knows
        (the month being booked, a half day: `date_context`, `kept_half_day`).

        A question about dates, or a way out (`ASKS_ITS_OWN_QUESTION`), is not an answer: its
        dates are left alone ("is the 25th a bank holiday?" doesn't change the booking). Dates
        in any other message are the answer, whatever intent the message was given.
        """
        if latest_intent(tracker) in ASKS_ITS_OWN_QUESTION:
            return None
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
                dispatcher.utter_message(response="utter_leave_dates_unread")
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
        if latest_intent(tracker) in FORM_QUESTIONS | {"deny"}:
            return {}
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
    validate_leave_quote = validate_leave_start

    async def validate_leave_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Settle the form; on yes to the summary, book it (see `ConfirmedForm.send_on_yes`)."""
        slots = await self._settle(dispatcher, tracker)
        if slots.get("leave_confirmed") is not True or slots.get("leave_quote") is None:
            return slots
        tracker.slots.update(slots)
        return {**slots, **await LEAVE.send_on_yes(self, dispatcher, tracker)}

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
        quote = await ask_api(
            dispatcher,
            tracker,
            lambda token: self.client.quote_leave(token, request),
            refusals=True,
        )
        if isinstance(quote, ApiRefusal):
            dispatcher.utter_message(response=LEAVE.refused, message=quote.message)
            return empty_form()
        if quote is None:  # signed out or the API isn't answering: already said; end the form
            return {**empty_form(), "requested_slot": None}
        return {
            **slots,
            "leave_start": quote.start_date.isoformat(),
            "leave_end": quote.end_date.isoformat(),
            "leave_portion": quote.portion,
            "leave_quote": quote.model_dump(mode="json"),
        }


class ActionAskLeaveConfirmed(AskConfirmation):
    """Ask the person to confirm the priced request (the form's question for `leave_confirmed`)."""

    form = LEAVE


class ActionSubmitLeave(SubmitConfirmed):
    """Say what was booked once the form ends (booked by the form on yes), or that nothing was."""

    form = LEAVE


class ActionStopLeave(StopConfirmed):
    """Stop booking leave and forget what was said so far."""

    form = LEAVE
