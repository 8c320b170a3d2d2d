"""Why two payslips differ: the changed lines and a plain-English explanation."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from api.domain.money import ZERO, format_money
from api.domain.pay import LABELS, Line, parse_period

ORDER = tuple(LABELS)
SUBJECTS = {
    "TAX": "Income tax",
    "NI": "National Insurance",
    "PENSION": "Your pension (alpha) contribution",
    "STUDENT_LOAN": "Your student loan repayment",
}


@dataclass(frozen=True)
class SlipView:
    """What the comparison needs from one payslip."""

    period: str
    tax_code: str
    annual_salary: Decimal
    lines: tuple[Line, ...]
    net: Decimal


@dataclass(frozen=True)
class LineChange:
    """One line that differs between the two payslips."""

    code: str
    label: str
    from_amount: Decimal
    to_amount: Decimal

    @property
    def change(self) -> Decimal:
        """`to_amount - from_amount`."""
        return self.to_amount - self.from_amount


@dataclass(frozen=True)
class Comparison:
    """Two payslips side by side."""

    from_period: str
    to_period: str
    net_change: Decimal
    changes: tuple[LineChange, ...]
    tax_code_change: tuple[str, str] | None
    explanation: tuple[str, ...]


def month_name(period: str) -> str:
    """`2026-10` → `October 2026`."""
    year, month = parse_period(period)
    return f"{date(year, month, 1):%B %Y}"


def _up_down(change: Decimal) -> str:
    return "went up" if change > 0 else "went down"


def _sentence(change: LineChange, older: SlipView, newer: SlipView, award_start: str | None) -> str:
    amount = format_money(abs(change.change))
    then, now = month_name(older.period), month_name(newer.period)
    if change.code == "BASIC":
        if award_start is not None and newer.annual_salary > older.annual_salary:
            percent = (newer.annual_salary / older.annual_salary - 1) * 100
            return (
                f"Your pay award of {percent.quantize(Decimal('0.1')).normalize():f}% started "
                f"in {month_name(award_start).split()[0]}: basic pay went up by {amount}."
            )
        return f"Your basic pay {_up_down(change.change)} by {amount}."
    if change.code == "ARREARS":
        if change.to_amount > 0 and change.from_amount == 0:
            return f"In {now} you were paid {amount} of backdated pay award (arrears)."
        if change.to_amount == 0:
            return (
                f"In {then} you were paid {format_money(change.from_amount)} of backdated pay "
                f"award (arrears), a one-off that isn't in {now}."
            )
        return f"Your pay award arrears {_up_down(change.change)} by {amount}."
    if change.code == "OVERTIME":
        if change.from_amount == 0:
            return f"You were paid {amount} overtime in {now}."
        if change.to_amount == 0:
            paid = format_money(change.from_amount)
            return f"You were paid {paid} overtime in {then}, none in {now}."
        return f"Your overtime pay {_up_down(change.change)} by {amount}."
    if change.code == "UNPAID_LEAVE":
        if change.to_amount < 0 and change.from_amount == 0:
            return f"{amount} was taken off your pay in {now} for unpaid leave."
        if change.to_amount == 0:
            taken = format_money(-change.from_amount)
            return f"In {then} {taken} was taken off for unpaid leave; nothing was in {now}."
        return f"The deduction for unpaid leave changed by {amount}."
    if change.code == "TAX" and older.tax_code != newer.tax_code:
        more = "more" if change.change > 0 else "less"
        return (
            f"Your tax code changed from {older.tax_code} to {newer.tax_code}, so you paid "
            f"{amount} {more} income tax."
        )
    subject = SUBJECTS.get(change.code, change.label)
    return f"{subject} {_up_down(change.change)} by {amount} because your pay changed."


def compare(older: SlipView, newer: SlipView, award_start: str | None = None) -> Comparison:
    """Compare two payslips line by line and explain each difference.

    Args:
        older: The earlier payslip (`from`).
        newer: The later payslip (`to`).
        award_start: The period a pay award took effect, if one did between the two.

    Returns:
        Only the lines that changed, in payslip order, and one sentence for each plus the net
        effect.
    """
    before = {line.code: line for line in older.lines}
    after = {line.code: line for line in newer.lines}
    changes = []
    for code in ORDER:
        old = before[code].amount if code in before else ZERO
        new = after[code].amount if code in after else ZERO
        if old != new:
            changes.append(LineChange(code, LABELS[code], old, new))
    sentences = [_sentence(change, older, newer, award_start) for change in changes]
    net_change = newer.net - older.net
    then, now = month_name(older.period), month_name(newer.period)
    if net_change == 0 and not changes:
        sentences.append(f"Nothing changed between your {then} and {now} payslips.")
    elif net_change == 0:
        sentences.append(f"Overall your take-home pay was the same in {now} as in {then}.")
    else:
        sentences.append(
            f"Overall your take-home pay {_up_down(net_change)} by "
            f"{format_money(abs(net_change))}, from {format_money(older.net)} in {then} to "
            f"{format_money(newer.net)} in {now}."
        )
    code_change = None if older.tax_code == newer.tax_code else (older.tax_code, newer.tax_code)
    return Comparison(
        from_period=older.period,
        to_period=newer.period,
        net_change=net_change,
        changes=tuple(changes),
        tax_code_change=code_change,
        explanation=tuple(sentences),
    )
