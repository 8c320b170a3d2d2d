"""A line manager's side of leave: what is waiting for them, and their decisions."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import (
    ApiDeps,
    explain_failure,
    format_dates,
    format_days,
    latest_intent,
    latest_text,
    leave_type_words,
    require_token,
)
from actions.api_client import ApiError, Decision, LeaveRequest, NotAuthorised

NOT_A_MANAGER = "You don't have anyone's leave to approve."
NOTHING_WAITING = "There's no leave waiting for your approval."
DECISIONS: dict[str, Decision] = {"approve_leave": "approve", "reject_leave": "reject"}


def button_payload(intent: str, request_id: str) -> str:
    """A button payload that carries the request, e.g. `/approve_leave{"leave_request_id":"7"}`."""
    return f"/{intent}" + json.dumps({"leave_request_id": request_id}, separators=(",", ":"))


def describe_for_manager(request: LeaveRequest) -> str:
    """One line about a report's request: who, what, when, how long."""
    return (
        f"{request.employee_name}: {leave_type_words(request.leave_type)}, "
        f"{format_dates(request.start_date, request.end_date, request.portion)} "
        f"({format_days(request.days)}), {request.reference}"
    )


async def _is_manager(deps: ApiDeps, token: str) -> bool:
    me = await deps.client.me(token)
    return "line_manager" in me.roles


class ActionListApprovals(ApiDeps, Action):
    """List the leave requests waiting for the person's decision."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_list_approvals"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Show each pending request with Approve and Reject buttons.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; its latest message carries the token.
            domain: The bot's domain.

        Returns:
            No events.
        """
        token = require_token(dispatcher, tracker)
        if token is None:
            return []
        try:
            pending = await self.client.approvals(token)
            if not pending:
                manager = await _is_manager(self, token)
                dispatcher.utter_message(text=NOTHING_WAITING if manager else NOT_A_MANAGER)
                return []
        except NotAuthorised as error:
            if error.status_code == 403:
                dispatcher.utter_message(text=NOT_A_MANAGER)
            else:
                explain_failure(dispatcher, error)
            return []
        except ApiError as error:
            explain_failure(dispatcher, error)
            return []
        count = len(pending)
        dispatcher.utter_message(
            text=f"{count} leave request{'s are' if count > 1 else ' is'} waiting for you:"
        )
        for request in pending:
            dispatcher.utter_message(
                text=describe_for_manager(request),
                buttons=[
                    {"title": "Approve", "payload": button_payload("approve_leave", request.id)},
                    {"title": "Reject", "payload": button_payload("reject_leave", request.id)},
                ],
            )
        return []


def match_by_first_name(text: str, pending: list[LeaveRequest]) -> list[LeaveRequest]:
    """The pending requests whose employee's first name is a word of the text."""
    words = {word.strip(".,!?'’s").lower() for word in text.split()}
    words |= {word.lower().removesuffix("'s").removesuffix("’s") for word in text.split()}
    return [r for r in pending if r.employee_name.split()[0].lower() in words]


class ActionDecideLeave(ApiDeps, Action):
    """Approve or reject one of the person's reports' leave requests."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_decide_leave"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Decide the request named by the `leave_request_id` slot or by a first name.

        The decision comes from the intent (`approve_leave` or `reject_leave`). When a name
        matches several requests, or none, the choices are offered as buttons.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation.
            domain: The bot's domain.

        Returns:
            An event emptying `leave_request_id`.
        """
        done = [SlotSet("leave_request_id", None)]
        intent = latest_intent(tracker) or ""
        decision = DECISIONS.get(intent)
        if decision is None:
            dispatcher.utter_message(text="Do you want to approve or reject the leave?")
            return done
        token = require_token(dispatcher, tracker)
        if token is None:
            return done
        request_id = tracker.get_slot("leave_request_id")
        try:
            if request_id is None:
                pending = await self.client.approvals(token)
                if not pending:
                    manager = await _is_manager(self, token)
                    dispatcher.utter_message(text=NOTHING_WAITING if manager else NOT_A_MANAGER)
                    return done
                matches = match_by_first_name(latest_text(tracker), pending)
                if len(matches) != 1:
                    self._offer(dispatcher, intent, decision, matches or pending)
                    return done
                request_id = matches[0].id
            decided = await self.client.decide_leave(token, str(request_id), decision)
        except ApiError as error:
            explain_failure(dispatcher, error, next_step="Nothing has been changed.")
            return done
        verb = "approved" if decision == "approve" else "rejected"
        dispatcher.utter_message(
            text=(
                f"Done: you've {verb} {decided.employee_name}'s "
                f"{leave_type_words(decided.leave_type)}, "
                f"{format_dates(decided.start_date, decided.end_date, decided.portion)} "
                f"({format_days(decided.days)}). They'll get a message to say so."
            )
        )
        return done

    @staticmethod
    def _offer(
        dispatcher: CollectingDispatcher,
        intent: str,
        decision: Decision,
        choices: list[LeaveRequest],
    ) -> None:
        dispatcher.utter_message(
            text=f"Which request do you want to {decision}?",
            buttons=[
                {"title": describe_for_manager(r), "payload": button_payload(intent, r.id)}
                for r in choices
            ],
        )
