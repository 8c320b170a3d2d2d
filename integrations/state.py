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

    async def aclose(self) -> None:
        """Closes the shared HTTP clients."""
        for client in self.http_clients:
            await client.aclose()


KEPT_ALIVE = httpx.Limits(max_connections=200, max_keepalive_connections=200, keepalive_expiry=2.0)
"""Connection pools sized for every conversation in flight (httpx keeps only 20 idle by default,
so busier moments would open and close connections), and idle connections dropped after 2 s:
before Rasa's Sanic (5 s) or uvicorn (5 s) closes them, so no request goes out on a connection
the server is closing at that moment."""


def build_gateway(
    settings: GatewaySettings,
    *,
    api_transport: httpx.AsyncBaseTransport | None = None,
    rasa_transport: httpx.AsyncBaseTransport | None = None,
) -> Gateway:
    """Builds the shared clients: one connection pool to the API and one to Rasa.

    Args:
        settings: the gateway's settings.
        api_transport: replaces the network to the API (tests pass `httpx.ASGITransport`).
        rasa_transport: replaces the network to Rasa (tests pass a fake Rasa).

    Returns:
        The gateway's shared state; close it with `aclose()`.
    """
    api_http = httpx.AsyncClient(
        transport=api_transport, timeout=settings.api_timeout_seconds, limits=KEPT_ALIVE
    )
    rasa_http = httpx.AsyncClient(
        transport=rasa_transport, timeout=settings.rasa_timeout_seconds, limits=KEPT_ALIVE
    )
    api = ApiClient(api_http, settings.api_url, settings.gateway_api_key.get_secret_value())
    identity = OboBroker(api)
    rasa = RasaGateway(rasa_http, settings.rasa_urls, settings.rasa_timeout_seconds)
    web_hub = WebHub()
    courier = Courier(
        api,
        web_hub,
        interval_seconds=settings.courier_interval_seconds,
        lease_seconds=settings.courier_lease_seconds,
    )
    courier.add("web", web_hub)
    return Gateway(
        settings=settings,
        clock=settings.clock(),
        api=api,
        identity=identity,
        rasa=rasa,
        core=Core(api, identity, rasa),
        web_hub=web_hub,
        courier=courier,
        http_clients=(api_http, rasa_http),
    )


async def get_gateway(request: Request) -> Gateway:
    """FastAPI dependency: the gateway state of the app serving this request."""
    gateway: Gateway = request.app.state.gateway
    return gateway
