"""Debian's chromium, driven by Playwright through `executable_path` (no browser downloads),
and what the widget tests read from a page: the widget's parts, focus, axe-core's findings.

Without chromium the browser tests are skipped with the reason, except under CI (`CI` set),
where they fail: `make browser` installs it (apt, as root).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page

from scripts.stack import ROOT

WIDGET_DIR = ROOT / "integrations" / "web" / "widget"
AXE_SCRIPT = WIDGET_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# What the assistant answers to "what can you do?", as the widget shows it (a list, one line each).
HELP = (
    "I can help you with leave, pay, expenses, purchase orders and starting work here. I can:\n"
    "book, check and cancel leave, and tell you the next bank holidays where you work\n"
    "show the leave requests waiting for your approval, and approve or reject them\n"
    "tell you when payday is, show your payslips, explain why your pay changed and find your "
    "P60 or P11D\n"
    "show your expense claims and help you submit a simple one\n"
    "tell you where a purchase order or an invoice is, and list the purchase orders waiting "
    "for your approval\n"
    "show a new joiner's onboarding checklist, and answer common questions about things like "
    "your laptop, building pass, pension, probation or hybrid working\n"
    'For example, ask "can I take next Friday off?", "when\'s payday?" or "what\'s the status\n'
    'of PO 4500012345?"'
)
HELP_BUTTONS = ["Book leave", "Check my leave balance", "When I get paid", "My purchase orders"]
CANDIDATES = ("chromium", "chromium-headless-shell", "/usr/lib/chromium/chromium")


def chromium_path() -> str:
    """Where Debian's chromium is (`CHROMIUM_PATH` first); skips, or fails under CI, if nowhere."""
    for candidate in (os.environ.get("CHROMIUM_PATH", ""), *CANDIDATES):
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    reason = "no chromium (install Debian's chromium: make browser, or set CHROMIUM_PATH)"
    if os.environ.get("CI"):
        pytest.fail(f"the widget's browser tests must run under CI: {reason}")
    pytest.skip(reason)


def built_widget() -> Path:
    """The built widget's folder; fails with what to run when it is missing."""
    dist = WIDGET_DIR / "dist"
    if not (dist / "widget.js").is_file() or not AXE_SCRIPT.is_file():
        pytest.fail("the widget is not built: run `make widget` (npm ci and the build)")
    return dist


def widget(page: Page) -> Locator:
    """The widget's container inside its shadow root (Playwright's CSS pierces open roots)."""
    return page.locator("ask-shared-services .asks")


def launcher(page: Page) -> Locator:
    """The button that opens the widget."""
    return page.locator("ask-shared-services .asks-launcher")


def panel(page: Page) -> Locator:
    """The conversation dialog."""
    return page.locator("ask-shared-services dialog.asks-panel")


def message_field(page: Page) -> Locator:
    """The labelled message input."""
    return page.locator("ask-shared-services").get_by_label("Your message")


def messages(page: Page, speaker: str | None = None) -> Locator:
    """The conversation's messages (`user`, `assistant` or `problem`), oldest first."""
    kind = f".asks-message--{speaker}" if speaker else ".asks-message"
    return page.locator(f"ask-shared-services li{kind}")


def texts(page: Page, speaker: str | None = None) -> list[str]:
    """The text of each message as it reads, without its speaker and time: one line per
    paragraph, line or list item."""
    shown = messages(page, speaker).locator(".asks-text").all_inner_texts()
    return [re.sub(r"\n+", "\n", text).strip() for text in shown]


def button_titles(message: Locator) -> list[str]:
    """The titles of a message's buttons."""
    return message.locator(".govuk-button-group button").all_inner_texts()


def wait_until_idle(page: Page, timeout_ms: float = 60_000) -> None:
    """Waits until no turn is in flight (the typing indicator is gone)."""
    page.wait_for_function(
        """() => {
            const host = document.querySelector("ask-shared-services");
            const panel = host && host.shadowRoot.querySelector("dialog");
            return panel && panel.dataset.sending !== "true";
        }""",
        timeout=timeout_ms,
    )


def say(page: Page, text: str) -> list[str]:
    """Types a message and sends it with Enter; returns the texts of the replies to it."""
    before = messages(page).count()
    field = message_field(page)
    field.fill(text)
    field.press("Enter")
    page.wait_for_function(
        """(before) => {
            const root = document.querySelector("ask-shared-services").shadowRoot;
            return root.querySelectorAll("li.asks-message").length > before + 1
                && root.querySelector("dialog").dataset.sending !== "true";
        }""",
        arg=before,
        timeout=60_000,
    )
    return texts(page)[before + 1 :]


def focused(page: Page) -> dict[str, Any]:
    """What has focus, looking into the widget's shadow root: tag, role, name and classes."""
    result: dict[str, Any] = page.evaluate(
        r"""() => {
            let el = document.activeElement;
            let inWidget = false;
            while (el && el.shadowRoot && el.shadowRoot.activeElement) {
                el = el.shadowRoot.activeElement;
                inWidget = true;
            }
            if (!el) return {tag: null};
            const label = el.labels && el.labels.length
                ? el.labels[0].textContent.replace(/\s+/g, " ").trim() : null;
            return {
                tag: el.tagName.toLowerCase(),
                text: (el.textContent || "").replace(/\s+/g, " ").trim(),
                label: label,
                value: el.value === undefined ? null : el.value,
                classes: el.className || "",
                inWidget: inWidget,
            };
        }"""
    )
    return result


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0–2.2 A and AA violations on the whole page, shadow DOM included."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SCRIPT.read_text())
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target),
            }));
        }""",
        WCAG_TAGS,
    )
    return found


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page scrolls sideways (0: it reflows)."""
    width: int = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return width
