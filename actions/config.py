"""Settings of the action server: the one place the environment is read."""

from __future__ import annotations

import functools

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SERVICE_DESK_CONTACT = (
    "the IT and HR service desk on 0300 123 4567 or servicedesk@shared-services.example.gov.uk"
)


class ActionSettings(BaseSettings):
    """Settings of the action server, read from the environment and `.env`.

    Attributes:
        api_url: Base URL of the Shared Services API (`API_URL`).
        api_timeout_seconds: Time limit of one API call (`API_TIMEOUT_SECONDS`).
        service_desk_contact: How to reach a person, as a phrase (`SERVICE_DESK_CONTACT`).
    """

    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    api_url: str = "http://127.0.0.1:8000"
    api_timeout_seconds: float = 5.0
    service_desk_contact: str = DEFAULT_SERVICE_DESK_CONTACT


@functools.cache
def get_settings() -> ActionSettings:
    """Return the process's settings, read on first use (never at import).

    Returns:
        The cached `ActionSettings`.
    """
    return ActionSettings()
