"""Rasa's RabbitMQ broker with a bounded outbox (bot/event_broker.py): while RabbitMQ is away
Rasa keeps serving, events wait in order, and when the outbox is full the oldest is dropped,
counted and logged, never silently. Runs in the Rasa environment, against a closed port."""

from __future__ import annotations

from tests.bot.rasa_probe import run_probe
from tests.faults import free_port

PROBE = """
import asyncio, json, logging, sys
from bot.event_broker import OutboxPikaEventBroker
from rasa.utils.endpoints import EndpointConfig

records = []


class Keep(logging.Handler):
    def emit(self, record):
        records.append((record.levelname, record.getMessage()))


logging.getLogger("bot.event_broker").addHandler(Keep())


async def main():
    config = EndpointConfig(
        url="127.0.0.1", port=int(sys.argv[1]), username="guest", password="guest",
        queues=["probe"], outbox_size=3, retry_seconds=0.2,
    )
    broker = await OutboxPikaEventBroker.from_endpoint_config(config)
    for n in range(5):
        broker.publish({"sender_id": "s", "event": "user", "n": n})
    await asyncio.sleep(0.5)
    result = {
        "ready": broker.is_ready(),
        "waiting": [e["n"] for e in broker.outbox],
        "lost": broker.lost,
        "errors": [m for level, m in records if level == "ERROR"],
    }
    await broker.close()
    print(json.dumps(result))

asyncio.run(main())
"""


def test_a_full_outbox_drops_the_oldest_counts_and_logs_it():
    results = run_probe("-c", PROBE, str(free_port()))

    assert results["ready"] is False
    assert results["waiting"] == [2, 3, 4]
    assert results["lost"] == 2
    assert results["errors"] == [
        "Event outbox full (3): dropped the oldest event of 's'; 1 lost so far",
        "Event outbox full (3): dropped the oldest event of 's'; 2 lost so far",
    ]
