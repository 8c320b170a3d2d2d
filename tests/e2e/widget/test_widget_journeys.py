"""The widget on an intranet page, in Debian's chromium, against the real stack: keyboard-only
use, what the live region announces, and a reload in the middle of a conversation.

Each test uses a persona and dates no other end-to-end test touches in a way that matters.
"""

from __future__ import annotations

import datetime as dt
import re

import holidays
from playwright.sync_api import Page, expect

from tests.conftest import TODAY
from tests.e2e.widget.browser import (
    HELP,
    HELP_BUTTONS,
    button_titles,
    launcher,
    message_field,
    messages,
    panel,
    say,
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


def _record_announcements(page: Page) -> None:
    page.evaluate(
        """() => {
            const root = document.querySelector("ask-shared-services").shadowRoot;
            window.__said = [];
            window.__typing = [];
            const log = root.querySelector("[role=log]");
            const typing = root.querySelector(".asks-typing");
            new MutationObserver(changes => changes.forEach(change =>
                change.addedNodes.forEach(node => window.__said.push(node.innerText))
            )).observe(log.querySelector("ol"), {childList: true});
            new MutationObserver(() => window.__typing.push(typing.innerText))
                .observe(typing, {childList: true, subtree: true, characterData: true});
        }"""
    )


def test_the_live_region_announces_each_message_politely_without_moving_focus(
    page: Page, host_pages: HostPages
):
    page.goto(host_pages.add("live.html"))
    launcher(page).click()
    page.get_by_role("radio", name="Gareth Jones").check()
    page.get_by_role("button", name="Sign in").click()
    expect(message_field(page)).to_be_focused()
    log = page.locator("ask-shared-services [role=log]")
    assert log.get_attribute("aria-live") == "polite"
    assert log.get_attribute("aria-label") == "Conversation with the assistant"
    assert page.locator("ask-shared-services .asks-typing").get_attribute("role") == "status"
    _record_announcements(page)

    replies = say(page, "what can you do?")

    assert replies == [HELP]
    said = page.evaluate("() => window.__said")
    assert len(said) == 2
    said = [" ".join(text.split()) for text in said]
    assert re.fullmatch(r"You said, \d\d:\d\d what can you do\?", said[0]), said[0]
    assert re.match(r"Assistant said, \d\d:\d\d I can help you with leave", said[1]), said[1]
    assert page.evaluate("() => window.__typing") == ["The assistant is typing", ""]
    expect(message_field(page)).to_be_focused()
    times = messages(page).locator("time")
    assert all(re.fullmatch(r"\d\d:\d\d", t) for t in times.all_inner_texts())
    assert all(t.get_attribute("datetime") for t in times.all())


def test_a_reload_mid_conversation_keeps_the_conversation_and_its_buttons(
    page: Page, host_pages: HostPages
):
    page.goto(host_pages.add("reload.html"))
    launcher(page).click()
    page.get_by_role("radio", name="Aisha Bello").check()
    page.get_by_role("button", name="Sign in").click()
    say(page, "what can you do?")
    before = texts(page)

    page.reload()

    expect(panel(page)).to_be_visible()  # it was open: it opens again
    expect(messages(page)).to_have_count(2)
    assert texts(page) == before == ["what can you do?", HELP]
    assert button_titles(messages(page, "assistant").last) == HELP_BUTTONS
    expect(message_field(page)).to_be_focused()
    balance = page.locator("ask-shared-services").get_by_role(
        "button", name="Check my leave balance"
    )
    balance.click()
    wait_until_idle(page)
    assert texts(page)[2] == "Check my leave balance"
    assert "leave" in texts(page)[3].lower() and re.search(r"\d", texts(page)[3])

    page.goto(host_pages.add("another-page.html", title="Another intranet page"))
    expect(messages(page)).to_have_count(4)  # the conversation follows the person around
    assert texts(page)[:2] == before


def test_start_again_begins_a_new_conversation(page: Page, host_pages: HostPages):
    page.goto(host_pages.add("restart.html"))
    launcher(page).click()
    page.get_by_role("radio", name="Aisha Bello").check()
    page.get_by_role("button", name="Sign in").click()
    say(page, "hello")

    page.locator("ask-shared-services").get_by_role("button", name="Start again").click()

    expect(messages(page)).to_have_count(0)
    expect(page.locator("ask-shared-services .asks-status")).to_have_text(
        "You've started a new conversation."
    )
    expect(message_field(page)).to_be_focused()
    page.reload()
    expect(panel(page)).to_be_visible()
    expect(messages(page)).to_have_count(0)
