"""What every action shares: its dependencies, the per-turn token, failure replies, wording."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Awaitable, Callable

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.api_client import ApiClient, ApiError, ApiRefusal, ApiUnavailable, NotAuthorised
from actions.config import ActionSettings, get_clock, get_settings

SIGN_IN_AGAIN = (
    "I can't tell who you are at the moment, so I haven't looked anything up. "
    "Please sign in again, then ask me once more."
)
UNAVAILABLE = (
    "The HR system isn't answering right now, so nothing has been changed. "
    "Please try again in a few minutes."
)
PORTION_WORDS = {"am": "morning", "pm": "afternoon"}


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
        dispatcher.utter_message(text=SIGN_IN_AGAIN)
    return token


async def ask_api[T](
    dispatcher: CollectingDispatcher, tracker: Tracker, call: Callable[[str], Awaitable[T]]
) -> T | None:
    """Make one API call as the person in this turn, or say why it can't be made.

    Args:
        dispatcher: Where the reason goes when there is no answer.
        tracker: The conversation; its latest message carries the token.
        call: Given the token, the client call to make.

    Returns:
        The API's answer; None when there was no token or the call failed (the person has then
        been told to sign in again, or why the API said no, or that it isn't answering).
    """
    token = require_token(dispatcher, tracker)
    if token is None:
        return None
    try:
        return await call(token)
    except ApiError as error:
        explain_failure(dispatcher, error)
        return None


def explain_failure(
    dispatcher: CollectingDispatcher, error: ApiError, next_step: str | None = None
) -> None:
    """Tell the person, honestly, why the API call did not work.

    Args:
        dispatcher: Where replies go.
        error: What the API client raised.
        next_step: What the person can do now, added after the API's own message.
    """
    if isinstance(error, NotAuthorised) and error.status_code == 401:
        dispatcher.utter_message(text=SIGN_IN_AGAIN)
    elif isinstance(error, ApiRefusal):
        text = error.message if next_step is None else f"{error.message} {next_step}"
        dispatcher.utter_message(text=text)
    elif isinstance(error, ApiUnavailable):
        dispatcher.utter_message(text=UNAVAILABLE)
    else:  # pragma: no cover - every ApiError is one of the above
        dispatcher.utter_message(text=UNAVAILABLE)


def latest_text(tracker: Tracker) -> str:
    """The text of the latest user message ("" if none)."""
    return str((tracker.latest_message or {}).get("text") or "")


def latest_intent(tracker: Tracker) -> str | None:
    """The intent name of the latest user message."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    name = intent.get("name") if isinstance(intent, dict) else None
    return name if isinstance(name, str) else None


def format_day(day: dt.date) -> str:
    """A date the GOV.UK way: "Friday 4 December 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def format_dates(start: dt.date, end: dt.date, portion: str = "full") -> str:
    """A period the GOV.UK way, e.g. "Monday 14 to Wednesday 16 December 2026".

    Args:
        start: First day.
        end: Last day.
        portion: `full`, `am` or `pm` (a half day: "Friday 4 December 2026 (morning)").

    Returns:
        The period in words.
    """
    if start == end:
        suffix = f" ({PORTION_WORDS[portion]})" if portion in PORTION_WORDS else ""
        return format_day(start) + suffix
    if start.year != end.year:
        return f"{format_day(start)} to {format_day(end)}"
    if start.month != end.month:
        return f"{start:%A} {start.day} {start:%B} to {format_day(end)}"
    return f"{start:%A} {start.day} to {format_day(end)}"


def format_days(days: float) -> str:
    """A number of days in words: "1 day", "half a day", "2.5 days"."""
    if days == 0.5:
        return "half a day"
    number = f"{days:g}"
    return f"{number} day" if days == 1 else f"{number} days"


def leave_type_words(leave_type: str) -> str:
    """The leave type as it reads in a sentence: "annual leave", "sick leave"."""
    return f"{leave_type} leave"
