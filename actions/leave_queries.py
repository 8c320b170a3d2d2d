"""Questions about leave that change nothing: balance, status of requests, bank holidays."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import (
    ApiDeps,
    ask_api,
    explain_failure,
    format_dates,
    format_day,
    format_days,
    leave_type_words,
    require_token,
)
from actions.api_client import ApiError, LeaveRequest

REGION_NAMES = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
}


class ActionLeaveBalance(ApiDeps, Action):
    """Say how much leave the person has."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_leave_balance"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Reply with the leave balance for the current leave year.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; its latest message carries the token.
            domain: The bot's domain.

        Returns:
            No events.
        """
        balance = await ask_api(dispatcher, tracker, lambda token: self.client.leave_balance(token))
        if balance is None:
            return []
        year = f"{format_day(balance.leave_year_start)} to {format_day(balance.leave_year_end)}"
        lines = [
            f"You have {format_days(balance.remaining)} of annual leave left "
            f"in this leave year ({year}).",
            f"- Entitlement: {format_days(balance.entitlement)}",
            f"- Carried over: {format_days(balance.carried_over)}",
            f"- Taken: {format_days(balance.taken)}",
            f"- Booked: {format_days(balance.booked)}",
            f"- Waiting for approval: {format_days(balance.pending)}",
        ]
        dispatcher.utter_message(text="\n".join(lines))
        return []


def describe_request(request: LeaveRequest) -> str:
    """One line about a leave request: reference, type, dates, days and status."""
    return (
        f"{request.reference}: {leave_type_words(request.leave_type)}, "
        f"{format_dates(request.start_date, request.end_date, request.portion)} "
        f"({format_days(request.days)}), {_STATUS_WORDS[request.status]}"
    )


_STATUS_WORDS = {
    "pending": "waiting for approval",
    "approved": "approved",
    "rejected": "rejected",
    "cancelled": "cancelled",
}


class ActionLeaveStatus(ApiDeps, Action):
    """List the person's upcoming and pending leave requests."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_leave_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Reply with each upcoming or pending request and its status.

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
            upcoming = await self.client.leave_requests(token, upcoming=True)
            pending = await self.client.leave_requests(token, status="pending")
        except ApiError as error:
            explain_failure(dispatcher, error)
            return []
        shown = {r.id: r for r in [*upcoming, *pending] if r.status in ("pending", "approved")}
        if not shown:
            dispatcher.utter_message(
                text="You have no upcoming leave and nothing waiting for approval."
            )
            return []
        ordered = sorted(shown.values(), key=lambda r: r.start_date)
        lines = ["Here is your upcoming leave:", *(f"- {describe_request(r)}" for r in ordered)]
        dispatcher.utter_message(text="\n".join(lines))
        return []


class ActionBankHolidays(ApiDeps, Action):
    """List the next bank holidays where the person works."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_bank_holidays"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Reply with the next bank holidays, naming the region they apply to.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; its latest message carries the token.
            domain: The bot's domain.

        Returns:
            No events.
        """
        answer = await ask_api(dispatcher, tracker, lambda token: self.client.bank_holidays(token))
        if answer is None:
            return []
        region = region_name(answer.region)
        if not answer.holidays:
            dispatcher.utter_message(text=f"I can't find any coming bank holidays in {region}.")
            return []
        lines = [
            f"The next bank holidays in {region}, where you work, are:",
            *(f"- {format_day(h.date)}: {h.name}" for h in answer.holidays),
        ]
        dispatcher.utter_message(text="\n".join(lines))
        return []


def region_name(region: str) -> str:
    """The region as people say it: "scotland" → "Scotland"."""
    return REGION_NAMES.get(region.lower(), region.replace("_", " ").title())
