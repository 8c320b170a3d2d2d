"""The expense form as a confirmed form (`ExpenseForm`), and reading its answers from text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, ClassVar

from pydantic import BaseModel
from rasa_sdk import Tracker

from actions._confirmed_form import ConfirmedForm, Reply
from actions._dates import parse_date_request
from actions._money import find_amount
from actions._pay_words import words_of
from actions._words import format_day, format_money
from actions.api_client import ApiClient, ExpenseClaim, ExpenseClaimIn, ExpenseClaimType

FORM_SLOTS = (
    "expense_type",
    "expense_date",
    "expense_amount",
    "expense_description",
    "expense_receipt",
)
CLAIM_TYPES: tuple[ExpenseClaimType, ...] = ("travel", "subsistence", "accommodation", "other")
TYPE_WORDS = {
    "travel": "travel",
    "subsistence": "food and drink (subsistence)",
    "accommodation": "accommodation",
    "other": "other costs",
}
# Words that say what kind of claim it is; the claim types' own names count too.
_HINT_WORDS: dict[ExpenseClaimType, tuple[str, ...]] = {
    "travel": (
        "train", "rail", "bus", "coach", "taxi", "cab", "tube", "fare", "fares", "mileage",
        "flight", "parking", "ferry", "uber", "travel", "tram", "metro", "underground", "petrol",
    ),
    "subsistence": (
        "lunch", "dinner", "breakfast", "meal", "meals", "food", "sandwich", "coffee",
        "subsistence", "tea", "snack",
    ),
    "accommodation": (
        "hotel", "accommodation", "b&b", "overnight", "night", "nights", "room", "lodging",
        "airbnb", "hostel",
    ),
    "other": ("other",),
}  # fmt: skip
_TYPE_HINTS = {word: kind for kind, words in _HINT_WORDS.items() for word in words}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Intents whose text is never an answer to "what was it for?".
NOT_A_DESCRIPTION = frozenset(
    {"stop", "goodbye", "help", "human_handoff", "bot_challenge", "expense_status", "deny"}
)


def claim_type_in(tracker: Tracker, text: str) -> ExpenseClaimType | None:
    """The claim type from a button's `expense_type` entity, else from words like "train"."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "expense_type" and entity.get("value") in CLAIM_TYPES:
            return entity["value"]  # type: ignore[no-any-return]
    for word in words_of(text.replace("b&b", "bnb")):
        hint = _TYPE_HINTS.get("b&b" if word == "bnb" else word)
        if hint is not None:
            return hint
    return None


def amount_in(text: str, *, bare_number: bool) -> Decimal | None:
    """The amount of money in a message, if any (see `actions._money.find_amount`)."""
    found = find_amount(text, bare_number=bare_number)
    return found[0] if found else None


def spent_on(text: str, today: dt.date) -> dt.date | None:
    """The day the money was spent, read as the past: "Friday" is the Friday just gone.

    Amounts are taken out first, so "£12.50" is never read as a date.
    """
    found = find_amount(text)
    if found is not None:
        text = text.lower().replace(found[1], " ")
    dates = parse_date_request(text, today)
    if dates is None:
        return None
    day = dates.start
    named_weekday = any(word in _WEEKDAYS for word in words_of(text))
    if day > today and named_weekday and "next" not in words_of(text):
        day -= dt.timedelta(days=7)
    return day


def claim_of(tracker: Tracker) -> ExpenseClaimIn | None:
    """The claim the form's slots describe, or None while one is missing."""
    values = {slot: tracker.get_slot(slot) for slot in FORM_SLOTS}
    required = ("expense_type", "expense_date", "expense_amount", "expense_description")
    if any(values[slot] in (None, "") for slot in required):
        return None
    return ExpenseClaimIn(
        claim_type=values["expense_type"],
        spent_on=values["expense_date"],
        amount=Decimal(str(values["expense_amount"])),
        description=values["expense_description"],
        receipt_attached=bool(values["expense_receipt"]),
    )


class ExpenseForm(ConfirmedForm[ExpenseClaimIn]):
    """Claiming an expense: yes sends the claim; a policy refusal asks its answer again."""

    name = "expense"
    slots = FORM_SLOTS
    refused = "utter_expense_refused"
    # Which answer to ask again after each of the API's refusals.
    ask_again: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "over_limit": ("expense_amount",),
        "receipt_required": ("expense_receipt",),
        "date_in_future": ("expense_date",),
        "too_old": ("expense_date",),
        "invalid_request": ("expense_description",),
    }
    ask_again_otherwise = ("expense_description",)
    not_sent = "utter_expense_not_submitted"
    stopped = "utter_expense_stopped"
    lost = "utter_expense_lost"
    lost_slots = ("expense_type",)

    def request(self, tracker: Tracker) -> ExpenseClaimIn | None:
        """The claim the form's slots describe."""
        return claim_of(tracker)

    def summary(self, request: ExpenseClaimIn, tracker: Tracker) -> Reply:
        """Amount, kind, day, receipt, and what it was for."""
        response = (
            "utter_expense_summary"
            if request.receipt_attached
            else ("utter_expense_summary_no_receipt")
        )
        values = {
            "amount": format_money(request.amount),
            "kind": TYPE_WORDS[request.claim_type],
            "day": format_day(request.spent_on),
            "description": request.description,
        }
        return Reply(response, values)

    async def send(
        self, client: ApiClient, token: str, request: ExpenseClaimIn, key: str
    ) -> BaseModel:
        """Submit the claim."""
        return await client.submit_expense(token, request, idempotency_key=key)

    def sent_reply(self, sent: dict[str, Any], tracker: Tracker) -> Reply:
        """The reference, the amount, and who approves it."""
        claim = ExpenseClaim.model_validate(sent)
        return Reply(
            "utter_expense_sent",
            {
                "reference": claim.reference,
                "amount": format_money(claim.amount),
                "approver": claim.approver.name if claim.approver else "your line manager",
            },
            buttons=[{"title": "My expense claims", "payload": "/expense_status"}],
        )


EXPENSE = ExpenseForm()
