"""A tracker store that fails says so, instead of answering from an empty conversation.

Rasa 3.6.21 wraps every tracker store in `FailSafeTrackerStore`: when the store raises (the
database restarting, unreachable, out of connections), `retrieve` logs the error and returns
None, so Rasa starts a *new, empty* conversation for that message, answers it, and `save` keeps
the result in an in-memory store. Measured on the scale-out profile with PostgreSQL's
connections cut while a leave booking waited for its "Yes": Rasa answered "OK." (a yes with no
question before it), the person's "Yes" never reached the booking, and nothing said so
(tests/scale_out/test_faults.py).

Here `retrieve`, `retrieve_full_tracker` and `save` log the error and raise it. Rasa's REST
channel then answers the turn with no messages, and the gateway tells the person, honestly,
that it couldn't finish and to check in a minute (`integrations.rasa_gateway.NO_ANSWER`). The
conversation is untouched in the database, so once the store is back the next message finds
the form where it was. `keys` keeps Rasa's fallback (an empty list: it only lists).

When it can go: when Rasa no longer falls back to an in-memory store on errors, or lets an
endpoint configuration turn that off.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.tracker_store import FailSafeTrackerStore

logger = logging.getLogger(__name__)

_RASA = {
    "retrieve": FailSafeTrackerStore.retrieve,
    "retrieve_full_tracker": FailSafeTrackerStore.retrieve_full_tracker,
    "save": FailSafeTrackerStore.save,
}


def _failing(name: str) -> Any:
    async def method(self: FailSafeTrackerStore, argument: Any) -> Any:
        try:
            return await getattr(self._tracker_store, name)(argument)
        except Exception as error:
            logger.error(
                "The tracker store failed (%s: %s); this turn is not answered",
                type(error).__name__,
                error,
            )
            raise

    method.__name__ = name
    method.__doc__ = f"Rasa's `{name}` on the tracker store, raising what it raises."
    method.__wrapped__ = _RASA[name]  # type: ignore[attr-defined]
    return method


def install() -> None:
    """Replace `FailSafeTrackerStore.retrieve`, `retrieve_full_tracker` and `save`
    (idempotent)."""
    for name in _RASA:
        setattr(FailSafeTrackerStore, name, _failing(name))
