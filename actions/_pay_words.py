"""Read pay questions from British English text: which month, which payslip line, which form.

Months are read word by word against the calendar's month names (no date patterns), and
relative months ("last month", "the month before last") from today. Which month a bare name
means is settled against the person's own payslips by `period_for`: "October" is the newest
October they were paid in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTH_NUMBERS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name} | {
    name.lower(): n for n, name in enumerate(calendar.month_abbr) if name
}
_MONTH_NUMBERS["sept"] = 9
# "may" is also a verb: a month only after one of these words, or before a year.
_MAY_BEFORE = {"in", "for", "of", "from", "since", "to", "and", "last", "this"} | {
    "was", "than", "with", "between", "versus", "vs"
}  # fmt: skip
_RELATIVE = {
    ("last", "month"): -1,
    ("previous", "month"): -1,
    ("this", "month"): 0,
    ("current", "month"): 0,
    ("before", "last"): -2,
}
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")

# Phrases naming what was asked about, longest first; the value is a payslip line `code`,
# or one of the totals `net`, `gross`, `deductions`, `tax_code`.
LINE_PHRASES: tuple[tuple[str, str], ...] = (
    ("student loan", "STUDENT_LOAN"),
    ("national insurance", "NI"),
    ("tax code", "tax_code"),
    ("before tax", "gross"),
    ("after tax", "net"),
    ("take home", "net"),
    ("unpaid leave", "UNPAID_LEAVE"),
    ("basic pay", "BASIC"),
    ("basic salary", "BASIC"),
    ("back pay", "ARREARS"),
    ("pay award", "ARREARS"),
    ("arrears", "ARREARS"),
    ("overtime", "OVERTIME"),
    ("pension", "PENSION"),
    ("ni", "NI"),
    ("nic", "NI"),
    ("nics", "NI"),
    ("income tax", "TAX"),
    ("tax", "TAX"),
    ("net", "net"),
    ("gross", "gross"),
    ("deductions", "deductions"),
)


@dataclass(frozen=True)
class MonthAsked:
    """A month named in a message.

    Attributes:
        month: 1 to 12.
        year: The year when it was said or implied ("last month"), else None.
    """

    month: int
    year: int | None = None


def words_of(text: str) -> list[str]:
    """The message's words, lower case, with "take-home" split into "take home"."""
    return _WORD.findall(text.lower().replace("-", " "))


def months_in(text: str, today: dt.date) -> list[MonthAsked]:
    """The months a message names, in the order it names them.

    Args:
        text: What the person wrote, e.g. "what was my net pay in October?".
        today: The day they wrote it, for "last month".

    Returns:
        The months; empty when none is named.
    """
    words = [w.removesuffix("'s").removesuffix("’s") for w in words_of(text)]
    found: list[MonthAsked] = []
    for i, word in enumerate(words):
        before = words[i - 1] if i > 0 else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        offset = _RELATIVE.get((before, word))  # "the month before last" is read at "last"
        if offset is not None:
            first = today.replace(day=1)
            year, month = divmod(first.year * 12 + first.month - 1 + offset, 12)
            found.append(MonthAsked(month=month + 1, year=year))
            continue
        number = _month_number(word)
        if number is None:
            continue
        said_year = int(after) if after.isdigit() and len(after) == 4 else None
        if word == "may" and before not in _MAY_BEFORE and said_year is None:
            continue
        found.append(MonthAsked(month=number, year=said_year))
    return found


def _month_number(word: str) -> int | None:
    """1 to 12 for a month name, also "October's" and "Octobers"."""
    for candidate in (word, word.removesuffix("'s").removesuffix("’s"), word.removesuffix("s")):
        if candidate in _MONTH_NUMBERS:
            return _MONTH_NUMBERS[candidate]
    return None


def period_for(asked: MonthAsked, periods: list[str], today: dt.date) -> str:
    """The payslip period (`YYYY-MM`) a month means for this person.

    Args:
        asked: The month named.
        periods: The person's payslip periods, newest first.
        today: Today, for a bare month name with no payslip (its most recent occurrence).

    Returns:
        The period; it may have no payslip, which the API then says.
    """
    if asked.year is not None:
        return f"{asked.year}-{asked.month:02d}"
    for period in periods:
        if int(period[5:7]) == asked.month:
            return period
    year = today.year if asked.month <= today.month else today.year - 1
    return f"{year}-{asked.month:02d}"


def periods_for(asked: list[MonthAsked], periods: list[str], today: dt.date) -> list[str]:
    """The periods several named months mean, each as `period_for`, except that two months
    named without a year are read close together: asked in March 2027 (the latest payslip
    February's), "March compared with February" is March and February 2026, not March 2026 and
    February 2027."""
    found = [period_for(month, periods, today) for month in asked]
    bare = sorted(period for month, period in zip(asked, found, strict=True) if month.year is None)
    if len(bare) == 2 and _months_apart(bare[0], bare[1]) > 6:
        newer = bare[1]
        year_before = f"{int(newer[:4]) - 1:04d}{newer[4:]}"
        found = [year_before if period == newer else period for period in found]
    return found


def _months_apart(older: str, newer: str) -> int:
    return (int(newer[:4]) - int(older[:4])) * 12 + int(newer[5:7]) - int(older[5:7])


def line_asked(text: str) -> str | None:
    """What a payslip question is about: a line code (`TAX`, `PENSION`) or a total, if any."""
    joined = f" {' '.join(words_of(text))} "
    for phrase, code in LINE_PHRASES:
        if f" {phrase} " in joined:
            return code
    return None


def phrase_for(text: str, code: str) -> str:
    """The words the person used for a line ("student loan"), to say it is not there."""
    joined = f" {' '.join(words_of(text))} "
    for phrase, candidate in LINE_PHRASES:
        if candidate == code and f" {phrase} " in joined:
            return "National Insurance" if candidate == "NI" else phrase
    return code.lower().replace("_", " ")


def tax_document_kind(text: str) -> str | None:
    """`P60` or `P11D` when the message names one ("p60", "P11-D", "p 11 d")."""
    compact = re.sub(r"[\s\-_.]", "", text.lower())
    if "p11d" in compact:
        return "P11D"
    if "p60" in compact:
        return "P60"
    return None
