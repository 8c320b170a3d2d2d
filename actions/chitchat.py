"""Greeting, and what to do when the assistant didn't understand."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import ApiDeps, require_token
from actions.api_client import ApiError

MISUNDERSTOOD_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
WHAT_I_CAN_DO = (
    "I can help you book or cancel leave, check your leave balance and requests, "
    "find the next bank holidays and, if you manage people, approve their leave. "
    "I can also answer questions about your pay, expenses, purchase orders and invoices, "
    "and a new joiner's onboarding."
)
# Buttons are offered only for intents a person would recognise as a choice.
INTENT_TITLES = {
    "request_leave": "Book leave",
    "leave_balance": "Check my leave balance",
    "leave_status": "See my leave requests",
    "cancel_leave": "Cancel leave",
    "pending_approvals": "Leave waiting for my approval",
    "bank_holidays": "Bank holidays",
    "help": "What can you do?",
    "human_handoff": "Talk to a person",
    "pay_date": "When I get paid",
    "payslip": "My payslip",
    "tax_document": "My P60 or P45",
    "expense_status": "My expense claims",
    "po_status": "A purchase order",
    "invoice_status": "An invoice",
    "onboarding_checklist": "My onboarding checklist",
    "po_list": "My purchase orders",
    "po_approvals": "Purchase orders waiting for my approval",
}


def misunderstandings_in_a_row(tracker: Tracker) -> int:
    """Count the latest user messages, back to the first understood one, that were not understood.

    Args:
        tracker: The conversation.

    Returns:
        How many consecutive user messages, ending with the latest, had the intent
        `nlu_fallback` or `out_of_scope`.
    """
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if intent not in MISUNDERSTOOD_INTENTS:
            break
        count += 1
    return count


def service_desk_message(contact: str) -> str:
    """The reply that hands the person over to the service desk."""
    return (
        "Sorry, I'm still not understanding you, and I don't want to waste your time. "
        f"You can get help from a person: contact {contact}."
    )


class ActionGreet(ApiDeps, Action):
    """Greet the person by their first name."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Say hello, by first name when the API knows who this is.

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
            me = await self.client.me(token)
        except ApiError:
            # A greeting needs no name: say hello without one rather than fail.
            dispatcher.utter_message(text=f"Hello! {WHAT_I_CAN_DO}")
            return []
        dispatcher.utter_message(text=f"Hello {me.first_name}! {WHAT_I_CAN_DO}")
        return []


class ActionDisambiguate(ApiDeps, Action):
    """Offer the two likeliest meanings of a message the NLU wasn't sure about."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_disambiguate"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Ask "did you mean…?" with two buttons, or offer the service desk the second time.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; `latest_message["intent_ranking"]` gives the choices.
            domain: The bot's domain.

        Returns:
            No events.
        """
        if misunderstandings_in_a_row(tracker) >= 2:
            dispatcher.utter_message(text=service_desk_message(self.settings.service_desk_contact))
            return []
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        choices = [
            item["name"]
            for item in ranking
            if isinstance(item, dict) and item.get("name") in INTENT_TITLES
        ][:2]
        if not choices:
            dispatcher.utter_message(
                text=f"Sorry, I didn't understand that. {WHAT_I_CAN_DO} "
                "Could you say it another way?"
            )
            return []
        buttons = [{"title": INTENT_TITLES[name], "payload": f"/{name}"} for name in choices]
        dispatcher.utter_message(
            text="Sorry, I'm not sure what you meant. Did you mean:", buttons=buttons
        )
        return []


class ActionOutOfScope(ApiDeps, Action):
    """Say what the assistant can help with when asked for something else."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Explain what the assistant does, or offer the service desk the second time running.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation.
            domain: The bot's domain.

        Returns:
            No events.
        """
        if misunderstandings_in_a_row(tracker) >= 2:
            dispatcher.utter_message(text=service_desk_message(self.settings.service_desk_contact))
            return []
        dispatcher.utter_message(text=f"Sorry, I can't help with that. {WHAT_I_CAN_DO}")
        return []


def handoff_message(contact: str) -> str:
    """The reply to someone who asks for a person."""
    return f"I can't pass you to a person from this chat yet. You can contact {contact}."


class ActionHumanHandoff(ApiDeps, Action):
    """Tell someone who asks for a person how to reach the service desk."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Give the service desk's contact details from the settings (`SERVICE_DESK_CONTACT`).

        Args:
            dispatcher: Where replies go.
            tracker: The conversation.
            domain: The bot's domain.

        Returns:
            No events.
        """
        dispatcher.utter_message(text=handoff_message(self.settings.service_desk_contact))
        return []
