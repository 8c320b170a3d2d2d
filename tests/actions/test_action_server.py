"""The action server registers exactly the domain's custom actions, as `rasa_sdk` would."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "bot" / "domain"


def test_the_action_server_starts_with_every_domain_action_and_no_other() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    declared = {
        name
        for path in DOMAIN_DIR.glob("*.yml")
        for name in (yaml.safe_load(path.read_text()) or {}).get("actions") or []
    }

    assert set(executor.actions) == declared
