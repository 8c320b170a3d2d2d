"""Pay questions that change nothing: pay dates, payslips, why pay changed, P60 and P11D."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._clock import real_now
from actions._common import (
    ApiDeps,
    ask_api,
    explain_failure,
    format_day,
    latest_text,
    require_token,
)
from actions._money import format_money
from actions._pay_words import (
    line_asked,
    months_in,
    period_for,
    period_words,
    periods_for,
    phrase_for,
    tax_document_kind,
    tax_year_words,
)
from actions.api_client import (
    ApiError,
    NotFound,
    PayComparison,
    Payslip,
    PayslipSummary,
    TaxDocument,
)

PAYSLIP_BUTTONS = [
    {"title": "Why has my pay changed?", "payload": "/pay_change"},
    {"title": "When is payday?", "payload": "/pay_date"},
]
NO_PAYSLIPS = (
    "You don't have any payslips yet. Your first one comes with your first pay: "
    'ask "when is payday?" to see the date.'
)
_TOTALS = {"net": "net pay (take-home)", "gross": "gross pay", "deductions": "deductions"}
_YEAR_TO_DATE = {"TAX": "tax", "NI": "ni", "PENSION": "pension"}


class ActionPayDates(ApiDeps, Action):
    """Say when payday is, from the department's rule held in the API."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_pay_dates"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Reply with the rule, the next payday, and the pay dates of the next few months.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; its latest message carries the token.
            domain: The bot's domain.

        Returns:
            No events.
        """
        answer = await ask_api(
            dispatcher, tracker, lambda token: self.client.pay_dates(token, count=4)
        )
        if answer is None:
            return []
        today = self.today()
        coming = [d for d in answer.dates if d.pay_date >= today]
        lines = []
        if coming:
            nxt = coming[0].pay_date
            when = "today" if nxt == today else format_day(nxt)
            lines.append(f"Your next payday is {when}.")
        lines.append(answer.rule)
        lines.append("Pay dates:")
        lines.extend(f"- {period_words(d.period)}: {format_day(d.pay_date)}" for d in coming)
        dispatcher.utter_message(text="\n".join(lines))
        return []


class ActionPayslip(ApiDeps, Action):
    """Show a payslip, or answer one question about it ("net pay in October")."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_payslip"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Find the month asked about (default the latest) and reply from its payslip.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; the month and the line are read from its latest text.
            domain: The bot's domain.

        Returns:
            No events.
        """
        token = require_token(dispatcher, tracker)
        if token is None:
            return []
        text, today = latest_text(tracker), self.today()
        summaries: list[PayslipSummary] = []
        try:
            summaries = await self.client.payslips(token)
            if not summaries:
                dispatcher.utter_message(text=NO_PAYSLIPS)
                return []
            periods = [s.period for s in summaries]
            months = months_in(text, today)
            period = period_for(months[0], periods, today) if months else periods[0]
            note = None
            if period not in periods and period >= periods[0]:
                # This month's (or a future) payslip: not paid yet, so show the latest.
                note = await self._not_yet(token, period)
                period = periods[0]
            payslip = await self.client.payslip(token, period)
        except NotFound as error:
            dispatcher.utter_message(text=f"{error.message} {_range_hint(summaries)}")
            return []
        except ApiError as error:
            explain_failure(dispatcher, error)
            return []
        asked = line_asked(text)
        answer = describe_payslip(payslip) if asked is None else answer_line(payslip, asked, text)
        if note:
            answer = f"{note}\n{answer}"
        dispatcher.utter_message(text=answer, buttons=PAYSLIP_BUTTONS)
        return []

    async def _not_yet(self, token: str, period: str) -> str:
        dates = await self.client.pay_dates(token, count=2)
        day = next((d.pay_date for d in dates.dates if d.period == period), None)
        when = f": you'll be paid on {format_day(day)}" if day else ""
        month = period_words(period)
        return f"Your {month} payslip isn't ready yet{when}. Here is your latest one."


def _range_hint(summaries: list[PayslipSummary]) -> str:
    if not summaries:
        return ""
    oldest, newest = summaries[-1].period, summaries[0].period
    return f"I have your payslips from {period_words(oldest)} to {period_words(newest)}."


def describe_payslip(payslip: Payslip) -> str:
    """The whole payslip: earnings, deductions, totals and codes."""
    earnings = [line for line in payslip.lines if line.kind == "earning"]
    deductions = [line for line in payslip.lines if line.kind == "deduction"]
    lines = [
        f"Your payslip for {period_words(payslip.period)}, paid on {format_day(payslip.pay_date)}:",
        "Earnings:",
        *(f"- {line.label}: {format_money(line.amount)}" for line in earnings),
        "Deductions:",
        *(f"- {line.label}: {format_money(line.amount)}" for line in deductions),
        f"Gross pay {format_money(payslip.gross)}, deductions "
        f"{format_money(payslip.deductions)}, net pay (take-home) {format_money(payslip.net)}.",
        f"Tax code {payslip.tax_code}, National Insurance category {payslip.ni_category}.",
    ]
    return "\n".join(lines)


def answer_line(payslip: Payslip, asked: str, text: str) -> str:
    """Answer a question about one line or total of a payslip.

    Args:
        payslip: The payslip of the month asked about.
        asked: A line code (`PENSION`) or a total (`net`, `gross`, `deductions`, `tax_code`).
        text: The question, for the words to use when the line isn't on the payslip.

    Returns:
        The answer in a sentence or two.
    """
    month = period_words(payslip.period)
    if asked == "tax_code":
        return f"Your tax code on your {month} payslip was {payslip.tax_code}."
    if asked in _TOTALS:
        amount = getattr(payslip, asked)
        return (
            f"Your {_TOTALS[asked]} for {month} was {format_money(amount)}, "
            f"paid on {format_day(payslip.pay_date)}."
        )
    line = next((line for line in payslip.lines if line.code == asked), None)
    if line is None:
        return f"There was no {phrase_for(text, asked)} on your {month} payslip."
    verb = "You paid" if line.kind == "deduction" else "You were paid"
    answer = f"{verb} {format_money(line.amount)} {line.label.lower()} in {month}."
    if line.code == "NI":
        answer = f"{verb} {format_money(line.amount)} National Insurance in {month}."
    ytd = _YEAR_TO_DATE.get(asked)
    if ytd is not None:
        total = getattr(payslip.year_to_date, ytd)
        answer += f" So far this tax year you've paid {format_money(total)}."
    return answer


class ActionPayChange(ApiDeps, Action):
    """Explain why take-home pay changed between two payslips, line by line."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_pay_change"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Compare the months named (default: the latest two payslips) with the API's compare.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; months are read from its latest text.
            domain: The bot's domain.

        Returns:
            No events.
        """
        token = require_token(dispatcher, tracker)
        if token is None:
            return []
        today = self.today()
        try:
            periods = [s.period for s in await self.client.payslips(token)]
            named = sorted(
                set(periods_for(months_in(latest_text(tracker), today), periods, today))
                & set(periods)
            )
            from_period, to_period = _pair(named, periods)
            comparison = await self.client.compare_payslips(token, from_period, to_period)
        except ApiError as error:
            explain_failure(dispatcher, error)
            return []
        dispatcher.utter_message(text=describe_change(comparison))
        return []


def _pair(named: list[str], periods: list[str]) -> tuple[str | None, str | None]:
    """The two periods to compare: two named; one named and the one before it; else the API's
    default (the latest two)."""
    if len(named) >= 2:
        return named[0], named[-1]
    if len(named) == 1 and named[0] != (periods[0] if periods else None):
        earlier = [p for p in periods if p < named[0]]
        if earlier:
            return earlier[0], named[0]
    return None, None


def describe_change(comparison: PayComparison) -> str:
    """The API's explanation, then each line that changed, then the tax code."""
    first, second = period_words(comparison.from_), period_words(comparison.to)
    lines = [f"Comparing your {first} and {second} payslips:"]
    lines.extend(comparison.explanation)
    if comparison.changes:
        lines.append("What changed, line by line:")
        for change in comparison.changes:
            direction = "up" if change.change > 0 else "down"
            lines.append(
                f"- {change.label}: {format_money(change.from_amount)} in {first}, "
                f"{format_money(change.to_amount)} in {second} "
                f"({direction} {format_money(abs(change.change))})"
            )
    if comparison.tax_code_change is not None:
        code = comparison.tax_code_change
        lines.append(f"- Tax code: {code.from_} in {first}, {code.to} in {second}")
    return "\n".join(lines)


class ActionTaxDocument(ApiDeps, Action):
    """Give the link to the person's P60 or P11D, generated by the API from their payslips."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_tax_document"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Reply with the newest document of the kind asked for (or all kinds), as links.

        Args:
            dispatcher: Where replies go.
            tracker: The conversation; "P60" or "P11D" is read from its latest text.
            domain: The bot's domain.

        Returns:
            No events.
        """
        documents = await ask_api(
            dispatcher, tracker, lambda token: self.client.tax_documents(token)
        )
        if documents is None:
            return []
        text = latest_text(tracker)
        kind = tax_document_kind(text)
        wanted = [d for d in documents if d.available and kind in (None, d.kind)]
        named_year = [d for d in wanted if d.tax_year in text or d.tax_year[:4] in text]
        wanted = named_year or _newest_of_each_kind(wanted)
        if not wanted:
            dispatcher.utter_message(text=_none_available(kind, documents))
            return []
        base = self.settings.public_url  # the gateway relays signed links to the API
        lines = [
            f"Your {d.kind} for the tax year {tax_year_words(d.tax_year)}: {base}{d.link or d.url}"
            for d in wanted
        ]
        lines.append(_how_to_open(wanted))
        dispatcher.utter_message(text="\n".join(lines))
        return []


def _how_to_open(documents: list[TaxDocument]) -> str:
    """How long the links work (signed links expire), and how to keep a copy."""
    expiry = min((d.link_expires_at for d in documents if d.link_expires_at), default=None)
    if expiry is not None and all(d.link for d in documents):
        minutes = max(1, round((expiry - real_now()).total_seconds() / 60))  # the link's real life
        opening = (
            f"The link is only for you and works for {minutes} minutes; after that, ask me again."
        )
    else:
        opening = "Only you can open it: it needs your sign-in."
    return (
        f"It's a printable page made from your payslips. {opening} "
        "To keep a copy, print it or save it as a PDF from your browser."
    )


def _newest_of_each_kind(documents: list[TaxDocument]) -> list[TaxDocument]:
    newest: dict[str, TaxDocument] = {}
    for document in documents:  # the API lists the newest tax year first
        newest.setdefault(document.kind, document)
    return list(newest.values())


def _none_available(kind: str | None, documents: list[TaxDocument]) -> str:
    if kind == "P11D":
        return (
            "You don't have a P11D. A P11D is only produced for people who had taxable "
            "benefits, such as private medical insurance, in a tax year."
        )
    others = {d.kind for d in documents if d.available}
    hint = " Your P11D is available: ask for your P11D." if "P11D" in others else ""
    return (
        "You don't have a P60 yet. You get a P60 for each tax year (6 April to 5 April) "
        f"you were paid in, once the tax year has ended.{hint}"
    )
