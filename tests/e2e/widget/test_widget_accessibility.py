"""The widget's accessibility in Debian's chromium: axe-core finds nothing in any state, it
reflows at 320 px and at 400 % zoom, and a hostile host page neither breaks it nor is touched
by it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.widget.browser import (
    axe_violations,
    horizontal_overflow,
    launcher,
    message_field,
    messages,
    panel,
    say,
)
from tests.e2e.widget.conftest import HostPages

HOSTILE_CSS = """<style>
html { font-size: 10px !important; }
* { font-family: "Comic Sans MS", cursive !important; color: #ff00ff !important;
    background: #00ff00 !important; letter-spacing: 3px !important; line-height: 3 !important;
    text-transform: uppercase !important; box-sizing: content-box !important;
    border: 4px dashed red !important; margin: 20px !important; }
body * { visibility: visible; }
button, input, dialog, ol, li, p { display: inline !important; width: 7px !important;
    position: static !important; float: left !important; }
div, span { padding: 40px !important; }
ask-shared-services { display: none !important; position: absolute !important;
    left: -9999px !important; opacity: 0 !important; transform: scale(0.1) !important; }
li::before { content: "HOSTILE " !important; }
:root, ask-shared-services { --govuk-text-colour: #ff00ff; --govuk-brand-colour: #00ff00; }
</style>"""

PROBES = """<h2 class="probe">A heading of the page</h2>
<p class="probe">A paragraph of the page.</p>
<ul class="probe"><li class="probe">A list item</li></ul>
<label for="page-field">A field of the page</label>
<input id="page-field" class="probe" type="text">
<button class="probe" type="button">A button of the page</button>
<div class="probe govuk-button govuk-body asks-panel asks-message">Classes the widget uses</div>"""

STYLE_PROPERTIES = [
    "font-family",
    "font-size",
    "color",
    "background-color",
    "margin-top",
    "padding-top",
    "border-top-width",
    "display",
    "line-height",
    "box-sizing",
    "width",
]


def widget_look(page: Page) -> dict[str, Any]:
    """What the widget looks like: sizes and styles of its launcher, panel and text."""
    look: dict[str, Any] = page.evaluate(
        """(props) => {
            const root = document.querySelector("ask-shared-services").shadowRoot;
            const pick = (el) => {
                const s = getComputedStyle(el);
                const box = el.getBoundingClientRect();
                return {
                    ...Object.fromEntries(props.map(p => [p, s.getPropertyValue(p)])),
                    "text-transform": s.textTransform,
                    "letter-spacing": s.letterSpacing,
                    visible: box.width > 0 && box.height > 0 && s.visibility === "visible",
                    box: [Math.round(box.x), Math.round(box.y),
                          Math.round(box.width), Math.round(box.height)],
                };
            };
            const out = {};
            for (const [name, selector] of [
                ["launcher", ".asks-launcher"], ["panel", "dialog"], ["field", "#asks-message"],
                ["label", "label[for=asks-message]"], ["send", ".asks-form button"],
                ["message", "li.asks-message"], ["text", ".asks-text p"],
            ]) {
                const el = root.querySelector(selector);
                if (el) out[name] = pick(el);
            }
            return out;
        }""",
        STYLE_PROPERTIES,
    )
    return look


def page_look(page: Page) -> dict[str, Any]:
    """The computed styles of the host page's own elements, and what the document holds."""
    look: dict[str, Any] = page.evaluate(
        """(props) => ({
            probes: [...document.querySelectorAll(".probe")].map(el => {
                const s = getComputedStyle(el);
                return Object.fromEntries(props.map(p => [p, s.getPropertyValue(p)]));
            }),
            body: Object.fromEntries(props.map(p => [p, getComputedStyle(document.body)
                .getPropertyValue(p)])),
            rootVariables: getComputedStyle(document.documentElement)
                .getPropertyValue("--govuk-frontend-version"),
            styleSheets: document.styleSheets.length,
            styleElements: document.querySelectorAll("style, link[rel=stylesheet]").length,
            elements: [...document.body.children].map(el => el.tagName.toLowerCase()),
            title: document.title,
        })""",
        STYLE_PROPERTIES,
    )
    return look


def sign_in(page: Page, name: str) -> None:
    """Signs in with the demonstration persona picker."""
    page.get_by_role("radio", name=name).check()
    page.get_by_role("button", name="Sign in").click()
    expect(message_field(page)).to_be_focused()


def test_axe_finds_no_violations_in_any_state(page: Page, host_pages: HostPages):
    found: dict[str, list[dict[str, Any]]] = {}
    page.goto(host_pages.add("axe.html"))
    expect(launcher(page)).to_be_visible()
    found["launcher closed"] = axe_violations(page)

    launcher(page).click()
    expect(page.get_by_role("radio", name="Sam Patel")).to_be_visible()
    found["open, signed out: the persona picker"] = axe_violations(page)

    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("ask-shared-services #asks-persona-error")).to_have_text(
        "Error: Choose who to sign in as."
    )
    found["sign-in error"] = axe_violations(page)

    sign_in(page, "Sam Patel")
    found["open, signed in, empty"] = axe_violations(page)

    say(page, "what can you do?")
    found["a reply with buttons"] = axe_violations(page)

    payslip = say(page, "show my latest payslip")
    assert payslip[0].startswith("Your payslip for ")
    assert "Earnings:\nBasic pay: £" in payslip[0] and "net pay (take-home) £" in payslip[0]
    found["a long list (payslip)"] = axe_violations(page)

    message_field(page).fill("")
    message_field(page).press("Enter")
    expect(page.locator("ask-shared-services #asks-message-error")).to_have_text(
        "Error: Type a message before you send it."
    )
    assert message_field(page).get_attribute("aria-invalid") == "true"
    found["an empty message"] = axe_violations(page)

    page.route("**/web/messages", lambda route: route.abort("connectionrefused"))
    replies = say(page, "how much leave have I got?")
    assert replies == [
        "Sorry, the assistant can't be reached. Check your connection, then try again. "
        "Nothing has been changed."
    ]
    expect(messages(page, "problem")).to_have_count(1)
    found["an error: the gateway unreachable"] = axe_violations(page)
    page.unroute("**/web/messages")

    page.locator("ask-shared-services").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("radio", name="Sam Patel")).to_be_visible()
    found["signed out"] = axe_violations(page)

    page.keyboard.press("Escape")
    expect(panel(page)).to_be_hidden()
    found["closed again"] = axe_violations(page)

    assert {state: v for state, v in found.items() if v} == {}


def test_an_expired_sign_in_says_so_and_offers_the_personas_again(
    page: Page, host_pages: HostPages
):
    url = host_pages.add("expired.html")
    page.goto(url)
    launcher(page).click()
    sign_in(page, "Sam Patel")
    page.evaluate(
        """() => Object.keys(sessionStorage).filter(k => k.endsWith(":token"))
                 .forEach(k => sessionStorage.setItem(k, "an.expired.token"))"""
    )

    page.reload()

    expect(page.locator("ask-shared-services .asks-reason")).to_have_text(
        "Your sign-in has expired. Please sign in again."
    )
    expect(page.get_by_role("radio", name="Sam Patel")).to_be_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize(
    ("viewport", "scale"),
    [({"width": 320, "height": 640}, 1), ({"width": 320, "height": 200}, 4)],
    ids=["320 px wide", "400 % zoom of 1280 × 800"],
)
def test_it_reflows_without_horizontal_scrolling(
    browser: Browser, host_pages: HostPages, viewport, scale
):
    context = browser.new_context(viewport=viewport, device_scale_factor=scale, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(host_pages.add("narrow.html"))
        expect(launcher(page)).to_be_visible()
        states = {"closed": (horizontal_overflow(page), _widget_overflow(page))}
        launcher(page).click()
        sign_in(page, "Aisha Bello")
        say(page, "what can you do?")
        say(page, "show my latest payslip")
        states["open, with a long conversation"] = (
            horizontal_overflow(page),
            _widget_overflow(page),
        )
        box = panel(page).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
        for control in (message_field(page), page.get_by_role("button", name="Send")):
            control.scroll_into_view_if_needed()
            expect(control).to_be_in_viewport()
            inside = control.bounding_box()
            assert inside is not None and inside["x"] + inside["width"] <= viewport["width"]
        assert states == dict.fromkeys(states, (0, 0))
        assert axe_violations(page) == []
    finally:
        context.close()


def _widget_overflow(page: Page) -> int:
    """How far anything in the widget sticks out sideways from its scrolling boxes."""
    overflow: int = page.evaluate(
        """() => {
            const root = document.querySelector("ask-shared-services").shadowRoot;
            let worst = 0;
            for (const el of root.querySelectorAll("dialog, .asks-log, .asks-form, .asks-header")) {
                if (el.offsetParent !== null || el.tagName === "DIALOG") {
                    worst = Math.max(worst, el.scrollWidth - el.clientWidth);
                }
            }
            return worst;
        }"""
    )
    return overflow


def test_a_hostile_page_neither_breaks_the_widget_nor_is_changed_by_it(
    page: Page, host_pages: HostPages
):
    page.goto(host_pages.add("calm.html"))
    launcher(page).click()
    sign_in(page, "Gareth Jones")
    say(page, "hello")
    calm = widget_look(page)
    page.keyboard.press("Escape")

    page.goto(host_pages.add("hostile.html", head=HOSTILE_CSS, body=PROBES))
    expect(launcher(page)).to_be_visible()
    launcher(page).click()
    expect(message_field(page)).to_be_focused()
    hostile = widget_look(page)
    differences = [
        (part, name, calm[part].get(name), value)
        for part, look in hostile.items()
        for name, value in look.items()
        if calm.get(part, {}).get(name) != value
    ]
    assert differences == []
    assert set(hostile) == set(calm)
    assert all(look["visible"] for name, look in hostile.items() if name != "launcher")
    assert hostile["text"]["color"] == "rgb(11, 12, 12)"
    assert hostile["text"]["text-transform"] == "none"
    page.keyboard.press("Escape")

    with_widget = page_look(page)
    host_pages.pages["hostile-alone.html"] = host_pages.pages["hostile.html"].replace(
        f'<script src="{host_pages.gateway}/widget/v1/widget.js" defer></script>', ""
    )
    page.goto(f"{host_pages.origin}/hostile-alone.html")
    alone = page_look(page)
    assert [e for e in with_widget["elements"] if e != "script"] == [
        *alone["elements"],
        "ask-shared-services",
    ]
    assert {k: v for k, v in with_widget.items() if k != "elements"} == {
        k: v for k, v in alone.items() if k != "elements"
    }
    assert alone["rootVariables"] == ""
