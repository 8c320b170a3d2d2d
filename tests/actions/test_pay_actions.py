"""Pay actions against the real API in process: pay dates, payslips, changes, P60 and P11D."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx
import pytest
from rasa_sdk.executor import CollectingDispatcher
from starlette.types import Receive, Scope, Send

from actions._pay_words import (
    MonthAsked,
    line_asked,
    months_in,
    period_for,
    periods_for,
)
from actions._words import format_day, format_money, period_words
from actions.api_client import ApiClient
from actions.config import ActionSettings
from actions.pay import (
    ActionPayChange,
    ActionPayDates,
    ActionPayslip,
    ActionTaxDocument,
)
from api.core.signed_links import LINK_MINUTES
from tests.actions.conftest import API_BASE, PRIYA, TokenFor, TrackerFactory, sign_in_to
from tests.actions.said import SIGN_IN_AGAIN, UNAVAILABLE, Dispatcher, text
from tests.conftest import TODAY, ApiAppAt

NO_PAYSLIPS = text("utter_no_payslips")

GARETH = "100004"  # joined this week: no payslips, no tax documents
SAM = "100005"  # no student loan, no P11D


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["text"] for m in dispatcher.messages]


async def run_action(
    action: Any, make_tracker: TrackerFactory, text: str, intent: str, token: str | None
) -> CollectingDispatcher:
    dispatcher = Dispatcher()
    await action.run(dispatcher, make_tracker(text, intent=intent, token=token), {})
    return dispatcher


# --- reading the question


def test_months_are_read_from_words_and_relative_to_today() -> None:
    today = dt.date(2026, 11, 25)

    assert months_in("what was my net pay in October?", today) == [MonthAsked(10)]
    assert months_in("how much pension did I pay last month?", today) == [MonthAsked(10, 2026)]
    assert months_in("the month before last", today) == [MonthAsked(9, 2026)]
    assert months_in("payslip for September 2025", today) == [MonthAsked(9, 2025)]
    assert months_in("compare sept and october's", today) == [MonthAsked(9), MonthAsked(10)]
    assert months_in("last month", dt.date(2027, 1, 10)) == [MonthAsked(12, 2026)]


def test_may_is_a_month_only_where_it_reads_as_one() -> None:
    today = dt.date(2026, 11, 25)

    assert months_in("may I see my payslip", today) == []
    assert months_in("my payslip for may", today) == [MonthAsked(5)]
    assert months_in("May 2026 payslip", today) == [MonthAsked(5, 2026)]
    assert months_in("why was May different from March?", today) == [MonthAsked(5), MonthAsked(3)]
    assert months_in("was it lower than may", today) == [MonthAsked(5)]


def test_a_bare_month_is_the_newest_payslip_of_that_month() -> None:
    today = dt.date(2026, 11, 25)
    periods = ["2026-10", "2026-09", "2025-10"]

    assert period_for(MonthAsked(10), periods, today) == "2026-10"
    assert period_for(MonthAsked(12), periods, today) == "2025-12"
    assert period_for(MonthAsked(10, 2025), periods, today) == "2025-10"


def test_two_months_named_without_a_year_are_read_close_together() -> None:
    # Asked on 16 March 2027, the latest payslip February's.
    today = dt.date(2027, 3, 16)
    periods = [f"2027-{m:02d}" for m in (2, 1)] + [f"2026-{m:02d}" for m in range(12, 0, -1)]

    asked = months_in("why did I get more in March compared with February", today)

    assert periods_for(asked, periods, today) == ["2026-03", "2026-02"]
    assert periods_for(months_in("compare January and December", today), periods, today) == [
        "2027-01",
        "2026-12",
    ]
    assert periods_for(months_in("march 2026 and february 2027", today), periods, today) == [
        "2026-03",
        "2027-02",
    ]


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("what was my net pay in October?", "net"),
        ("what was my take-home last month", "net"),
        ("how much pension did I pay", "PENSION"),
        ("how much NI did I pay", "NI"),
        ("national insurance in june", "NI"),
        ("what's my tax code", "tax_code"),
        ("how much tax did I pay", "TAX"),
        ("student loan deductions", "STUDENT_LOAN"),
        ("show my latest payslip", None),
    ],
)
def test_the_line_asked_about_is_read_from_the_words(text: str, asked: str | None) -> None:
    assert line_asked(text) == asked


# --- pay dates


async def test_pay_dates_give_the_rule_and_the_coming_dates_from_the_api(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    answer = await api_client.pay_dates(token, count=4)
    # Asked the day after this month's payday: the next one is next month's.
    asked_on = answer.dates[0].pay_date + dt.timedelta(days=1)

    dispatcher = await run_action(
        ActionPayDates(client=api_client, today=lambda: asked_on),
        make_tracker,
        "when's payday?",
        "pay_date",
        token,
    )

    coming = [d for d in answer.dates if d.pay_date >= asked_on]
    [text] = texts(dispatcher)
    assert answer.rule in text
    assert text.startswith(f"Your next payday is {format_day(coming[0].pay_date)}.\n")
    assert format_day(answer.dates[0].pay_date) not in text
    for pay_date in coming:
        assert f"- {period_words(pay_date.period)}: {format_day(pay_date.pay_date)}" in text


async def test_on_payday_the_next_payday_is_today(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    payday = (await api_client.pay_dates(token, count=4)).dates[0].pay_date

    dispatcher = await run_action(
        ActionPayDates(client=api_client, today=lambda: payday),
        make_tracker,
        "is it payday?",
        "pay_date",
        token,
    )

    [text] = texts(dispatcher)
    assert text.startswith("Your next payday is today.\n")
    assert f"{format_day(payday)}" in text


# --- payslips


async def test_the_latest_payslip_lists_every_line_and_the_totals(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(PRIYA)

    dispatcher = await run_action(
        ActionPayslip(client=api_client, today=lambda: today),
        make_tracker,
        "show my latest payslip",
        "payslip",
        token,
    )

    latest = (await api_client.payslips(token))[0]
    payslip = await api_client.payslip(token, latest.period)
    [message] = dispatcher.messages
    assert message["text"].startswith(
        f"Your payslip for {period_words(latest.period)}, paid on {format_day(latest.pay_date)}"
    )
    for line in payslip.lines:
        assert f"- {line.label}: {format_money(line.amount)}" in message["text"]
    assert f"net pay (take-home) {format_money(payslip.net)}" in message["text"]
    assert f"Tax code {payslip.tax_code}" in message["text"]
    assert {b["payload"] for b in message["buttons"]} == {"/pay_change", "/pay_date"}


async def test_net_pay_in_a_named_month_comes_from_that_payslip(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    second = (await api_client.payslips(token))[1]
    month = period_words(second.period).split()[0]

    dispatcher = await run_action(
        ActionPayslip(client=api_client, today=lambda: today),
        make_tracker,
        f"what was my net pay in {month}?",
        "payslip",
        token,
    )

    assert texts(dispatcher) == [
        f"Your net pay (take-home) for {period_words(second.period)} was "
        f"{format_money(second.net)}, paid on {format_day(second.pay_date)}."
    ]


async def test_pension_last_month_answers_from_that_line_with_the_year_so_far(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)
    latest = (await api_client.payslips(token))[0]
    # "last month" is the month of the latest payslip: ask on a day in the month after it.
    year, month = int(latest.period[:4]), int(latest.period[5:])
    asked_on = dt.date(year + month // 12, month % 12 + 1, 3)
    payslip = await api_client.payslip(token, latest.period)
    [pension] = [line for line in payslip.lines if line.code == "PENSION"]

    dispatcher = await run_action(
        ActionPayslip(client=api_client, today=lambda: asked_on),
        make_tracker,
        "how much pension did I pay last month?",
        "payslip",
        token,
    )

    assert texts(dispatcher) == [
        f"You paid {format_money(pension.amount)} pension (alpha) in "
        f"{period_words(latest.period)}. So far this tax year you've paid "
        f"{format_money(payslip.year_to_date.pension)}."
    ]


async def test_a_line_that_is_not_on_the_payslip_is_said_to_be_absent(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(SAM)
    latest = (await api_client.payslips(token))[0]

    dispatcher = await run_action(
        ActionPayslip(client=api_client, today=lambda: today),
        make_tracker,
        "how much student loan did I pay?",
        "payslip",
        token,
    )

    assert texts(dispatcher) == [
        f"There was no student loan on your {period_words(latest.period)} payslip."
    ]


async def test_a_month_without_a_payslip_gets_the_apis_message_and_the_range(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    slips = await api_client.payslips(token)

    dispatcher = await run_action(
        ActionPayslip(client=api_client, today=lambda: today),
        make_tracker,
        "my payslip for January 2001",
        "payslip",
        token,
    )

    assert texts(dispatcher) == [
        "We couldn't find a payslip for that month. I have your payslips from "
        f"{period_words(slips[-1].period)} to {period_words(slips[0].period)}."
    ]


async def test_this_months_payslip_before_payday_shows_the_latest_and_when_pay_comes(
    make_tracker: TrackerFactory, api_app_at: ApiAppAt
) -> None:
    # On the 1st of a month its payday is still to come (never before the 14th).
    first = (TODAY.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    app = api_app_at(dt.datetime.combine(first, dt.time(9, 0)))
    token = await sign_in_to(app, PRIYA)
    api_client = ApiClient(API_BASE, transport=httpx.ASGITransport(app=app))
    latest = (await api_client.payslips(token))[0]
    this_month = first.strftime("%Y-%m")
    pay_day = next(
        d.pay_date for d in (await api_client.pay_dates(token)).dates if d.period == this_month
    )

    dispatcher = await run_action(
        ActionPayslip(client=api_client, today=lambda: first),
        make_tracker,
        "show me this month's payslip",
        "payslip",
        token,
    )
    await api_client.aclose()

    [text] = texts(dispatcher)
    assert latest.period < this_month and pay_day > first
    assert text.startswith(
        f"Your {period_words(this_month)} payslip isn't ready yet: you'll be paid on "
        f"{format_day(pay_day)}. Here is your latest one.\n"
        f"Your payslip for {period_words(latest.period)}"
    )


async def test_someone_without_payslips_is_told_when_the_first_comes(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    dispatcher = await run_action(
        ActionPayslip(client=api_client, today=lambda: today),
        make_tracker,
        "show my payslip",
        "payslip",
        await token_for(GARETH),
    )

    assert texts(dispatcher) == [NO_PAYSLIPS]


# --- why pay changed


async def test_pay_change_explains_the_latest_two_payslips_line_by_line(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(PRIYA)

    dispatcher = await run_action(
        ActionPayChange(client=api_client, today=lambda: today),
        make_tracker,
        "why is my take-home lower this month?",
        "pay_change",
        token,
    )

    comparison = await api_client.compare_payslips(token)
    [text] = texts(dispatcher)
    assert text.startswith(
        f"Comparing your {period_words(comparison.from_)} and {period_words(comparison.to)}"
    )
    for sentence in comparison.explanation:
        assert sentence in text
    for change in comparison.changes:
        assert f"- {change.label}: {format_money(change.from_amount)}" in text
        assert format_money(abs(change.change)) in text
    assert comparison.tax_code_change is not None, "Priya's tax code changes in the seed"
    assert f"- Tax code: {comparison.tax_code_change.from_}" in text


async def test_pay_change_between_two_named_months_compares_those(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    token = await token_for(PRIYA)
    slips = await api_client.payslips(token)
    older, newer = slips[3], slips[1]
    older_month = period_words(older.period).split()[0]
    newer_month = period_words(newer.period).split()[0]

    dispatcher = await run_action(
        ActionPayChange(client=api_client, today=lambda: today),
        make_tracker,
        f"why was {newer_month} different from {older_month}?",
        "pay_change",
        token,
    )

    [text] = texts(dispatcher)
    assert text.startswith(
        f"Comparing your {period_words(older.period)} and {period_words(newer.period)} payslips"
    )


async def test_pay_change_without_two_payslips_gets_the_apis_message(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, today: dt.date
) -> None:
    dispatcher = await run_action(
        ActionPayChange(client=api_client, today=lambda: today),
        make_tracker,
        "why has my pay changed",
        "pay_change",
        await token_for(GARETH),
    )

    assert texts(dispatcher) == ["You need at least two payslips to compare."]


# --- P60 and P11D


def settings_with(public_url: str) -> ActionSettings:
    return ActionSettings(
        _env_file=None, api_url="http://api.internal:8000", public_base_url=public_url
    )


async def test_the_p60_link_is_the_apis_document_and_opens_for_that_person_only(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient, api_app: Any
) -> None:
    token = await token_for(PRIYA)

    dispatcher = await run_action(
        ActionTaxDocument(client=api_client, settings=settings_with("https://chat.example/")),
        make_tracker,
        "where's my P60?",
        "tax_document",
        token,
    )

    [p60] = [d for d in await api_client.tax_documents(token) if d.kind == "P60"][:1]
    [text] = texts(dispatcher)
    [link] = re.findall(r"https://chat\.example(/\S+)", text)  # the gateway, not the API
    assert p60.link is not None and link.split("?")[0] == p60.link.split("?")[0]
    assert f"works for {LINK_MINUTES} minutes" in text
    assert "P11D" not in text
    transport = httpx.ASGITransport(app=api_app)
    async with httpx.AsyncClient(transport=transport, base_url=API_BASE) as http:
        opened = await http.get(link)  # a browser: no bearer token
        tampered = await http.get(link.replace(f"staff={PRIYA}", f"staff={GARETH}"))
        someone_else = await http.get(
            p60.url, headers={"Authorization": f"Bearer {await token_for(GARETH)}"}
        )
    assert opened.status_code == 200 and "P60" in opened.text
    assert tampered.status_code != 200
    assert someone_else.status_code == 404


async def test_a_p11d_is_given_to_someone_with_taxable_benefits(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    token = await token_for(PRIYA)

    dispatcher = await run_action(
        ActionTaxDocument(client=api_client, settings=settings_with("http://api")),
        make_tracker,
        "I need my p11d",
        "tax_document",
        token,
    )

    [p11d] = [d for d in await api_client.tax_documents(token) if d.kind == "P11D"][:1]
    path = (p11d.link or p11d.url).split("?")[0]
    assert f"http://api{path}" in texts(dispatcher)[0]


async def test_no_p11d_without_taxable_benefits(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    dispatcher = await run_action(
        ActionTaxDocument(client=api_client, settings=settings_with("http://api")),
        make_tracker,
        "where is my P11D",
        "tax_document",
        await token_for(SAM),
    )

    [text] = texts(dispatcher)
    assert text.startswith("You don't have a P11D.")
    assert "http" not in text


async def test_a_new_joiner_has_no_p60_yet(
    make_tracker: TrackerFactory, token_for: TokenFor, api_client: ApiClient
) -> None:
    dispatcher = await run_action(
        ActionTaxDocument(client=api_client, settings=settings_with("http://api")),
        make_tracker,
        "p60 please",
        "tax_document",
        await token_for(GARETH),
    )

    assert texts(dispatcher)[0].startswith("You don't have a P60 yet.")


# --- failures


async def _answer_503(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 503, "headers": []})
    await send({"type": "http.response.body", "body": b""})


@pytest.mark.parametrize(
    ("action", "intent"),
    [
        (ActionPayDates, "pay_date"),
        (ActionPayslip, "payslip"),
        (ActionPayChange, "pay_change"),
        (ActionTaxDocument, "tax_document"),
    ],
)
async def test_an_unanswering_api_gets_the_honest_answer(
    action: Any, intent: str, make_tracker: TrackerFactory
) -> None:
    client = ApiClient(API_BASE, transport=httpx.ASGITransport(app=_answer_503))

    dispatcher = await run_action(action(client=client), make_tracker, "pay", intent, "t")

    assert texts(dispatcher) == [UNAVAILABLE]
    await client.aclose()


@pytest.mark.parametrize("action", [ActionPayDates, ActionPayslip, ActionPayChange])
async def test_no_token_means_no_api_call_and_a_sign_in_message(
    action: Any, make_tracker: TrackerFactory
) -> None:
    def must_not_be_called(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"called the API without a token: {request.url}")

    client = ApiClient(API_BASE, transport=httpx.MockTransport(must_not_be_called))

    dispatcher = await run_action(action(client=client), make_tracker, "pay", "payslip", None)

    assert texts(dispatcher) == [SIGN_IN_AGAIN]
    await client.aclose()
