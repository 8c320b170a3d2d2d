"""The gateway's shared state: settings and one HTTP client per upstream (connection reuse)."""

from dataclasses import dataclass

import httpx
from fastapi import Request

from integrations.api_client import ApiClient
from integrations.config import GatewaySettings
from integrations.identity import OboBroker
from integrations.rasa_gateway import RasaGateway


@dataclass
class Gateway:
    """What the channel routes share: settings and the upstream clients."""

    settings: GatewaySettings
    api: ApiClient
    identity: OboBroker
    rasa: RasaGateway
    http_clients: tuple[httpx.AsyncClient, ...]

    async def aclose(self) -> None:
        """Closes the shared HTTP clients."""
        for client in self.http_clients:
            await client.aclose()


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
    api_http = httpx.AsyncClient(transport=api_transport, timeout=settings.api_timeout_seconds)
    rasa_http = httpx.AsyncClient(transport=rasa_transport, timeout=settings.rasa_timeout_seconds)
    api = ApiClient(api_http, settings.api_url, settings.gateway_api_key.get_secret_value())
    return Gateway(
        settings=settings,
        api=api,
        identity=OboBroker(api, channel="web"),
        rasa=RasaGateway(rasa_http, settings.rasa_urls, settings.rasa_timeout_seconds),
        http_clients=(api_http, rasa_http),
    )


def get_gateway(request: Request) -> Gateway:
    """FastAPI dependency: the gateway state of the app serving this request."""
    gateway: Gateway = request.app.state.gateway
    return gateway
