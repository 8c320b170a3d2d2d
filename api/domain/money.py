"""Money as `Decimal` pounds: rounding to the penny and writing amounts for people."""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


def pennies(amount: Decimal) -> Decimal:
    """Round to the nearest penny (halves up, as payroll does)."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def whole_pounds_down(amount: Decimal) -> Decimal:
    """Round down to whole pounds, kept with two places (`56.00`)."""
    return amount.quantize(Decimal(1), rounding=ROUND_DOWN).quantize(PENNY)


def format_money(amount: Decimal) -> str:
    """An amount for a sentence: `£1,234.50` (negative amounts get a minus sign first)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"
