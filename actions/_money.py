"""Money from words: "£12.50", "12 quid", "50p" as a `Decimal`, never a float (`actions._words`
puts it back into words)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

# "£12.50", "12.50", "£1,200", "12 pounds", "12 quid", "£12.5", "50p".
_POUNDS = re.compile(
    r"£\s?(?P<sterling>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
    r"|(?P<words>\d+(?:\.\d{1,2})?)\s?(?:pounds?|quid|gbp)\b"
    r"|(?P<pence>\d{1,2})\s?p\b"
)
_DECIMAL = re.compile(r"(?<![\d/.:-])(?P<plain>\d+\.\d{2})(?![\d/.:-])")
_BARE = re.compile(
    r"(?<![\d/.:,-])(?P<bare>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
    r"(?![\d/.:,-]|st|nd|rd|th)"
)


def find_amount(text: str, *, bare_number: bool = False) -> tuple[Decimal, str] | None:
    """Find an amount of money in a message.

    Args:
        text: What the person wrote, e.g. "£12.50 for a train to Leeds".
        bare_number: Also accept a plain number ("12"), when the question was "how much?".

    Returns:
        The amount in pounds and the words it was read from, or None when there is none.
    """
    lowered = text.lower()
    match = _POUNDS.search(lowered) or _DECIMAL.search(lowered)
    if match is None and bare_number:
        match = _BARE.search(lowered)
    if match is None:
        return None
    group = next(name for name, value in match.groupdict().items() if value is not None)
    try:
        amount = Decimal(match[group].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the patterns only match numbers
        return None
    if group == "pence":
        amount = amount / 100
    return amount.quantize(Decimal("0.01")), match.group(0)
