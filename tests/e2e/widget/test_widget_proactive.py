"""Proactive messages reach an open page without polling (server-sent events): a manager's
decision arrives while the widget is closed, and the launcher's badge and the page's title say
so until the person opens it."""

from __future__ import annotations

import datetime as dt

import holidays
from playwright.sync_api import Page, expect

from api.domain.calendar import format_date
from tests.conftest import TODAY
from tests.e2e.widget.browser import launcher, message_field, messages, panel, texts
from tests.e2e.widget.conftest import HostPages


def a_free_thursday(weeks_ahead: int, subdivision: str) -> dt.date:
    """A Thursday some weeks ahead that is not a bank holiday where the person works."""
    day = TODAY + dt.timedelta(weeks=weeks_ahead)
    day += dt.timedelta(days=(3 - day.weekday()) % 7)
    closed = holidays.country_holidays("GB", subdiv=subdivision, years=[day.year, day.year + 1])
    while day in closed:
        day += dt.timedelta(weeks=1)
    return day


def test_a_managers_decision_arrives_while_closed_and_the_badge_and_title_say_so(
    page: Page, host_pages: HostPages, person
):
    gareth = person("100004")
    tom = person("100002")
    day = a_free_thursday(6, "WLS")
    page.goto(host_pages.add("proactive.html", title="Team news"))
    launcher(page).click()
    page.get_by_role("radio", name="Gareth Jones").check()
    page.get_by_role("button", name="Sign in").click()
    expect(message_field(page)).to_be_focused()
    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()
    booked = gareth.api.post(
        "/v1/me/leave/requests",
        headers={**gareth.headers, "Idempotency-Key": f"widget-proactive-{day}"},
        json={"start_date": day.isoformat(), "end_date": day.isoformat()},
    )
    assert booked.status_code == 201, booked.text
    request = booked.json()

    decided = tom.api.post(
        f"/v1/leave/requests/{request['id']}/decision",
        headers=tom.headers,
        json={"decision": "approve"},
    )
    assert decided.status_code == 200, decided.text

    badge = page.locator("ask-shared-services .asks-badge")
    expect(badge).to_be_visible(timeout=15_000)
    expect(badge).to_have_text("1 new message")
    expect(launcher(page)).to_have_accessible_name("Ask Shared Services 1 new message")
    assert page.title() == "(1) Team news"

    launcher(page).click()

    expect(badge).to_be_hidden()
    assert page.title() == "Team news"
    expect(messages(page, "assistant")).to_have_count(1)
    assert texts(page, "assistant") == [
        f"Tom Evans approved your annual leave from {format_date(day)} to {format_date(day)} "
        "(1 day)."
    ]
