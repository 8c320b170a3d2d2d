"""Fixtures of the widget's browser tests: an intranet host page on another origin, Debian's
chromium, and a fresh browser context (empty storage) for each test.

The host pages are served by a small local HTTP server on `HOST_PAGE_PORT`, a different origin
from the gateway's, so every call the widget makes crosses origins as on a real intranet; the
end-to-end stack allows that origin (`WIDGET_ALLOWED_ORIGINS`, set in `tests/e2e/conftest.py`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from scripts.stack import Stack
from tests.e2e.conftest import HOST_PAGE_PORT, IDENTITY_PROVIDER_PORT, INTRANET_AUDIENCE
from tests.e2e.widget.browser import built_widget, chromium_path
from tests.integrations.oidc_provider import TestProvider

PLAIN_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>{head}</head>
<body>
<header><p><a href="#main">Skip to main content</a></p></header>
<main id="main"><h1>{title}</h1>
<p>An intranet page with <a href="/news.html">a link</a> before the assistant.</p>
{body}</main>
{script}
</body></html>"""


@dataclass
class HostPages:
    """Pages served at `http://127.0.0.1:<HOST_PAGE_PORT>/<name>`, set by the tests."""

    port: int
    gateway: str
    pages: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        """The host pages' origin."""
        return f"http://127.0.0.1:{self.port}"

    def add(
        self,
        name: str,
        *,
        title: str = "Staff intranet",
        head: str = "",
        body: str = "",
        attributes: str = "",
    ) -> str:
        """Serves a page with the widget's one script tag; returns its address."""
        script = f'<script src="{self.gateway}/widget/v1/widget.js" defer{attributes}></script>'
        self.pages[name] = PLAIN_PAGE.format(title=title, head=head, body=body, script=script)
        return f"{self.origin}/{name}"


def _handler(host: HostPages) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = host.pages.get(self.path.lstrip("/").split("?")[0])
            body = (page or "<!DOCTYPE html><title>Not found</title>").encode()
            self.send_response(200 if page else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@pytest.fixture(scope="session")
def host_pages(stack: Stack) -> Iterator[HostPages]:
    """The intranet's web server, on its own origin."""
    built_widget()
    host = HostPages(port=HOST_PAGE_PORT, gateway=f"http://127.0.0.1:{stack.ports.gateway}")
    server = ThreadingHTTPServer(("127.0.0.1", HOST_PAGE_PORT), _handler(host))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield host
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def intranet() -> Iterator[TestProvider]:
    """The intranet's OpenID Connect provider: its test key, served as a discovery document
    and a key set on `IDENTITY_PROVIDER_PORT` (the stack's `OIDC_ISSUER`)."""
    provider = TestProvider(f"http://127.0.0.1:{IDENTITY_PROVIDER_PORT}")
    provider.audience = INTRANET_AUDIENCE

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            provider.requests.append(self.path)
            if self.path == "/.well-known/openid-configuration":
                body: object = {"issuer": provider.issuer, "jwks_uri": f"{provider.issuer}/keys"}
            else:
                body = provider.jwks()
            payload = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", IDENTITY_PROVIDER_PORT), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield provider
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def playwright_driver() -> Iterator[Playwright]:
    """Playwright's driver (its node process), for one test module at a time.

    While it runs, Playwright's sync API keeps an asyncio loop running in this thread, which
    would break every async test after it: so it stops at the end of each module (tests here
    are all synchronous).
    """
    executable = chromium_path()
    with sync_playwright() as driver:
        driver.executable = executable  # type: ignore[attr-defined]
        yield driver


@pytest.fixture(scope="module")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's headless chromium."""
    executable = playwright_driver.executable  # type: ignore[attr-defined]
    launched = playwright_driver.chromium.launch(
        executable_path=executable, headless=True, args=["--no-sandbox"]
    )
    yield launched
    launched.close()


@pytest.fixture
def page(browser: Browser, host_pages: HostPages) -> Iterator[Page]:
    """A new tab in a fresh context (no storage), 1280 × 800, British English."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    context.set_default_timeout(20_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == [], f"the page raised JavaScript errors: {errors}"
