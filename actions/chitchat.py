"""Greeting; what to do when the assistant didn't understand, is asked for something it doesn't
do, or hears that the person is fed up: always say where to go instead."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._common import ApiDeps, latest_intent, require_token
from actions.api_client import ApiError

MISUNDERSTOOD_INTENTS = frozenset({"nlu_fallback", "out_of_scope"})
# Asks that belong to another team: each has its own decline, `utter_decline_<intent>`.
DECLINED = frozenset({"it_support", "facilities"})
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
    "tax_document": "My P60 or P11D",
    "expense_status": "My expense claims",
    "po_status": "A purchase order",
    "invoice_status": "An invoice",
    "onboarding_checklist": "My onboarding checklist",
    "po_list": "My purchase orders",
    "po_approvals": "Purchase orders waiting for my approval",
    "it_support": "An IT problem or a password",
    "facilities": "A room, a desk or the building",
    "frustration": "Talk to a person",
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
            dispatcher.utter_message(response="utter_greet")
            return []
        dispatcher.utter_message(response="utter_greet_by_name", name=me.first_name)
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
            dispatcher.utter_message(
                response="utter_service_desk", contact=self.settings.service_desk_contact
            )
            return []
        ranking = (tracker.latest_message or {}).get("intent_ranking") or []
        choices = [
            item["name"]
            for item in ranking
            if isinstance(item, dict) and item.get("name") in INTENT_TITLES
        ][:2]
        if not choices:
            dispatcher.utter_message(response="utter_did_not_understand")
            return []
        buttons = [{"title": INTENT_TITLES[name], "payload": f"/{name}"} for name in choices]
        dispatcher.utter_message(response="utter_did_you_mean", buttons=buttons)
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
            dispatcher.utter_message(
                response="utter_service_desk", contact=self.settings.service_desk_contact
            )
            return []
        dispatcher.utter_message(
            response="utter_out_of_scope", contact=self.settings.service_desk_contact
        )
        return []


class ActionDecline(ApiDeps, Action):
    """Decline what belongs to another team (IT, facilities) and say how to reach them."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_decline"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Say honestly that this isn't something the assistant does, and who does it.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; the intent (`it_support`, `facilities`) says who.
            domain: The bot's domain.

        Returns:
            No events.
        """
        intent = latest_intent(tracker)
        response = f"utter_decline_{intent}" if intent in DECLINED else "utter_out_of_scope"
        dispatcher.utter_message(response=response, contact=self.settings.service_desk_contact)
        return []


class ActionFrustration(ApiDeps, Action):
    """Hear that the person is fed up, and offer a person straight away."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_frustration"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Apologise, give the service desk's contact, and offer to start again.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation.
            domain: The bot's domain.

        Returns:
            No events.
        """
        dispatcher.utter_message(
            response="utter_frustration", contact=self.settings.service_desk_contact
        )
        return []


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
        dispatcher.utter_message(
            response="utter_human_handoff", contact=self.settings.service_desk_contact
        )
        return []
