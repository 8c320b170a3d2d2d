"""A line manager's side of leave: what is waiting for them, and their decisions."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import ApiDeps, explain_failure, latest_intent, latest_text, require_token
from actions._words import (
    describe_for_manager,
    format_dates,
    format_days,
    leave_type_words,
    payload,
)
from actions.api_client import ApiError, Decision, LeaveRequest, NotAuthorised

DECISIONS: dict[str, Decision] = {"approve_leave": "approve", "reject_leave": "reject"}


def _buttons(intent: str, request: LeaveRequest) -> dict[str, str]:
    return {
        "title": describe_for_manager(request),
        "payload": payload(intent, leave_request_id=request.id),
    }


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
                dispatcher.utter_message(
                    response="utter_approvals_none" if manager else "utter_not_a_manager"
                )
                return []
        except NotAuthorised as error:
            if error.status_code == 403:
                dispatcher.utter_message(response="utter_not_a_manager")
            else:
                explain_failure(dispatcher, error)
            return []
        except ApiError as error:
            explain_failure(dispatcher, error)
            return []
        if len(pending) == 1:
            dispatcher.utter_message(response="utter_approvals_one")
        else:
            dispatcher.utter_message(response="utter_approvals_many", count=len(pending))
        for request in pending:
            dispatcher.utter_message(
                response="utter_approval_item",
                request=describe_for_manager(request),
                buttons=[
                    {
                        "title": "Approve",
                        "payload": payload("approve_leave", leave_request_id=request.id),
                    },
                    {
                        "title": "Reject",
                        "payload": payload("reject_leave", leave_request_id=request.id),
                    },
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
            dispatcher.utter_message(response="utter_approve_or_reject_leave")
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
                    dispatcher.utter_message(
                        response="utter_approvals_none" if manager else "utter_not_a_manager"
                    )
                    return done
                matches = match_by_first_name(latest_text(tracker), pending)
                if len(matches) != 1:
                    self._offer(dispatcher, intent, decision, matches or pending)
                    return done
                request_id = matches[0].id
            decided = await self.client.decide_leave(token, str(request_id), decision)
        except ApiError as error:
            explain_failure(dispatcher, error, refused="utter_refused_nothing_changed")
            return done
        dispatcher.utter_message(
            response=f"utter_leave_{'approved' if decision == 'approve' else 'rejected'}",
            name=decided.employee_name,
            leave_type=leave_type_words(decided.leave_type),
            dates=format_dates(decided.start_date, decided.end_date, decided.portion),
            days=format_days(decided.days),
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
            response=f"utter_which_leave_to_{decision}",
            buttons=[_buttons(intent, r) for r in choices],
        )
