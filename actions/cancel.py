"""Cancelling one of the person's own leave requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import (
    ApiDeps,
    explain_failure,
    format_day,
    latest_text,
    require_token,
)
from actions._dates import parse_date_request
from actions.api_client import ApiError, LeaveRequest
from actions.approvals import button_payload
from actions.leave_queries import describe_request

NOTHING_TO_CANCEL = "You have no upcoming leave that can be cancelled."


def cancellable(requests: list[LeaveRequest], today: dt.date) -> list[LeaveRequest]:
    """Requests that can still be cancelled: pending, or approved and not started."""
    return sorted(
        (
            r
            for r in requests
            if r.status == "pending" or (r.status == "approved" and r.start_date > today)
        ),
        key=lambda r: r.start_date,
    )


class ActionCancelLeave(ApiDeps, Action):
    """Cancel a leave request, finding which one from a button, a date or the only candidate."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_cancel_leave"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Cancel the request in `leave_request_id`, or the one covering a date in the message.

        Otherwise ask: one candidate gets a confirm button, several get a button each.

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
        request_id = tracker.get_slot("leave_request_id")
        try:
            if request_id is None:
                requests = await self.client.leave_requests(token, upcoming=True)
                candidates = cancellable(requests, self.today())
                dates = parse_date_request(latest_text(tracker), self.today())
                if dates is not None:
                    covering = [r for r in candidates if r.start_date <= dates.start <= r.end_date]
                    if not covering:
                        dispatcher.utter_message(
                            text=f"You have no leave on {format_day(dates.start)} "
                            "that can be cancelled. Nothing has been changed."
                        )
                        return done
                    candidates = covering
                if dates is None or len(candidates) != 1:
                    self._ask(dispatcher, candidates)
                    return done
                request_id = candidates[0].id
            cancelled = await self.client.cancel_leave(token, str(request_id))
        except ApiError as error:
            explain_failure(dispatcher, error, next_step="Nothing has been changed.")
            return done
        dispatcher.utter_message(text=f"Done: I've cancelled {describe_request(cancelled)}.")
        return done

    @staticmethod
    def _ask(dispatcher: CollectingDispatcher, candidates: list[LeaveRequest]) -> None:
        if not candidates:
            dispatcher.utter_message(text=NOTHING_TO_CANCEL)
        elif len(candidates) == 1:
            only = candidates[0]
            dispatcher.utter_message(
                text=f"Do you want to cancel {describe_request(only)}?",
                buttons=[
                    {"title": "Yes, cancel it", "payload": button_payload("cancel_leave", only.id)},
                    {"title": "No, keep it", "payload": "/deny"},
                ],
            )
        else:
            dispatcher.utter_message(
                text="Which leave do you want to cancel?",
                buttons=[
                    {"title": describe_request(r), "payload": button_payload("cancel_leave", r.id)}
                    for r in candidates
                ],
            )
