"""The gateway's shared state: settings and one HTTP client per upstream (connection reuse)."""

from dataclasses import dataclass

import httpx
from fastapi import Request

from integrations.api_client import ApiClient
from integrations.clock import Clock
from integrations.config import GatewaySettings
from integrations.core import Core
from integrations.courier import Courier
from integrations.identity import OboBroker
from integrations.observability import CORRELATION_HEADER, GatewayMetrics, correlation_id
from integrations.oidc import OidcVerifier
from integrations.rasa_gateway import RasaGateway
from integrations.web.events import WebHub


@dataclass
class Gateway:
    """What the channel routes share: settings, the clock, the upstream clients, the
    channel-neutral core and the courier of proactive messages."""

    settings: GatewaySettings
    clock: Clock
    api: ApiClient
    identity: OboBroker
    rasa: RasaGateway
    core: Core
    web_hub: WebHub
    courier: Courier
    http_clients: tuple[httpx.AsyncClient, ...]
    metrics: GatewayMetrics
    oidc: OidcVerifier | None = None

    async def aclose(self) -> None:
        """Closes the shared HTTP clients."""
        for client in self.http_clients:
            await client.aclose()


KEPT_ALIVE = httpx.Limits(max_connections=200, max_keepalive_connections=200, keepalive_expiry=2.0)
"""Connection pools sized for every conversation in flight (httpx keeps only 20 idle by default,
so busier moments would open and close connections), and idle connections dropped after 2 s:
before Rasa's Sanic (5 s) or uvicorn (5 s) closes them, so no request goes out on a connection
the server is closing at that moment."""


async def _send_correlation_id(request: httpx.Request) -> None:
    turn_id = correlation_id.get()
    if turn_id:
        request.headers[CORRELATION_HEADER] = turn_id


def build_gateway(
    settings: GatewaySettings,
    *,
    api_transport: httpx.AsyncBaseTransport | None = None,
    rasa_transport: httpx.AsyncBaseTransport | None = None,
    identity_provider_transport: httpx.AsyncBaseTransport | None = None,
) -> Gateway:
    """Builds the shared clients: one connection pool to the API and one to Rasa.

    Args:
        settings: the gateway's settings.
        api_transport: replaces the network to the API (tests pass `httpx.ASGITransport`).
        rasa_transport: replaces the network to Rasa (tests pass a fake Rasa).
        identity_provider_transport: replaces the network to the intranet's OpenID Connect
            provider (tests pass a local one).

    Returns:
        The gateway's shared state; close it with `aclose()`.
    """
    api_http = httpx.AsyncClient(
        transport=api_transport,
        timeout=settings.api_timeout_seconds,
        limits=KEPT_ALIVE,
        event_hooks={"request": [_send_correlation_id]},
    )
    rasa_http = httpx.AsyncClient(
        transport=rasa_transport, timeout=settings.rasa_timeout_seconds, limits=KEPT_ALIVE
    )
    api = ApiClient(api_http, settings.api_url, settings.gateway_api_key.get_secret_value())
    identity = OboBroker(api)
    metrics = GatewayMetrics()
    rasa = RasaGateway(
        rasa_http,
        settings.rasa_urls,
        settings.rasa_timeout_seconds,
        token=settings.rasa_token.get_secret_value(),
        metrics=metrics,
    )
    web_hub = WebHub()
    courier = Courier(
        api,
        web_hub,
        interval_seconds=settings.courier_interval_seconds,
        lease_seconds=settings.courier_lease_seconds,
    )
    courier.add("web", web_hub)
    idp_http = httpx.AsyncClient(
        transport=identity_provider_transport, timeout=settings.api_timeout_seconds
    )
    oidc = None
    if settings.oidc_enabled:
        oidc = OidcVerifier(
            idp_http,
            issuer=settings.oidc_issuer or "",
            audience=settings.oidc_audience or "",
            jwks_url=settings.oidc_jwks_url,
            identity_claim=settings.oidc_identity_claim,
            algorithms=frozenset(settings.oidc_algorithm_names),
        )
    return Gateway(
        settings=settings,
        clock=settings.clock(),
        api=api,
        identity=identity,
        rasa=rasa,
        core=Core(api, identity, rasa),
        web_hub=web_hub,
        courier=courier,
        metrics=metrics,
        http_clients=(api_http, rasa_http, idp_http),
        oidc=oidc,
    )


async def get_gateway(request: Request) -> Gateway:
    """FastAPI dependency: the gateway state of the app serving this request."""
    gateway: Gateway = request.app.state.gateway
    return gateway
