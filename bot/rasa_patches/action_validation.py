"""Validate action-server responses with a schema validator built once, not on every call.

Rasa 3.6.21's `RemoteAction._validate_action_result` calls `jsonschema.validate(result, spec)`
for every action the action server runs. `jsonschema.validate` first checks the *schema*
against its metaschema, which costs ~28 ms of CPU per call on our machines: a third of
Rasa's whole turn (see reports/tuning.md). The check of the *response* is kept exactly; only
the schema check is done once, here, when Rasa imports our components at start-up.

When it can go: when Rasa's `RemoteAction._validate_action_result` stops calling
`jsonschema.validate` (which re-checks the schema) on every call, or when an upgrade keeps it
and `make bench` shows Rasa's CPU per lookup turn unchanged without this patch.
"""

from __future__ import annotations

from typing import Any

from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_SPEC = RemoteAction.action_response_format_spec()
_VALIDATOR_CLASS = validators.validator_for(_SPEC)
_VALIDATOR_CLASS.check_schema(_SPEC)
_VALIDATOR = _VALIDATOR_CLASS(_SPEC)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's own check of an action server's response, with the schema compiled once."""
    try:
        _VALIDATOR.validate(result)
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response "
            f"from the Action endpoint is valid. See {DOCS_BASE_URL}/custom-actions"
        )
        raise
    return True


def install() -> None:
    """Replace Rasa's per-call validation with the compiled validator (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
