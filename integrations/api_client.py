"""The gateway's client of the Shared Services API: sign-in, identity and notifications.

The gateway never decides who may see what; it only forwards tokens the API issued.
"""

import logging
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from integrations.errors import ApiUnavailable, SignInRejected

logger = logging.getLogger(__name__)


class OboGrant(BaseModel):
    """The API's answer to `POST /auth/obo`: a short-lived token to act as one employee."""

    access_token: str
    expires_in: float
    staff_number: str
    name: str


class Notification(BaseModel):
    """A proactive message waiting for the person (e.g. a manager's decision)."""

    id: int | str
    kind: str
    text: str


@dataclass(frozen=True)
class Relayed:
    """An API answer the gateway hands to the browser as it is (status and JSON body)."""

    status_code: int
    body: Any


class ApiClient:
    """Calls the API on behalf of the gateway, with a shared HTTP client."""

    def __init__(self, client: httpx.AsyncClient, base_url: str, gateway_key: str) -> None:
        """Builds the client.

        Args:
            client: a shared HTTP client (timeouts are set on it).
            base_url: where the API is, e.g. `http://127.0.0.1:8000`.
            gateway_key: the gateway's credential for `/auth/obo`.
        """
        self._client = client
        self._base_url = base_url.rstrip("/")
        self._gateway_key = gateway_key

    async def dev_login(self, staff_number: str) -> Relayed:
        """Signs in as a seeded persona (embedded profile only); 4xx answers are relayed."""
        response = await self._request(
            "POST", "/auth/dev-login", json={"staff_number": staff_number}
        )
        return Relayed(response.status_code, _json(response))

    async def dev_personas(self) -> Relayed:
        """Lists the seeded personas offered by the dev sign-in."""
        response = await self._request("GET", "/auth/dev-personas")
        return Relayed(response.status_code, _json(response))

    async def obo(self, assertion: str, channel: str = "web") -> OboGrant:
        """Exchanges a person's access token for an on-behalf-of token.

        Args:
            assertion: the access token the person signed in with.
            channel: the channel the person is talking through.

        Returns:
            The grant: token, lifetime in seconds, staff number and name.

        Raises:
            SignInRejected: the API did not accept the access token.
            ApiUnavailable: the API is down, failed or answered nonsense.
        """
        response = await self._request(
            "POST",
            "/auth/obo",
            json={"channel": channel, "assertion": assertion},
            headers={"X-Gateway-Key": self._gateway_key},
        )
        if response.status_code in (401, 403, 404):
            raise SignInRejected(f"the API refused the sign-in token (HTTP {response.status_code})")
        if response.status_code != 200:
            logger.error("POST /auth/obo answered HTTP %s", response.status_code)
            raise ApiUnavailable(f"POST /auth/obo answered HTTP {response.status_code}")
        try:
            return OboGrant.model_validate(_json(response))
        except ValidationError as error:
            raise ApiUnavailable("POST /auth/obo answered an unexpected body") from error

    async def notifications(self, token: str) -> list[Notification]:
        """Returns the person's notifications not yet acknowledged, oldest first."""
        response = await self._request("GET", "/v1/me/notifications", bearer=token)
        _raise_for_status(response)
        body = _json(response)
        if not isinstance(body, list):
            raise ApiUnavailable("GET /v1/me/notifications answered an unexpected body")
        try:
            return [Notification.model_validate(item) for item in body]
        except ValidationError as error:
            raise ApiUnavailable("GET /v1/me/notifications answered an unexpected body") from error

    async def acknowledge(self, token: str, notification_id: int | str) -> None:
        """Marks a notification as delivered (idempotent at the API)."""
        response = await self._request(
            "POST", f"/v1/me/notifications/{notification_id}/ack", bearer=token
        )
        _raise_for_status(response)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: dict[str, str] | None = None,
        bearer: str | None = None,
    ) -> httpx.Response:
        all_headers = dict(headers or {})
        if bearer is not None:
            all_headers["Authorization"] = f"Bearer {bearer}"
        try:
            response = await self._client.request(
                method, self._base_url + path, json=json, headers=all_headers
            )
        except httpx.HTTPError as error:
            logger.warning("The API could not be reached for %s %s: %s", method, path, error)
            raise ApiUnavailable(f"{method} {path} failed: {type(error).__name__}") from error
        if response.status_code >= 500:
            logger.error("%s %s answered HTTP %s", method, path, response.status_code)
            raise ApiUnavailable(f"{method} {path} answered HTTP {response.status_code}")
        return response


def _json(response: httpx.Response) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError as error:
        raise ApiUnavailable(
            f"the API answered HTTP {response.status_code} without JSON"
        ) from error


def _raise_for_status(response: httpx.Response) -> None:
    if response.status_code in (401, 403):
        raise SignInRejected(f"the API refused the token (HTTP {response.status_code})")
    if response.status_code >= 300:
        raise ApiUnavailable(f"the API answered HTTP {response.status_code}")
