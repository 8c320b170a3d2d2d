"""Expense claim rules: limits per claim type, receipts, and how old a claim may be."""

from calendar import monthrange
from datetime import date
from decimal import Decimal

from api.domain.calendar import format_date
from api.domain.errors import RuleBroken
from api.domain.money import format_money

CLAIM_TYPES = ("travel", "subsistence", "accommodation", "other")
LIMITS = {
    "subsistence": Decimal(25),
    "accommodation": Decimal(150),
    "other": Decimal(250),
}
LIMIT_WORDS = {
    "subsistence": "a day for subsistence",
    "accommodation": "a night for accommodation",
    "other": "a claim for other expenses",
}
RECEIPT_THRESHOLD = Decimal(10)
MAX_AGE_MONTHS = 3


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if it's shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def receipt_required(amount: Decimal) -> bool:
    """Whether a claim of this amount needs a receipt."""
    return amount > RECEIPT_THRESHOLD


def reference(claim_id: int) -> str:
    """The reference people quote, e.g. `EXP-10023`."""
    return f"EXP-{10000 + claim_id}"


def check_claim(
    claim_type: str, spent_on: date, amount: Decimal, receipt_attached: bool, today: date
) -> None:
    """Refuse a claim that breaks the expenses policy.

    Raises:
        RuleBroken: `date_in_future`, `too_old`, `over_limit` or `receipt_required`.
    """
    if spent_on > today:
        raise RuleBroken(
            "date_in_future",
            f"You can't claim for {format_date(spent_on)} yet: claim once you've spent the money.",
        )
    oldest = months_before(today, MAX_AGE_MONTHS)
    if spent_on < oldest:
        raise RuleBroken(
            "too_old",
            f"Claims must be made within {MAX_AGE_MONTHS} months. {format_date(spent_on)} is "
            f"before {format_date(oldest)}, so please ask your line manager about a late claim.",
        )
    limit = LIMITS.get(claim_type)
    if limit is not None and amount > limit:
        raise RuleBroken(
            "over_limit",
            f"The most you can claim is {format_money(limit)} {LIMIT_WORDS[claim_type]}; "
            f"you asked for {format_money(amount)}.",
        )
    if receipt_required(amount) and not receipt_attached:
        raise RuleBroken(
            "receipt_required",
            f"Claims over {format_money(RECEIPT_THRESHOLD)} need a receipt. "
            "Please attach one and try again.",
        )
