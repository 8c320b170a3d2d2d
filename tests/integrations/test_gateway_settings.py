"""The gateway's settings: defaults, environment and refusals outside the embedded profile."""

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from integrations.config import GatewaySettings
from integrations.state import build_gateway


def test_defaults_match_the_design():
    settings = GatewaySettings(_env_file=None)

    assert settings.api_url == "http://127.0.0.1:8000"
    assert settings.rasa_urls == ["http://127.0.0.1:5005"]
    assert settings.rasa_timeout_seconds == 20
    assert settings.gateway_port == 8080
    assert settings.dev_sign_in is True


def test_reads_the_environment(monkeypatch):
    monkeypatch.setenv("RASA_URL", "http://rasa-a:5005/, http://rasa-b:5005")
    monkeypatch.setenv("RASA_TIMEOUT_SECONDS", "7.5")
    monkeypatch.setenv("GATEWAY_API_KEY", "from-env")

    settings = GatewaySettings(_env_file=None)

    assert settings.rasa_urls == ["http://rasa-a:5005", "http://rasa-b:5005"]
    assert settings.rasa_timeout_seconds == 7.5
    assert settings.gateway_api_key.get_secret_value() == "from-env"


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"dev_login_enabled": False}, "GATEWAY_API_KEY"),
        ({"gateway_api_key": "a-real-key"}, "DEV_LOGIN_ENABLED"),
    ],
)
def test_scale_out_refuses_development_values(overrides, complaint):
    with pytest.raises(ValidationError, match=complaint):
        GatewaySettings(_env_file=None, profile="scale-out", **overrides)


def test_scale_out_with_real_values_has_no_dev_sign_in():
    settings = GatewaySettings(
        _env_file=None, profile="scale-out", gateway_api_key="a-real-key", dev_login_enabled=False
    )

    assert settings.dev_sign_in is False


async def test_clock_pinned_at_pins_the_gateways_clock(monkeypatch):
    monkeypatch.setenv("CLOCK_PINNED_AT", "2027-10-31T01:30")

    settings = GatewaySettings(_env_file=None)
    gateway = build_gateway(settings)
    await gateway.aclose()

    assert settings.clock().today() == date(2027, 10, 31)
    assert settings.clock().now().utcoffset() == timedelta(hours=1)  # the first 01:30, BST
    assert gateway.clock.today() == date(2027, 10, 31)


def test_only_the_embedded_profile_may_pin_the_clock():
    with pytest.raises(ValidationError, match="CLOCK_PINNED_AT must be empty outside"):
        GatewaySettings(
            _env_file=None,
            profile="scale-out",
            gateway_api_key="a-real-key",
            dev_login_enabled=False,
            clock_pinned_at="2027-03-31",
        )
