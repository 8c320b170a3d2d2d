"""What every action shares: its dependencies, the per-turn token, asking the API, failure replies.

The words of every reply are the bot's domain responses (`bot/domain/*.yml`); values in words
come from `actions._words`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Awaitable, Callable
from typing import Any, Literal, overload

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.api_client import ApiClient, ApiError, ApiRefusal, NotAuthorised
from actions.config import ActionSettings, get_clock, get_settings

# Intents a form leaves to the rules: a question answered mid-form (the form then asks its own
# question again), or a way out. Keep in step with bot/data/rules/inside_forms.yml.
FORM_QUESTIONS = frozenset(
    {
        "leave_balance", "bank_holidays", "leave_status", "pending_approvals", "pay_date",
        "payslip", "pay_change", "tax_document", "expense_status", "po_status", "po_list",
        "po_approvals", "invoice_status", "onboarding_checklist", "faq", "help",
        "bot_challenge", "thank", "greet", "human_handoff", "out_of_scope", "it_support",
        "facilities", "frustration", "cancel_leave", "approve_leave", "reject_leave",
        "approve_po", "reject_po", "complete_onboarding_item", "stop", "goodbye",
    }
)  # fmt: skip


# Intents whose dates or amounts belong to the question, not to the form's answer ("is the 25th
# a bank holiday?", "what was I paid in March?"). With any other intent, dates, an amount or a
# kind of cost read from the message are the answer, however the message was classified.
ASKS_ITS_OWN_QUESTION = frozenset(
    {
        "bank_holidays", "leave_balance", "leave_status", "pay_date", "payslip", "pay_change",
        "tax_document", "expense_status", "cancel_leave", "stop", "goodbye",
    }
)  # fmt: skip


@functools.cache
def default_client() -> ApiClient:
    """Return the process's one API client (built on first use, from the settings)."""
    settings = get_settings()
    return ApiClient(settings.api_url, timeout=settings.api_timeout_seconds)


class ApiDeps:
    """Dependencies of an action, injectable in tests; the process-wide ones by default.

    Args:
        client: The API client; defaults to the shared one.
        settings: The action settings; defaults to the environment's.
        today: Returns today's date; defaults to the process's clock (`get_clock`: the UK
            date, pinned by `CLOCK_PINNED_AT` in the embedded profile).
    """

    def __init__(
        self,
        client: ApiClient | None = None,
        settings: ActionSettings | None = None,
        today: Callable[[], dt.date] | None = None,
    ) -> None:
        self._client = client
        self._settings = settings
        self._today = today

    @property
    def client(self) -> ApiClient:
        """The API client."""
        return self._client or default_client()

    @property
    def settings(self) -> ActionSettings:
        """The action settings."""
        return self._settings or get_settings()

    def today(self) -> dt.date:
        """Today's date in the UK."""
        return self._today() if self._today else get_clock().today()


def token_of(tracker: Tracker) -> str | None:
    """Return this turn's bearer token from the message metadata, if there is one."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    token = metadata.get("token") if isinstance(metadata, dict) else None
    return token if isinstance(token, str) and token else None


def require_token(dispatcher: CollectingDispatcher, tracker: Tracker) -> str | None:
    """Return this turn's token, or tell the person to sign in again and return None."""
    token = token_of(tracker)
    if token is None:
        dispatcher.utter_message(response="utter_sign_in_again")
    return token


@overload
async def ask_api[T](
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    call: Callable[[str], Awaitable[T]],
    *,
    refused: str | None = None,
    refusals: Literal[False] = False,
) -> T | None: ...


@overload
async def ask_api[T](
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    call: Callable[[str], Awaitable[T]],
    *,
    refused: str | None = None,
    refusals: Literal[True],
) -> T | ApiRefusal | None: ...


async def ask_api[T](
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    call: Callable[[str], Awaitable[T]],
    *,
    refused: str | None = None,
    refusals: bool = False,
) -> T | ApiRefusal | None:
    """Make one API call as the person in this turn, or say why it can't be made.

    Args:
        dispatcher: Where the reason goes when there is no answer.
        tracker: The conversation; its latest message carries the token.
        call: Given the token, the client call to make.
        refused: The response that words a refusal (its `{message}` is the API's reason);
            by default the API's reason alone (`utter_api_refusal`).
        refusals: Return a refusal unexplained instead, for the caller to word and act on
            (a form asks the answer it is about again).

    Returns:
        The API's answer (or its refusal, with `refusals`); None when there was no token or the
        call failed (the person has then been told to sign in again, or why the API said no,
        or that it isn't answering).
    """
    token = require_token(dispatcher, tracker)
    if token is None:
        return None
    try:
        return await call(token)
    except ApiRefusal as refusal:
        if refusals:
            return refusal
        explain_failure(dispatcher, refusal, refused=refused)
        return None
    except ApiError as error:
        explain_failure(dispatcher, error)
        return None


def explain_failure(
    dispatcher: CollectingDispatcher, error: ApiError, refused: str | None = None
) -> None:
    """Tell the person, honestly, why the API call did not work.

    Args:
        dispatcher: Where replies go.
        error: What the API client raised.
        refused: The response wording a refusal around the API's `{message}`, e.g.
            `utter_refused_nothing_changed`; `utter_api_refusal` (the message alone) by default.
    """
    if isinstance(error, NotAuthorised) and error.status_code == 401:
        dispatcher.utter_message(response="utter_sign_in_again")
    elif isinstance(error, ApiRefusal):
        dispatcher.utter_message(response=refused or "utter_api_refusal", message=error.message)
    else:  # ApiUnavailable, and anything else the client raises
        dispatcher.utter_message(response="utter_api_unavailable")


def latest_text(tracker: Tracker) -> str:
    """The text of the latest user message ("" if none)."""
    return str((tracker.latest_message or {}).get("text") or "")


def latest_intent(tracker: Tracker) -> str | None:
    """The intent name of the latest user message."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    name = intent.get("name") if isinstance(intent, dict) else None
    return name if isinstance(name, str) else None


def entity_value(tracker: Tracker, entity: str) -> str | None:
    """The value of an entity in the latest message, if it has one."""
    for item in (tracker.latest_message or {}).get("entities") or []:
        if isinstance(item, dict) and item.get("entity") == entity and item.get("value"):
            return str(item["value"])
    return None


def previous_slot_value(tracker: Tracker, slot: str) -> Any:
    """The slot's value as it was when the latest user message was written."""
    events = list(tracker.events)
    latest_user = max(
        (i for i, e in enumerate(events) if e.get("event") == "user"), default=len(events)
    )
    for event in reversed(events[:latest_user]):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


_ORDINALS = {
    "first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3,
    "fifth": 4, "5th": 4, "sixth": 5, "6th": 5, "last": -1, "latest": -1,
}  # fmt: skip
_THAT_ONE = re.compile(r"\b(it|that one|this one|that|this|the one)\b")
_ORDINAL = re.compile(r"\b(?:the\s+)?(" + "|".join(_ORDINALS) + r")(?:\s+one)?\b")


def referenced(text: str, shown: Any) -> str | None:
    """Which of the things just shown a message points at: "the second one", "the last one",
    or "it" / "that one" when only one was shown.

    Args:
        text: What the person wrote.
        shown: The ids of what was just listed, in the order shown (a slot's value).

    Returns:
        The id pointed at, or None when the message points at none of them.
    """
    if not isinstance(shown, list) or not shown:
        return None
    lowered = text.lower()
    ordinal = _ORDINAL.search(lowered)
    if ordinal is not None:
        index = _ORDINALS[ordinal[1]]
        return str(shown[index]) if -len(shown) <= index < len(shown) else None
    if len(shown) == 1 and _THAT_ONE.search(lowered):
        return str(shown[0])
    return None
