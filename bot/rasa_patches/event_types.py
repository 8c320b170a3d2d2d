"""Look up Rasa event classes by name in a table instead of searching every subclass each time.

Rasa 3.6.21's `Event.resolve_by_type(type_name)` walks every subclass of `Event` (about forty,
recursively) for each event it deserialises: every event of a conversation is deserialised
each time the tracker is read, so under load that was about 4 % of Rasa's CPU
(reports/tuning.md). The answer for a name never changes once the classes are imported, so
each one found is remembered; names Rasa does not find (old `topic` events, unknown names)
still go through Rasa's own code, with its default and its error.

When it can go: when Rasa's `Event.resolve_by_type` caches its answer itself (no longer calls
`all_subclasses(Event)` for every name), or when a profile of Rasa under `make bench` shows
`resolve_by_type` below 1 % of its CPU without this patch.
"""

from __future__ import annotations

from typing import Any

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_rasa_resolve_by_type = Event.resolve_by_type
_by_name: dict[str, type[Event]] = {}


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> Any:
    """Rasa's `Event.resolve_by_type`, answered from a table of the event classes."""
    found = _by_name.get(type_name)
    if found is None:
        for cls in all_subclasses(Event):  # (re)build, in Rasa's order: its first match wins
            _by_name.setdefault(cls.type_name, cls)
        found = _by_name.get(type_name)
    if found is None:
        return _rasa_resolve_by_type(type_name, default)  # topic, defaults, unknown names
    return found


def install() -> None:
    """Replace Rasa's lookup with the remembering one (idempotent)."""
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[assignment]
