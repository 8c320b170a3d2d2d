"""Run in the Rasa environment by tests/bot/test_model_loading.py; prints one JSON line.

Loads the trained model twice in one process, first with `bot.rasa_patches.model_loading`
installed (as `rasa run` does), then with Rasa's own `RasaModel.load`, parses the same
messages with both and reports how far apart their answers are.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time

from rasa.core.agent import Agent
from rasa.utils.tensorflow.models import RasaModel

import bot.components  # noqa: F401  (installs the serving load, as loading our model does)
from bot.rasa_patches import model_loading

MESSAGES = [
    "how much annual leave have I got left",
    "I'd like to book next Friday off as annual leave",
    "thank you",
    "how does the alpha pension work",
    "where is my purchase order 4500012345",
    "what's the weather like in Leeds",
    "show me my payslip for October",
    "hello",
    "can I claim for a train ticket",
    "approve Sam's leave",
]


def ranking(parsed: dict) -> dict:
    intents = {item["name"]: item["confidence"] for item in parsed["intent_ranking"]}
    selector = parsed.get("response_selector", {}).get("faq", {}).get("ranking", [])
    topics = {item["intent_response_key"]: item["confidence"] for item in selector}
    return {"intents": intents, "topics": topics, "top": parsed["intent"]["name"]}


async def parse_all(model: str) -> tuple[list[dict], float]:
    started = time.process_time()
    agent = Agent.load(model)
    seconds = time.process_time() - started
    return [ranking(await agent.parse_message(text)) for text in MESSAGES], seconds


async def main() -> None:
    warnings: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            warnings.append(record.getMessage())

    logging.getLogger(model_loading.__name__).addHandler(Collect(level=logging.WARNING))
    installed = RasaModel.load.__func__ is model_loading.load
    served, served_cpu = await parse_all(sys.argv[1])
    RasaModel.load = classmethod(model_loading._rasa_load)
    stock, stock_cpu = await parse_all(sys.argv[1])
    gap = 0.0
    for ours, theirs in zip(served, stock, strict=True):
        for key in ("intents", "topics"):
            assert ours[key].keys() == theirs[key].keys(), (ours, theirs)
            gap = max([gap] + [abs(ours[key][k] - theirs[key][k]) for k in ours[key]])
    result = {
        "installed": installed,
        "same_top_intents": [o["top"] for o in served] == [t["top"] for t in stock],
        "tops": [o["top"] for o in served],
        "largest_confidence_gap": gap,
        "fell_back": warnings,
        "load_cpu_seconds": {"serving": round(served_cpu, 1), "rasa": round(stock_cpu, 1)},
    }
    sys.stdout.write(json.dumps(result) + "\n")


asyncio.run(main())
