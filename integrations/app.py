"""The gateway's FastAPI app: `uvicorn --factory integrations.app:create_app`."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from integrations import documents
from integrations.config import GatewaySettings
from integrations.errors import (
    ApiUnavailable,
    IdentityProviderUnavailable,
    RasaUnavailable,
    SignInRejected,
    UnknownPerson,
)
from integrations.observability import install_observability
from integrations.state import build_gateway
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
) -> FastAPI:
    """Builds the gateway app.

    Args:
        settings: defaults to the environment and `.env`.
        api_transport: replaces the network to the API (tests only).
        rasa_transport: replaces the network to Rasa (tests only).
        identity_provider_transport: replaces the network to the intranet's OpenID Connect
            provider (tests only).

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
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        courier = None
        if settings.courier_enabled:
            courier = asyncio.create_task(gateway.courier.run(), name="courier")
        yield
        if courier is not None:
            courier.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await courier
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
    app.mount("/web/static", StaticFiles(directory=STATIC_DIR), name="web-static")

    @app.get("/health")
    async def health() -> dict[str, str]:
        """Says the gateway process is up (it does not probe Rasa or the API)."""
        return {"status": "ok"}

    _add_error_handlers(app)
    return app


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
