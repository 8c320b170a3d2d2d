"""Keyboard only: open the widget, sign in, book leave, confirm and close, with the focus
order checked at every step, in Debian's chromium against the real stack."""

from __future__ import annotations

import datetime as dt

import holidays
from playwright.sync_api import Page, expect

from tests.conftest import TODAY
from tests.e2e.widget.browser import (
    button_titles,
    focused,
    launcher,
    message_field,
    messages,
    panel,
    texts,
    wait_until_idle,
)
from tests.e2e.widget.conftest import HostPages


def a_free_wednesday(weeks_ahead: int, subdivision: str) -> dt.date:
    """A Wednesday some weeks ahead that is not a bank holiday where the person works."""
    day = TODAY + dt.timedelta(weeks=weeks_ahead)
    day += dt.timedelta(days=(2 - day.weekday()) % 7)
    closed = holidays.country_holidays("GB", subdiv=subdivision, years=[day.year, day.year + 1])
    while day in closed:
        day += dt.timedelta(weeks=1)
    return day


def spoken(day: dt.date) -> str:
    """A date as people type it and as the assistant writes it: "Wednesday 13 January 2027"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def press(page: Page, key: str, times: int = 1) -> None:
    """Presses a key on the keyboard, as a keyboard-only user does."""
    for _ in range(times):
        page.keyboard.press(key)


def test_keyboard_only_open_sign_in_book_leave_confirm_and_close(
    page: Page, host_pages: HostPages, person
):
    fiona = person("100006")
    day = a_free_wednesday(5, "NIR")
    quote = fiona.api.post(
        "/v1/me/leave/quote",
        headers=fiona.headers,
        json={"start_date": day.isoformat(), "end_date": day.isoformat()},
    ).json()
    before = fiona.get("/v1/me/leave/requests")
    page.goto(host_pages.add("keyboard.html"))
    expect(launcher(page)).to_be_visible()

    # The page's own links come first, then the launcher.
    press(page, "Tab")
    assert focused(page)["text"] == "Skip to main content"
    press(page, "Tab")
    assert focused(page)["text"] == "a link"
    press(page, "Tab")
    now = focused(page)
    assert (now["tag"], now["text"], now["inWidget"]) == ("button", "Ask Shared Services", True)
    assert launcher(page).get_attribute("aria-expanded") == "false"

    # Open: the dialog's heading has focus; then Close, then the personas, then Sign in.
    press(page, "Enter")
    expect(panel(page)).to_be_visible()
    assert focused(page)["tag"] == "h2" and focused(page)["text"] == "Ask Shared Services"
    press(page, "Tab")
    assert focused(page)["text"] == "Close Ask Shared Services"
    press(page, "Tab")
    assert focused(page)["label"] == "Priya Shah"
    press(page, "ArrowDown", 5)
    assert focused(page)["label"] == "Fiona Clark"
    press(page, "Tab")
    assert (focused(page)["tag"], focused(page)["text"]) == ("button", "Sign in")
    press(page, "Enter")
    expect(page.locator("ask-shared-services .asks-who")).to_have_text("Signed in as Fiona Clark")
    expect(message_field(page)).to_be_focused()
    assert focused(page)["label"] == "Your message"

    # Book: type, Enter, read the summary; Shift+Tab reaches its buttons, latest first.
    page.keyboard.type(f"can I take {spoken(day)} off?")
    press(page, "Enter")
    wait_until_idle(page)
    assert texts(page) == [
        f"can I take {spoken(day)} off?",
        f"You're asking for annual leave: {spoken(day)}.\n"
        f"It uses 1 day of your leave, leaving you {quote['balance_after']:g} days.\n"
        "Helen Ward will be asked to approve it.\n"
        "Shall I send the request?",
    ]
    assert button_titles(messages(page, "assistant").last) == ["Yes, send it", "No"]
    assert focused(page)["label"] == "Your message", "a reply never takes the focus"
    press(page, "Shift+Tab")
    assert focused(page)["text"] == "No"
    press(page, "Shift+Tab")
    assert focused(page)["text"] == "Yes, send it"
    press(page, "Enter")
    wait_until_idle(page)

    booked = [r for r in fiona.get("/v1/me/leave/requests") if r not in before]
    assert len(booked) == 1
    assert booked[0]["start_date"] == booked[0]["end_date"] == day.isoformat()
    done = (
        f"Done. Your request {booked[0]['reference']} for annual leave on {spoken(day)} "
        "(1 day) has been sent. Helen Ward has been asked to approve it."
    )
    assert texts(page)[2:] == ["Yes, send it", done]
    chosen = messages(page, "assistant").nth(0).locator("button")
    assert [b.is_disabled() for b in chosen.all()] == [True, True], "answered: can't send twice"
    assert focused(page)["label"] == "Your message"

    # Escape closes; focus returns to the launcher.
    press(page, "Escape")
    expect(panel(page)).to_be_hidden()
    # The widget hands focus back to the launcher just after the panel hides: give it 5 s.
    for _ in range(50):
        if focused(page)["text"] == "Ask Shared Services":
            break
        page.wait_for_timeout(100)
    assert focused(page)["text"] == "Ask Shared Services"
    expect(launcher(page)).to_have_attribute("aria-expanded", "false")
