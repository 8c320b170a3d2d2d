"""Run in the Rasa environment by tests/bot/test_action_http.py; prints one JSON line.

Serves a tiny action endpoint with aiohttp and calls it through Rasa's `EndpointConfig`, as
`RemoteAction` does, after `bot.components` installed the kept-alive session.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

from aiohttp import web
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

import bot.components  # noqa: F401  (installs the shared session, as loading our model does)
from bot.rasa_patches import action_http


async def main() -> None:
    peers: list[int] = []
    headers: list[str | None] = []

    async def webhook(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername")[1])
        headers.append(request.headers.get("X-Probe"))
        body = await request.json()
        if body.get("slow") or body.get("next_action") == "action_slow":
            await asyncio.sleep(2)
        return web.json_response({"events": [], "responses": [{"text": body["next_action"]}]})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]

    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-Probe": "yes"})
    results: dict = {"installed": EndpointConfig.session is action_http._session}
    answers = []
    for name in ("action_one", "action_two", "action_three"):
        answers.append(await endpoint.request(json={"next_action": name}, method="post"))
    results["answers"] = [answer["responses"][0]["text"] for answer in answers]
    results["connections_for_three_calls"] = len(set(peers))
    results["headers"] = headers
    try:
        await endpoint.request(json={"next_action": "x", "slow": True}, method="post", timeout=0.3)
        results["timeout"] = "no timeout"
    except asyncio.TimeoutError:  # noqa: UP041 (Python 3.10: not the builtin TimeoutError)
        results["timeout"] = "timed out"
    after = await endpoint.request(json={"next_action": "action_after"}, method="post")
    results["after_timeout"] = after["responses"][0]["text"]

    # Rasa's own RemoteAction gives up after ACTION_TIMEOUT_SECONDS (the test sets 0.5).
    results["action_timeout_seconds"] = action_http.action_timeout_seconds()
    tracker = DialogueStateTracker("probe", [])
    started = time.monotonic()
    try:
        await RemoteAction("action_slow", endpoint).run(None, None, tracker, Domain.empty())
        results["slow_action"] = "answered"
    except (RasaException, asyncio.TimeoutError):  # noqa: UP041 (Python 3.10)
        results["slow_action"] = "gave up"
    results["slow_action_seconds"] = round(time.monotonic() - started, 2)
    os.environ["ACTION_TIMEOUT_SECONDS"] = "60"
    try:
        action_http.action_timeout_seconds()
        results["refuses_timeout_beyond_lock"] = False
    except ValueError:
        results["refuses_timeout_beyond_lock"] = True
    await runner.cleanup()
    sys.stdout.write(json.dumps(results) + "\n")


asyncio.run(main())
