"""A failing tracker store fails the turn instead of answering from an empty conversation
(bot/rasa_patches/tracker_store_errors.py). Runs in the Rasa environment."""

from __future__ import annotations

from tests.bot.rasa_probe import run_probe

PROBE = """
import asyncio, json
import bot.components  # installs the patches, as Rasa's pipeline loading does
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker


class Broken(InMemoryTrackerStore):
    async def retrieve(self, sender_id):
        raise ConnectionError("the database went away")

    async def save(self, tracker):
        raise ConnectionError("the database went away")


async def main():
    store = FailSafeTrackerStore(Broken(Domain.empty()))
    results = {}
    for name, call in (
        ("retrieve", lambda: store.retrieve("someone")),
        ("save", lambda: store.save(DialogueStateTracker("someone", []))),
    ):
        try:
            await call()
            results[name] = "no error"
        except ConnectionError as error:
            results[name] = str(error)
    results["kept_in_memory"] = list(await store.fallback_tracker_store.keys())
    healthy = FailSafeTrackerStore(InMemoryTrackerStore(Domain.empty()))
    await healthy.save(DialogueStateTracker("someone", []))
    results["healthy"] = (await healthy.retrieve("someone")).sender_id
    print(json.dumps(results))

asyncio.run(main())
"""


def test_a_failing_store_raises_and_nothing_is_kept_aside():
    results = run_probe("-c", PROBE)

    assert results == {
        "retrieve": "the database went away",
        "save": "the database went away",
        "kept_in_memory": [],
        "healthy": "someone",
    }
