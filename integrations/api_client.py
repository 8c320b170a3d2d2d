"""The gateway's client of the Shared Services API: sign-in, identity and notifications.

The gateway never decides who may see what; it only forwards tokens the API issued.
"""

import logging
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import BaseModel, ValidationError

from integrations.errors import ApiUnavailable, SignInRejected, UnknownPerson
from integrations.proof import Proof

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


class Claimed(BaseModel):
    """A notification this gateway holds a lease on, and where the person last talked to us."""

    id: int
    staff_number: str
    kind: str
    text: str
    channel: str
    channel_user_id: str
    address: dict[str, Any] | None = None


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

    async def obo(self, proof: Proof) -> OboGrant:
        """Exchanges a channel's proof of who is talking for an on-behalf-of token.

        Args:
            proof: web: the access token the person signed in with; Slack and Teams: the
                platform's user id.

        Returns:
            The grant: token, lifetime in seconds, staff number and name.

        Raises:
            SignInRejected: the API did not accept the access token.
            UnknownPerson: the Slack or Teams user is linked to nobody (yet).
            ApiUnavailable: the API is down, failed or answered nonsense.
        """
        body: dict[str, str] = {"channel": proof.channel}
        body["assertion" if proof.is_token else "channel_user_id"] = proof.subject
        response = await self._request(
            "POST", "/auth/obo", json=body, headers={"X-Gateway-Key": self._gateway_key}
        )
        if response.status_code == 404 and not proof.is_token:
            raise UnknownPerson(f"this {proof.channel} user is linked to nobody")
        if response.status_code in (401, 403, 404):
            raise SignInRejected(f"the API refused the sign-in token (HTTP {response.status_code})")
        if response.status_code != 200:
            logger.error("POST /auth/obo answered HTTP %s", response.status_code)
            raise ApiUnavailable(f"POST /auth/obo answered HTTP {response.status_code}")
        try:
            return OboGrant.model_validate(_json(response))
        except ValidationError as error:
            raise ApiUnavailable("POST /auth/obo answered an unexpected body") from error

    async def link(self, proof: Proof, email: str) -> None:
        """Links a Slack or Teams user to the employee with this work email (first sight).

        Raises:
            UnknownPerson: nobody in the department has that email.
            ApiUnavailable: the API is down or answered something else.
        """
        response = await self._gateway(
            "/channel-accounts/link",
            {"channel": proof.channel, "channel_user_id": proof.subject, "email": email},
        )
        if response.status_code == 404:
            raise UnknownPerson(f"no employee has the email this {proof.channel} user gave")
        _raise_for_status(response)

    async def used(self, staff_number: str, channel: str, user_id: str, address: Any) -> None:
        """Records that the person just used this channel account (proactive messages go there)."""
        body = {
            "staff_number": staff_number,
            "channel": channel,
            "channel_user_id": user_id,
            "address": address,
        }
        _raise_for_status(await self._gateway("/channel-accounts/used", body))

    async def claim(self, web_present: list[str], limit: int, lease_seconds: int) -> list[Claimed]:
        """Leases undelivered notifications, each with the channel to deliver it through."""
        body = {"web_present": web_present, "limit": limit, "lease_seconds": lease_seconds}
        response = await self._gateway("/outbox/claim", body)
        _raise_for_status(response)
        try:
            return [Claimed.model_validate(item) for item in _json(response)]
        except (ValidationError, TypeError) as error:
            raise ApiUnavailable("the outbox answered an unexpected body") from error

    async def delivered(self, notification_id: int, channel: str) -> None:
        """Marks a claimed notification delivered (idempotent at the API)."""
        path = f"/outbox/{notification_id}/delivered"
        _raise_for_status(await self._gateway(path, {"channel": channel}))

    async def release(self, notification_id: int) -> None:
        """Gives a claimed notification back after a failed delivery."""
        _raise_for_status(await self._gateway(f"/outbox/{notification_id}/release", None))

    async def first_sight_of_event(self, channel: str, event_id: str) -> bool:
        """Whether the API sees this platform event id for the first time (else: a retry)."""
        body = {"channel": channel, "event_id": event_id}
        response = await self._gateway("/channel-events", body)
        _raise_for_status(response)
        return bool((_json(response) or {}).get("first"))

    async def fetch_document(self, path: str, query: str) -> httpx.Response:
        """Fetches a signed document link from the API as it is (HTML, any status but 5xx)."""
        return await self._request("GET", f"{path}?{query}" if query else path)

    async def _gateway(self, path: str, body: Any) -> httpx.Response:
        return await self._request(
            "POST", "/v1/gateway" + path, json=body, headers={"X-Gateway-Key": self._gateway_key}
        )

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
