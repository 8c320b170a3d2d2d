"""Pay questions that change nothing: pay dates, payslips, why pay changed, P60 and P11D."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions._clock import real_now
from actions._common import ApiDeps, ask_api, explain_failure, latest_text, require_token
from actions._pay_words import (
    line_asked,
    months_in,
    period_for,
    periods_for,
    phrase_for,
    tax_document_kind,
)
from actions._words import bullets, format_day, format_money, period_words, tax_year_words
from actions.api_client import (
    ApiError,
    NotFound,
    PayComparison,
    Payslip,
    PayslipSummary,
    TaxDocument,
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
        dates = bullets([f"{period_words(d.period)}: {format_day(d.pay_date)}" for d in coming])
        if not coming:
            dispatcher.utter_message(response="utter_pay_dates_none", rule=answer.rule)
        elif coming[0].pay_date == today:
            dispatcher.utter_message(response="utter_payday_today", rule=answer.rule, dates=dates)
        else:
            dispatcher.utter_message(
                response="utter_pay_dates",
                next_payday=format_day(coming[0].pay_date),
                rule=answer.rule,
                dates=dates,
            )
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
                dispatcher.utter_message(response="utter_no_payslips")
                return []
            periods = [s.period for s in summaries]
            months = months_in(text, today)
            period = period_for(months[0], periods, today) if months else periods[0]
            not_yet = None
            if period not in periods and period >= periods[0]:
                # This month's (or a future) payslip: not paid yet, so show the latest.
                not_yet = period
                period = periods[0]
            payslip = await self.client.payslip(token, period)
            paid_on = await self._pay_day(token, not_yet) if not_yet else None
        except NotFound as error:
            dispatcher.utter_message(
                response="utter_payslip_not_found",
                message=error.message,
                oldest=period_words(summaries[-1].period),
                newest=period_words(summaries[0].period),
            )
            return []
        except ApiError as error:
            explain_failure(dispatcher, error)
            return []
        asked = line_asked(text)
        answer = describe_payslip(payslip) if asked is None else answer_line(payslip, asked, text)
        if not_yet is None:
            dispatcher.utter_message(response="utter_payslip", answer=answer)
        elif paid_on is None:
            dispatcher.utter_message(
                response="utter_payslip_not_ready", month=period_words(not_yet), answer=answer
            )
        else:
            dispatcher.utter_message(
                response="utter_payslip_not_ready_paid_on",
                month=period_words(not_yet),
                day=format_day(paid_on),
                answer=answer,
            )
        return []

    async def _pay_day(self, token: str, period: str) -> dt.date | None:
        dates = await self.client.pay_dates(token, count=2)
        return next((d.pay_date for d in dates.dates if d.period == period), None)


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
        dispatcher.utter_message(
            response="utter_pay_change", comparison=describe_change(comparison)
        )
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
            dispatcher.utter_message(response=_none_available(kind, documents))
            return []
        base = self.settings.public_url  # the gateway relays signed links to the API
        links = "\n".join(
            f"Your {d.kind} for the tax year {tax_year_words(d.tax_year)}: {base}{d.link or d.url}"
            for d in wanted
        )
        expiry = min((d.link_expires_at for d in wanted if d.link_expires_at), default=None)
        if expiry is not None and all(d.link for d in wanted):
            minutes = max(1, round((expiry - real_now()).total_seconds() / 60))  # real life
            dispatcher.utter_message(
                response="utter_tax_documents_signed", links=links, minutes=minutes
            )
        else:
            dispatcher.utter_message(response="utter_tax_documents", links=links)
        return []


def _newest_of_each_kind(documents: list[TaxDocument]) -> list[TaxDocument]:
    newest: dict[str, TaxDocument] = {}
    for document in documents:  # the API lists the newest tax year first
        newest.setdefault(document.kind, document)
    return list(newest.values())


def _none_available(kind: str | None, documents: list[TaxDocument]) -> str:
    """The response that says which document there isn't (and which there is)."""
    if kind == "P11D":
        return "utter_no_p11d"
    if any(d.available and d.kind == "P11D" for d in documents):
        return "utter_no_p60_but_p11d"
    return "utter_no_p60"
