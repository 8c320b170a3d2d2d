"""The gateway's shared state: settings and one HTTP client per upstream (connection reuse)."""

from dataclasses import dataclass

import httpx
from fastapi import Request
from slack_sdk.web.async_client import AsyncWebClient

from integrations.api_client import ApiClient
from integrations.clock import Clock
from integrations.config import GatewaySettings
from integrations.core import Core
from integrations.courier import Courier
from integrations.identity import OboBroker
from integrations.observability import CORRELATION_HEADER, GatewayMetrics, correlation_id
from integrations.oidc import OidcVerifier
from integrations.rasa_gateway import RasaGateway
from integrations.slack.channel import SlackChannel
from integrations.teams.channel import TeamsChannel
from integrations.teams.keys import OpenIdKeys
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
    slack: SlackChannel | None
    teams: TeamsChannel | None
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
    slack_api_url: str | None = None,
) -> Gateway:
    """Builds the shared clients: one connection pool to the API and one to Rasa, the core,
    the courier and the channels that are configured.

    Args:
        settings: the gateway's settings.
        api_transport: replaces the network to the API (tests pass `httpx.ASGITransport`).
        rasa_transport: replaces the network to Rasa (tests pass a fake Rasa).
        identity_provider_transport: replaces the network to the intranet's OpenID Connect
            provider (tests pass a local one).
        slack_api_url: replaces `SLACK_API_URL` (tests pass their fake Slack's).

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
    core = Core(api, identity, rasa)
    slack = _slack(settings, core, slack_api_url)
    if slack is not None:
        courier.add("slack", slack)
    keys_http = httpx.AsyncClient(timeout=settings.api_timeout_seconds)
    teams = _teams(settings, core, keys_http)
    if teams is not None:
        courier.add("teams", teams)
    return Gateway(
        settings=settings,
        clock=settings.clock(),
        api=api,
        identity=identity,
        rasa=rasa,
        core=core,
        web_hub=web_hub,
        courier=courier,
        metrics=metrics,
        slack=slack,
        teams=teams,
        http_clients=(api_http, rasa_http, idp_http, keys_http),
        oidc=oidc,
    )


async def get_gateway(request: Request) -> Gateway:
    """FastAPI dependency: the gateway state of the app serving this request."""
    gateway: Gateway = request.app.state.gateway
    return gateway


def _slack(settings: GatewaySettings, core: Core, api_url: str | None) -> SlackChannel | None:
    if settings.slack_bot_token is None or settings.slack_signing_secret is None:
        return None
    client = AsyncWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=api_url or settings.slack_api_url,
    )
    return SlackChannel(core, client, settings.slack_signing_secret.get_secret_value())


def _teams(settings: GatewaySettings, core: Core, http: httpx.AsyncClient) -> TeamsChannel | None:
    if not settings.teams_app_id:
        return None
    password = settings.teams_app_password
    return TeamsChannel(
        core,
        app_id=settings.teams_app_id,
        app_password=password.get_secret_value() if password else None,
        tenant_id=settings.teams_tenant_id,
        keys=OpenIdKeys(http, settings.teams_openid_metadata_url),
    )
