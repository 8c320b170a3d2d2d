"""Helpers of the expense form: reading answers from text, the summary, the idempotency key."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions._common import format_day
from actions._dates import parse_date_request
from actions._money import find_amount, format_money
from actions._pay_words import words_of
from actions.api_client import ExpenseClaimIn, ExpenseClaimType

FORM_SLOTS = (
    "expense_type",
    "expense_date",
    "expense_amount",
    "expense_description",
    "expense_receipt",
    "expense_confirmed",
    "expense_claim",
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


def reset_form_slots() -> list[dict[str, Any]]:
    """Events that empty every slot of the expense form."""
    return [SlotSet(slot, None) for slot in FORM_SLOTS]


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


def summary(claim: ExpenseClaimIn) -> str:
    """The summary the person confirms."""
    receipt = "with a receipt" if claim.receipt_attached else "without a receipt"
    return "\n".join(
        [
            f"You're claiming {format_money(claim.amount)} for {TYPE_WORDS[claim.claim_type]} "
            f"on {format_day(claim.spent_on)}, {receipt}.",
            f'What it was for: "{claim.description}"',
            "Shall I send the claim to your line manager?",
        ]
    )


def idempotency_key(tracker: Tracker, claim: ExpenseClaimIn) -> str:
    """A key that is the same when the same confirmation is sent again, and only then."""
    confirming: dict[str, Any] = next(
        (e for e in reversed(tracker.events) if e.get("event") == "user"), {}
    )
    message = confirming.get("message_id") or confirming.get("timestamp") or ""
    body = json.dumps(claim.model_dump(mode="json"), sort_keys=True)
    material = f"expense\n{tracker.sender_id}\n{message}\n{body}"
    return hashlib.sha256(material.encode()).hexdigest()
