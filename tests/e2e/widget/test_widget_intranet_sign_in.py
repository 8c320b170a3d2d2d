"""Signing in with the intranet's OpenID Connect token: the host page hands the widget a token
signed by the intranet's provider (a local one with a test key), and the gateway checks it."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.e2e.widget.browser import (
    HELP,
    axe_violations,
    launcher,
    message_field,
    say,
)
from tests.e2e.widget.conftest import HostPages
from tests.integrations.oidc_provider import TestProvider

HELEN = "helen.ward@shared-services.example.gov.uk"


def intranet_page(host_pages: HostPages, name: str, token: str) -> str:
    """An intranet page that gives the widget the signed-in person's token."""
    provider = (
        f"<script>window.intranetToken = () => Promise.resolve({json.dumps(token)});</script>"
    )
    return host_pages.add(name, head=provider, attributes=' data-token-provider="intranetToken"')


def test_the_intranets_token_signs_the_person_in_without_a_picker(
    page: Page, host_pages: HostPages, intranet: TestProvider
):
    token = intranet.token({"sub": "helen-1", "email": HELEN, "name": "Helen Ward"})
    page.goto(intranet_page(host_pages, "intranet.html", token))

    launcher(page).click()

    expect(page.locator("ask-shared-services .asks-who")).to_have_text("Signed in as Helen Ward")
    expect(message_field(page)).to_be_focused()
    assert page.get_by_role("radio").count() == 0
    expect(
        page.locator("ask-shared-services").get_by_role("button", name="Sign out")
    ).to_be_hidden()
    assert say(page, "what can you do?") == [HELP]
    assert axe_violations(page) == []
    assert "/keys" in intranet.requests


def test_someone_the_department_does_not_know_is_told_what_to_do(
    page: Page, host_pages: HostPages, intranet: TestProvider
):
    token = intranet.token({"sub": "visitor-1", "email": "visitor@elsewhere.example.com"})
    page.goto(intranet_page(host_pages, "visitor.html", token))

    launcher(page).click()

    expect(page.locator("ask-shared-services .asks-sign-in")).to_have_text(
        "We can't find you in the department's records, so the assistant can't act for you. "
        "Please contact the service desk."
    )
    expect(message_field(page)).to_be_hidden()
    assert axe_violations(page) == []


def test_an_expired_intranet_token_asks_for_a_reload(
    page: Page, host_pages: HostPages, intranet: TestProvider
):
    token = intranet.token({"email": HELEN}, minutes=-10)
    page.goto(intranet_page(host_pages, "expired-intranet.html", token))

    launcher(page).click()

    expect(page.locator("ask-shared-services .asks-sign-in")).to_have_text(
        "Your intranet sign-in has expired. Reload the page to sign in again."
    )
    assert axe_violations(page) == []
