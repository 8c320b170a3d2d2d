"""The gateway's FastAPI app: `uvicorn --factory integrations.app:create_app`."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from integrations import channel_routes, documents
from integrations.config import GatewaySettings
from integrations.errors import (
    ApiUnavailable,
    IdentityProviderUnavailable,
    RasaUnavailable,
    SignInRejected,
    UnknownPerson,
)
from integrations.observability import install_observability
from integrations.state import Gateway, build_gateway
from integrations.web import STATIC_DIR
from integrations.web import routes as web_routes
from integrations.web import widget as web_widget
from integrations.web.problems import (
    API_DOWN,
    IDENTITY_PROVIDER_DOWN,
    RASA_DOWN,
    SIGN_IN_EXPIRED,
    UNKNOWN_PERSON,
    assistant_unavailable,
    problem,
)


def create_app(
    settings: GatewaySettings | None = None,
    *,
    api_transport: httpx.AsyncBaseTransport | None = None,
    rasa_transport: httpx.AsyncBaseTransport | None = None,
    identity_provider_transport: httpx.AsyncBaseTransport | None = None,
    slack_api_url: str | None = None,
) -> FastAPI:
    """Builds the gateway app.

    Args:
        settings: defaults to the environment and `.env`.
        api_transport: replaces the network to the API (tests only).
        rasa_transport: replaces the network to Rasa (tests only).
        identity_provider_transport: replaces the network to the intranet's OpenID Connect
            provider (tests only).
        slack_api_url: replaces `SLACK_API_URL` (tests only: their fake Slack).

    Returns:
        The app; its lifespan runs the courier (unless `COURIER_ENABLED=false`) and closes the
        shared HTTP clients on shutdown.
    """
    settings = settings or GatewaySettings()
    gateway = build_gateway(
        settings,
        api_transport=api_transport,
        rasa_transport=rasa_transport,
        identity_provider_transport=identity_provider_transport,
        slack_api_url=slack_api_url,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        courier = None
        if settings.courier_enabled:
            courier = asyncio.create_task(gateway.courier.run(), name="courier")
        socket_mode = await _start_socket_mode(settings, gateway)
        yield
        if socket_mode is not None:
            await socket_mode.close_async()
        if courier is not None:
            courier.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await courier
        if gateway.slack is not None:
            await gateway.slack.settled()
        await gateway.aclose()

    app = FastAPI(title="Ask Shared Services gateway", lifespan=lifespan)
    app.state.gateway = gateway
    install_observability(app, gateway.metrics, json_logs=settings.log_format == "json")
    app.include_router(web_routes.router)
    app.include_router(documents.router)
    app.include_router(web_widget.router)
    # Pages on these origins may call the web routes from the widget (a bearer token, never
    # cookies, so no credentials mode).
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.widget_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type", "Accept"],
        max_age=600,
    )
    app.include_router(channel_routes.router)
    app.mount("/web/static", StaticFiles(directory=STATIC_DIR), name="web-static")

    @app.get("/health")
    async def health() -> dict[str, Any]:
        """Says the gateway process is up (it does not probe Rasa or the API), and how many
        Slack turns are still running after their acknowledgement."""
        answer: dict[str, Any] = {"status": "ok"}
        if gateway.slack is not None:
            answer["turns_in_flight"] = {"slack": gateway.slack.turns_in_flight}
        return answer

    _add_error_handlers(app)
    return app


async def _start_socket_mode(settings: GatewaySettings, gateway: Gateway) -> Any:
    """Connects to Slack over Socket Mode when asked to (no public URL needed)."""
    if gateway.slack is None or not settings.slack_socket_mode or not settings.slack_app_token:
        return None
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    handler = AsyncSocketModeHandler(gateway.slack.app, settings.slack_app_token.get_secret_value())
    await handler.connect_async()  # type: ignore[no-untyped-call]
    return handler


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RasaUnavailable)
    async def rasa_unavailable(request: Request, error: RasaUnavailable) -> JSONResponse:
        return assistant_unavailable(RASA_DOWN)

    @app.exception_handler(ApiUnavailable)
    async def api_unavailable(request: Request, error: ApiUnavailable) -> JSONResponse:
        return problem(503, "api_unavailable", API_DOWN)

    @app.exception_handler(SignInRejected)
    async def sign_in_rejected(request: Request, error: SignInRejected) -> JSONResponse:
        return problem(401, "sign_in_expired", SIGN_IN_EXPIRED)

    @app.exception_handler(UnknownPerson)
    async def unknown_person(request: Request, error: UnknownPerson) -> JSONResponse:
        return problem(403, "unknown_person", UNKNOWN_PERSON)

    @app.exception_handler(IdentityProviderUnavailable)
    async def provider_down(request: Request, error: IdentityProviderUnavailable) -> JSONResponse:
        return problem(503, "identity_provider_unavailable", IDENTITY_PROVIDER_DOWN)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        return problem(422, "invalid_request", web_routes.describe_invalid(error))
