"""Values in words, for the bot's responses: dates, days, money, periods, and one line per thing.

The sentences themselves live in the bot's domain (`bot/domain/*.yml`, `utter_…` responses with
`{variables}`); actions fill the variables with these. What a list item says (one leave request,
one purchase order) is rendered here, once, for every skill that shows it.

An action that builds one message out of several lines (a knowledge-base answer led by a yes or
no and the person's own figures) reads each line with `line(domain, "utter_x", name=value)` and
sends the whole as one message with `send_one`: one message, because Rasa's REST channel cuts a
text at every blank line into separate bubbles; `send_one` sends it as a custom payload
`{"text": ...}`, which reaches every channel whole (`integrations/messages.py` shows a custom
payload's text).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from decimal import Decimal
from typing import Any

from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api_client import LeaveRequest

PORTION_WORDS = {"am": "morning", "pm": "afternoon"}
LEAVE_STATUS_WORDS = {
    "pending": "waiting for approval",
    "approved": "approved",
    "rejected": "rejected",
    "cancelled": "cancelled",
}
REGION_NAMES = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
}


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


def format_money(amount: Decimal) -> str:
    """An amount the GOV.UK way: "£1,234.56" (negative amounts as "-£5.00")."""
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def leave_type_words(leave_type: str) -> str:
    """The leave type as it reads in a sentence: "annual leave", "sick leave"."""
    return f"{leave_type} leave"


def period_words(period: str) -> str:
    """A `YYYY-MM` period in words: "October 2026"."""
    return f"{calendar.month_name[int(period[5:7])]} {period[:4]}"


def tax_year_words(tax_year: str) -> str:
    """A tax year in words: "2025-26" → "6 April 2025 to 5 April 2026"."""
    start = int(tax_year[:4])
    return f"6 April {start} to 5 April {start + 1}"


def region_name(region: str) -> str:
    """The region as people say it: "scotland" → "Scotland"."""
    return REGION_NAMES.get(region.lower(), region.replace("_", " ").title())


def plural(count: int, one: str, many: str | None = None) -> str:
    """A count with its noun: "1 claim", "3 claims"."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def bullets(lines: list[str]) -> str:
    """Lines as a bulleted list, one a line."""
    return "\n".join(f"- {line}" for line in lines)


def payload(intent: str, **entities: str) -> str:
    """A button payload carrying entities, e.g. `/po_status{"po_number":"4500012345"}`."""
    return f"/{intent}" + (json.dumps(entities, separators=(",", ":")) if entities else "")


def describe_request(request: LeaveRequest) -> str:
    """One line about a leave request: reference, type, dates, days and status."""
    return (
        f"{request.reference}: {leave_type_words(request.leave_type)}, "
        f"{format_dates(request.start_date, request.end_date, request.portion)} "
        f"({format_days(request.days)}), {LEAVE_STATUS_WORDS[request.status]}"
    )


def describe_for_manager(request: LeaveRequest) -> str:
    """One line about a report's request: who, what, when, how long."""
    return (
        f"{request.employee_name}: {leave_type_words(request.leave_type)}, "
        f"{format_dates(request.start_date, request.end_date, request.portion)} "
        f"({format_days(request.days)}), {request.reference}"
    )


def line(domain: DomainDict, name: str, **values: Any) -> str:
    """The first text of the domain's response `name`, with `{placeholders}` filled.

    Raises:
        LookupError: The domain has no such response (a bug the action tests catch).
    """
    variants = ((domain or {}).get("responses") or {}).get(name) or []
    for variant in variants:
        if isinstance(variant, dict) and isinstance(variant.get("text"), str):
            return str(variant["text"]).format(**values)
    raise LookupError(f"the domain has no text response {name!r}")


def send_one(dispatcher: CollectingDispatcher, paragraphs: list[str]) -> None:
    """Send paragraphs as one message, a blank line between them."""
    text = "\n\n".join(part.strip() for part in paragraphs if part and part.strip())
    dispatcher.utter_message(json_message={"text": text})
