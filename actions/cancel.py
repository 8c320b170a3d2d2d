"""Cancelling one of the person's own leave requests."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import (
    ApiDeps,
    entity_value,
    explain_failure,
    latest_text,
    referenced,
    require_token,
)
from actions._dates import parse_date_request
from actions._words import describe_request, format_day, payload
from actions.api_client import ApiError, LeaveRequest


class ActionCancelLeave(ApiDeps, Action):
    """Cancel a leave request, finding which one from a button, a date or the only candidate."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_cancel_leave"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Cancel the request a button carries (`leave_request_id`), the one named by its
        reference ("cancel LR-000039"), the one pointed at among those just shown ("the second
        one", "it"), or the only one covering a date in the message.

        Otherwise ask: one candidate gets a confirm button, several get a button each. Which
        requests can be cancelled is the API's answer (`cancellable`), not a rule of ours.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation.
            domain: The bot's domain.

        Returns:
            An event emptying `leave_request_id`.
        """
        done = [SlotSet("leave_request_id", None)]
        token = require_token(dispatcher, tracker)
        if token is None:
            return done
        text = latest_text(tracker)
        request_id = tracker.get_slot("leave_request_id") or referenced(
            text, tracker.get_slot("listed_requests")
        )
        reference = entity_value(tracker, "request_ref")
        try:
            if request_id is None and reference is not None:
                named = [
                    r for r in await self.client.leave_requests(token) if r.reference == reference
                ]
                if not named:
                    dispatcher.utter_message(
                        response="utter_cancel_no_such_request", reference=reference
                    )
                    return done
                request_id = named[0].id  # the API says if it can't be cancelled, and why
            if request_id is None:
                requests = await self.client.leave_requests(token, upcoming=True)
                candidates = sorted(
                    (r for r in requests if r.cancellable), key=lambda r: r.start_date
                )
                dates = parse_date_request(text, self.today())
                if dates is not None:
                    covering = [r for r in candidates if r.start_date <= dates.start <= r.end_date]
                    if not covering:
                        dispatcher.utter_message(
                            response="utter_cancel_nothing_on", day=format_day(dates.start)
                        )
                        return done
                    candidates = covering
                if dates is None or len(candidates) != 1:
                    self._ask(dispatcher, candidates)
                    return [*done, SlotSet("listed_requests", [r.id for r in candidates])]
                request_id = candidates[0].id
            cancelled = await self.client.cancel_leave(token, str(request_id))
        except ApiError as error:
            explain_failure(dispatcher, error, refused="utter_refused_nothing_changed")
            return done
        dispatcher.utter_message(
            response="utter_leave_cancelled", request=describe_request(cancelled)
        )
        return done

    @staticmethod
    def _ask(dispatcher: CollectingDispatcher, candidates: list[LeaveRequest]) -> None:
        if not candidates:
            dispatcher.utter_message(response="utter_cancel_nothing")
        elif len(candidates) == 1:
            only = candidates[0]
            dispatcher.utter_message(
                response="utter_cancel_confirm",
                request=describe_request(only),
                buttons=[
                    {
                        "title": "Yes, cancel it",
                        "payload": payload("cancel_leave", leave_request_id=only.id),
                    },
                    {"title": "No, keep it", "payload": "/deny"},
                ],
            )
        else:
            dispatcher.utter_message(
                response="utter_cancel_which",
                buttons=[
                    {
                        "title": describe_request(r),
                        "payload": payload("cancel_leave", leave_request_id=r.id),
                    }
                    for r in candidates
                ],
            )
