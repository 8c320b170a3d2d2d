"""Questions about leave that change nothing: balance, status of requests, bank holidays."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import ApiDeps, ask_api, explain_failure, require_token
from actions._words import bullets, describe_request, format_day, format_days, region_name
from actions.api_client import ApiError


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
        dispatcher.utter_message(
            response="utter_leave_balance",
            remaining=format_days(balance.remaining),
            year_start=format_day(balance.leave_year_start),
            year_end=format_day(balance.leave_year_end),
            entitlement=format_days(balance.entitlement),
            carried_over=format_days(balance.carried_over),
            taken=format_days(balance.taken),
            booked=format_days(balance.booked),
            pending=format_days(balance.pending),
        )
        return []


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
            dispatcher.utter_message(response="utter_leave_status_none")
            return []
        ordered = sorted(shown.values(), key=lambda r: r.start_date)
        dispatcher.utter_message(
            response="utter_leave_status", requests=bullets([describe_request(r) for r in ordered])
        )
        # "cancel the second one" / "cancel it" next refers to these, in this order.
        return [SlotSet("listed_requests", [r.id for r in ordered])]


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
            dispatcher.utter_message(response="utter_bank_holidays_none", region=region)
            return []
        dispatcher.utter_message(
            response="utter_bank_holidays",
            region=region,
            holidays=bullets([f"{format_day(h.date)}: {h.name}" for h in answer.holidays]),
        )
        return []
