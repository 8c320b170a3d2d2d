"""Expenses: the status of claims, and claiming by chat with the expense form."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._clock import uk_date
from actions._common import (
    ASKS_ITS_OWN_QUESTION,
    FORM_QUESTIONS,
    ApiDeps,
    ask_api,
    latest_intent,
    latest_text,
)
from actions._confirmed_form import AskConfirmation, StopConfirmed, SubmitConfirmed
from actions._expense_form import (
    EXPENSE,
    TYPE_WORDS,
    amount_in,
    claim_type_in,
    spent_on,
)
from actions._pay_words import words_of
from actions._words import bullets, format_day, format_money, period_words, plural
from actions.api_client import ExpenseClaim

# A claim reference as people write it: "EXP-10023", "exp 10023".
_REFERENCE = re.compile(r"\bexp[-\s]?(\d{3,})\b", re.IGNORECASE)
_OUTSTANDING = ("submitted", "approved")
_OUTSTANDING_WORDS = {"outstanding", "owed", "owe", "waiting", "pending", "unpaid", "due"}
# Intents that are not an answer to the form's question: the form leaves them to the rules
# (answered, then the question again; or the way out). "No" ends the claim, except where it is
# the answer (a receipt? send it?); off-topic may still be what the money was for.
FORM_EXIT_INTENTS = frozenset(
    {"stop", "goodbye", "help", "human_handoff", "bot_challenge", "expense_status", "deny"}
)
_NOT_AN_ANSWER = FORM_QUESTIONS | {"deny"}
_YES_NO_SLOTS = ("expense_receipt", "expense_confirmed")


def describe_claim(claim: ExpenseClaim) -> str:
    """One line about a claim: reference, what, amount, and where it has got to."""
    what = (
        f"{claim.reference}: {format_money(claim.amount)} for {TYPE_WORDS[claim.claim_type]} "
        f"on {format_day(claim.spent_on)} ({claim.description})"
    )
    if claim.status == "paid" and claim.paid_at is not None:
        period = (
            f", in your {period_words(claim.paid_in_period)} pay" if claim.paid_in_period else ""
        )
        return f"{what}: paid on {format_day(uk_date(claim.paid_at))}{period}"
    if claim.status == "approved":
        approved = f" on {format_day(uk_date(claim.approved_at))}" if claim.approved_at else ""
        return f"{what}: approved{approved}, waiting to be paid"
    if claim.status == "rejected":
        return f"{what}: rejected"
    who = claim.approver.name if claim.approver else "your line manager"
    return (
        f"{what}: submitted on {format_day(uk_date(claim.submitted_at))}, "
        f"waiting for {who} to approve it"
    )


class ActionExpenseStatus(ApiDeps, Action):
    """List the person's expense claims and say what is still outstanding."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_expense_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Reply with each claim's status; one claim when its reference (EXP-10023) is named.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; its latest message carries the token.
            domain: The bot's domain.

        Returns:
            No events.
        """
        claims = await ask_api(dispatcher, tracker, lambda token: self.client.expense_claims(token))
        if claims is None:
            return []
        text = latest_text(tracker)
        reference = _REFERENCE.search(text)
        if reference is not None:
            wanted = f"EXP-{int(reference[1])}"
            named = [c for c in claims if c.reference == wanted]
            if named:
                dispatcher.utter_message(
                    response="utter_expense_claim", claim=describe_claim(named[0])
                )
            else:
                dispatcher.utter_message(response="utter_expense_not_yours")
            return []
        if not claims:
            dispatcher.utter_message(response="utter_expense_no_claims")
            return []
        outstanding = [c for c in claims if c.status in _OUTSTANDING]
        only_outstanding = bool(_OUTSTANDING_WORDS & set(words_of(text)))
        shown = outstanding if only_outstanding else claims
        total = sum((c.amount for c in outstanding), Decimal(0))
        listed = bullets([describe_claim(c) for c in shown])
        if outstanding:
            dispatcher.utter_message(
                response="utter_expense_claims_outstanding",
                count=plural(len(outstanding), "claim"),
                total=format_money(total),
                claims=listed,
            )
        else:
            dispatcher.utter_message(response="utter_expense_claims_settled", claims=listed)
        return []


class ValidateExpenseForm(ApiDeps, FormValidationAction):
    """Fill the expense form from free text, and submit the claim once it is confirmed.

    The claim is sent when the person says yes to the summary, so that a policy refusal from
    the API (over the limit, no receipt, too old) can be explained and the answer it is about
    asked again while the form is still open.
    """

    def name(self) -> str:
        """The action's name in the domain."""
        return "validate_expense_form"

    def domain_slots(self, domain: DomainDict) -> list[str]:
        """The form's required slots plus `expense_sent`, which validation sets."""
        return [*super().domain_slots(domain), "expense_sent"]

    @staticmethod
    def _asked(tracker: Tracker) -> str | None:
        slot = tracker.get_slot("requested_slot")
        return slot if isinstance(slot, str) else None

    @staticmethod
    def _answering(tracker: Tracker, slot: str) -> bool:
        """Whether the latest message should answer `slot` (it was asked, and it isn't "stop")."""
        asked = tracker.get_slot("requested_slot")
        if slot == "expense_description":
            exits = FORM_EXIT_INTENTS  # almost anything says what the money was for
        elif slot in _YES_NO_SLOTS:
            exits = FORM_QUESTIONS
        else:
            exits = _NOT_AN_ANSWER
        return asked == slot and latest_intent(tracker) not in exits

    @staticmethod
    def _changed(tracker: Tracker, slot: str, value: Any) -> dict[str, Any]:
        """Set `slot`; a change made at the summary empties the confirmation, so it is asked."""
        if tracker.get_slot(slot) == value:
            return {slot: value}
        if tracker.get_slot("requested_slot") == "expense_confirmed":
            return {slot: value, "expense_confirmed": None}
        return {slot: value}

    def _unread(self, dispatcher: CollectingDispatcher, slot: str) -> dict[str, Any]:
        dispatcher.utter_message(response=f"utter_{slot}_unread")
        return {slot: None}

    async def extract_expense_type(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Read the kind of cost (a button, or words such as "train" or "hotel")."""
        if self._asked(tracker) not in (None, "expense_type", "expense_confirmed"):
            return {}
        if latest_intent(tracker) in ASKS_ITS_OWN_QUESTION:
            return {}
        claim_type = claim_type_in(tracker, latest_text(tracker))
        if claim_type is not None:
            return self._changed(tracker, "expense_type", claim_type)
        if self._answering(tracker, "expense_type"):
            return self._unread(dispatcher, "expense_type")
        return {}

    async def extract_expense_date(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Read the day the money was spent, as the past ("Friday" is the one just gone)."""
        if self._asked(tracker) not in (None, "expense_date", "expense_confirmed"):
            return {}
        if latest_intent(tracker) in ASKS_ITS_OWN_QUESTION:
            return {}
        day = spent_on(latest_text(tracker), self.today())
        if day is not None:
            return self._changed(tracker, "expense_date", day.isoformat())
        if self._answering(tracker, "expense_date"):
            return self._unread(dispatcher, "expense_date")
        return {}

    async def extract_expense_amount(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Read the amount; a plain number counts only when the amount was asked."""
        asked = self._asked(tracker)
        if asked not in (None, "expense_amount", "expense_confirmed"):
            return {}
        if latest_intent(tracker) in ASKS_ITS_OWN_QUESTION:
            return {}
        amount = amount_in(latest_text(tracker), bare_number=asked == "expense_amount")
        if amount is not None:
            return self._changed(tracker, "expense_amount", f"{amount:.2f}")
        if self._answering(tracker, "expense_amount"):
            return self._unread(dispatcher, "expense_amount")
        return {}

    async def extract_expense_description(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Take the whole message as the description, when the description was asked."""
        if not self._answering(tracker, "expense_description"):
            return {}
        text = latest_text(tracker).strip()
        if not text or latest_intent(tracker) in ("deny", "affirm"):
            return self._unread(dispatcher, "expense_description")
        return {"expense_description": text}

    async def extract_expense_receipt(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Yes or no to "do you have a receipt?"."""
        return self._yes_no(dispatcher, tracker, "expense_receipt")

    async def extract_expense_confirmed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Yes or no to the summary."""
        if any(
            tracker.slots.get(slot) != value
            for slot, value in self._before_this_message(tracker).items()
        ):
            return {}  # an answer was changed at the summary: show the summary again
        return self._yes_no(dispatcher, tracker, "expense_confirmed")

    def _yes_no(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, slot: str
    ) -> dict[str, Any]:
        if not self._answering(tracker, slot):
            return {}
        intent = latest_intent(tracker)
        if intent == "affirm":
            return {slot: True}
        if intent == "deny":
            return {slot: False}
        return self._unread(dispatcher, slot)

    @staticmethod
    def _before_this_message(tracker: Tracker) -> dict[str, Any]:
        """The answers as they were when the latest message was written."""
        events = list(tracker.events)
        latest_user = max(
            (i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events)
        )
        values: dict[str, Any] = {}
        for event in events[:latest_user]:
            if event.get("event") == "slot":
                values[event.get("name")] = event.get("value")
        keys = ("expense_type", "expense_date", "expense_amount")
        return {key: values.get(key) for key in keys}

    async def validate_expense_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """On "yes", send the claim; a refusal is explained and its answer asked again.

        Args:
            value: True for yes, False for no, None while unanswered.
            dispatcher: Where replies go.
            tracker: The conversation; the form's slots hold the claim.
            domain: The bot's domain.

        Returns:
            The slots to set (see `ConfirmedForm.send_on_yes`).
        """
        if value is not True:
            return {"expense_confirmed": value}
        return await EXPENSE.send_on_yes(self, dispatcher, tracker)


class ActionAskExpenseConfirmed(AskConfirmation):
    """Ask the person to confirm the claim (the form's question for `expense_confirmed`)."""

    form = EXPENSE


class ActionSubmitExpense(SubmitConfirmed):
    """Say what happened to the claim once the form is done, and empty the form."""

    form = EXPENSE


class ActionStopExpense(StopConfirmed):
    """Stop the expense claim and forget what was said so far."""

    form = EXPENSE
