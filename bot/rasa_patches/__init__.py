"""Measured fixes to Rasa 3.6.21 itself, installed together by `install()`.

Each module replaces one Rasa method and says, in its docstring, what it fixes (with the
measurement behind it, reports/tuning.md) and how to tell when it can go. They are written
against Rasa 3.6.21's source, so `install()` refuses any other version: on an upgrade, read
each module's "When it can go", check the method it replaces in the new Rasa, then change
`SUPPORTED_RASA`.

- `action_validation` replaces `RemoteAction._validate_action_result`: a JSON-schema
  self-check on every action call (~28 ms CPU);
- `action_http` replaces `EndpointConfig.session`: a new TCP connection for every action call;
- `event_types` replaces `Event.resolve_by_type`: a walk over ~40 event classes per event read;
- `model_loading` replaces `RasaModel.load`: a throw-away training step at start-up (~5 s);
- `faq_selector` replaces `ResponseSelector.process`: the FAQ selector ran on every message;
- `session_rollover` extends `MessageProcessor._has_session_expired` and `ActionSessionStart.run`:
  a conversation that never ends (a Slack or Teams DM) grew slower with every message;
- `tracker_store_errors` replaces `FailSafeTrackerStore.retrieve`, `retrieve_full_tracker` and
  `save`: a failing tracker store made Rasa answer from a new, empty conversation.

`bot/components/__init__.py` calls `install()`: Rasa imports that package when it loads
`config.yml`'s pipeline, so every `rasa train`, `rasa run` and `rasa test` gets the fixes.
"""

from __future__ import annotations

from importlib import metadata

SUPPORTED_RASA = "3.6.21"


class UnsupportedRasaVersion(RuntimeError):
    """The installed Rasa is not the one the patches were written against."""


def install(rasa_version: str | None = None) -> None:
    """Check the Rasa version, then install every patch (idempotent).

    Args:
        rasa_version: The version to check; the installed Rasa's when omitted.

    Raises:
        UnsupportedRasaVersion: when it is not `SUPPORTED_RASA`. Nothing is patched then.
    """
    found = rasa_version or metadata.version("rasa")
    if found != SUPPORTED_RASA:
        raise UnsupportedRasaVersion(
            f"bot/rasa_patches replaces methods of Rasa {SUPPORTED_RASA}, but Rasa {found} is "
            "installed. Check each patch against the new Rasa (its docstring says what it "
            "replaces and when it can go), then update SUPPORTED_RASA in "
            "bot/rasa_patches/__init__.py."
        )
    # Imported only now: each module reads the Rasa methods it replaces at import.
    from bot.rasa_patches import (
        action_http,
        action_validation,
        event_types,
        faq_selector,
        model_loading,
        session_rollover,
        tracker_store_errors,
    )

    action_validation.install()
    action_http.install()
    event_types.install()
    model_loading.install()
    faq_selector.install()
    session_rollover.install()
    tracker_store_errors.install()
