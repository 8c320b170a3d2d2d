"""What the NLU costs: CPU per message, memory, model load, Rasa start-up and training time.

A small, focused measurement of one trained model against another (the lever and what it
replaced), so `reports/eval.md` can say what the sentence embeddings cost. Not `make bench`:
no gateway, no actions, no load; each figure is taken in a fresh process so one model's
memory does not count against the other's. Run with the Rasa environment from the repository
root::

    .venv-rasa/bin/python -m scripts.nlu_cost --model bot/models/assistant.tar.gz \\
        --baseline-model /tmp/before.tar.gz [--serve] [--train] [--out reports/nlu_cost.json]

- **parse**: `Agent.load`, then every held-out message parsed once to warm up and again to
  measure: CPU time of the process (all its threads) per message (p50, mean, p95) and wall time;
  resident memory (VmRSS, VmHWM) after loading and after parsing.
- **serve** (``--serve``): `rasa run --enable-api` with the model and no other endpoint;
  seconds until `/status` names the model, and the server's VmRSS then.
- **train** (``--train``): `rasa train` of this checkout's config and data into a temporary
  folder (``--force``, so nothing is reused): wall seconds and CPU seconds (user + system of
  the whole process tree). Only for `--model`'s side: the baseline's data is not this tree's.

Figures depend on what else the machine is doing; CPU time much less than wall time. The
JSON records the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_THREADS = {"TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1"}

_PARSE = """
import asyncio, json, logging, sys, time
sys.path.insert(0, {root!r})

def rss():
    fields = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return {{k: round(int(fields[k].split()[0]) / 1024, 1) for k in ("VmRSS", "VmHWM")}}

from rasa.core.agent import Agent
from rasa.utils.common import configure_logging_and_warnings
configure_logging_and_warnings(logging.WARNING)
before = rss()
started = time.perf_counter()
agent = Agent.load({model!r})
load_seconds = time.perf_counter() - started
loaded = rss()
texts = json.loads(sys.stdin.read())

async def run():
    for text in texts:
        await agent.parse_message(text)
    cpu, wall = [], []
    for text in texts:
        c, w = time.process_time(), time.perf_counter()
        await agent.parse_message(text)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return cpu, wall

cpu, wall = asyncio.run(run())

def summary(values):
    ordered = sorted(values)
    return {{"p50": round(ordered[len(ordered) // 2], 2),
            "mean": round(sum(ordered) / len(ordered), 2),
            "p95": round(ordered[int(len(ordered) * 0.95)], 2)}}

print(json.dumps({{"load_seconds": round(load_seconds, 2), "rss_start_mib": before,
                  "rss_loaded_mib": loaded, "rss_after_parsing_mib": rss(),
                  "messages": len(texts), "cpu_ms": summary(cpu), "wall_ms": summary(wall)}}))
"""


def rasa_env() -> dict[str, str]:
    """The environment `make` gives Rasa: quiet, single-threaded TensorFlow, our components."""
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            **RASA_THREADS,
        }
    )
    return env


def messages() -> list[str]:
    """The held-out in-scope and off-topic texts (what people type, none of it trained on)."""
    from scripts.eval import load_held_out

    in_scope, off_topic = load_held_out()
    return [e.text for e in in_scope + off_topic]


def measure_parse(model: Path, texts: list[str]) -> dict[str, Any]:
    """Load the model in a fresh process and time its parses.

    Args:
        model: The trained model archive.
        texts: The messages to parse.

    Returns:
        Load time, memory and per-message CPU and wall time.
    """
    run = subprocess.run(
        [sys.executable, "-c", _PARSE.format(root=str(ROOT), model=str(model))],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=rasa_env(),
        check=False,
    )
    if run.returncode != 0:
        raise RuntimeError(run.stderr[-3000:])
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _vm_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def measure_serve(model: Path, timeout: float = 600) -> dict[str, Any]:
    """Seconds from `rasa run` until its `/status` names the model, and its memory then.

    Args:
        model: The trained model archive.
        timeout: Seconds to wait before giving up.

    Returns:
        ``ready_seconds`` and ``rss_mib``.
    """
    port = _free_port()
    started = time.monotonic()
    server = subprocess.Popen(
        [str(RASA), "run", "--enable-api", "--port", str(port), "--model", str(model)],
        cwd=ROOT,
        env=rasa_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while time.monotonic() - started < timeout:
            if server.poll() is not None:
                raise RuntimeError(f"rasa run exited with {server.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=2) as r:
                    if json.load(r).get("model_file"):
                        return {
                            "ready_seconds": round(time.monotonic() - started, 1),
                            "rss_mib": _vm_rss_mib(server.pid),
                        }
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"rasa run not ready after {timeout} s")
    finally:
        server.terminate()
        server.wait(timeout=30)


def measure_train() -> dict[str, Any]:
    """Train this checkout's model from scratch in a temporary folder.

    Returns:
        Wall and CPU seconds of the whole `rasa train`.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as out:
        run = subprocess.run(
            [
                str(RASA),
                "train",
                "--force",
                "--config",
                "config.yml",
                "--domain",
                "bot/domain",
                "--data",
                "bot/data",
                "nlu_data",
                "--out",
                out,
            ],
            cwd=ROOT,
            env=rasa_env(),
            capture_output=True,
            text=True,
            check=False,
        )
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0:
        raise RuntimeError(run.stdout[-3000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_seconds": round(wall, 1), "cpu_seconds": round(cpu, 1)}


def main(argv: list[str] | None = None) -> int:
    """Measure and write the figures.

    Args:
        argv: Command-line arguments (defaults to ``sys.argv[1:]``).

    Returns:
        The process exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "bot/models/assistant.tar.gz")
    parser.add_argument("--baseline-model", type=Path, help="the model to compare with")
    parser.add_argument("--serve", action="store_true", help="also time `rasa run` start-up")
    parser.add_argument("--train", action="store_true", help="also time a full `rasa train`")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "nlu_cost.json")
    args = parser.parse_args(argv)

    texts = messages()
    sides = {"model": args.model}
    if args.baseline_model:
        sides["baseline"] = args.baseline_model
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "load_average_before": list(os.getloadavg()),
    }
    for name, model in sides.items():
        figures: dict[str, Any] = {"path": str(model), "parse": measure_parse(model, texts)}
        if args.serve:
            figures["serve"] = measure_serve(model)
        results[name] = figures
        print(name, json.dumps(figures), flush=True)
    if args.train:
        results["model"]["train"] = measure_train()
        print("train", json.dumps(results["model"]["train"]), flush=True)
    results["load_average_after"] = list(os.getloadavg())
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
