"""`make bench`: how fast the assistant answers, against a stock Rasa starter, into `reports/`.

Runs with the main environment from the repository root::

    .venv/bin/python -m scripts.bench [--quick] [--skip-train] [--skip-baseline] [--profile]

1. Training time: a forced ``rasa train`` of our model into a temporary folder, with a cold
   cache (``--skip-train`` leaves it out; ``--quick`` too).
2. Our stack (``scripts.stack``) on the bench ports 19000-19080 with a fresh var folder;
   Rasa cold start = from spawning ``rasa run`` to ``/status`` answering.
3. Signed in as the dev personas, through the gateway's ``POST /web/messages``: a chit-chat
   turn, a lookup turn (leave balance: NLU, an action, an API call) and a form turn (booking
   leave: form, validation action, quote from the API), each at 1, 10 and 50 concurrent
   conversations, bounded in turns and seconds. Then NLU alone (``/model/parse``).
4. Peak memory (VmHWM) of each process group.
5. The baseline: ``rasa init --no-prompt`` (trained once, kept in ``var/bench/starter``),
   served with ``rasa run`` on port 19105; its REST "hello" turn at the same concurrencies.
6. ``reports/bench.md``, ``reports/bench.json``, PNG charts, and a line in
   ``reports/bench_history.md`` (the before/after record).

Every request goes to 127.0.0.1. Nothing here asserts a time: it measures and reports.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from tqdm import tqdm

from scripts import bench_growth, bench_load, bench_report
from scripts.stack import (
    MODEL,
    RASA_BIN,
    ROOT,
    Ports,
    Stack,
    StackError,
    _is_ready,
    read_env_file,
)

BENCH_PORTS = Ports(api=19000, gateway=19080, rasa=19005, actions=19055)
STARTER_PORT = 19105
WORK = ROOT / "var" / "bench"
TOKEN = "dev-rasa-token"

TURNS: dict[str, str] = {
    "chit-chat": "thank you",
    "lookup": "how much annual leave have I got left",
    "form": "I'd like to book next Friday off as annual leave",
}
"""The three turn kinds and the message each sends."""

PARSE_TEXTS = [
    "how much leave have I got left",
    "can I book next Friday off",
    "has my leave been approved",
    "cancel my leave on the 4th",
    "when is the next bank holiday",
    "anything waiting for my approval?",
    "thank you",
    "what's the weather like today",
    "hello",
    "approve Aisha's leave",
]


@dataclass(frozen=True)
class Budget:
    """How much load each level gets."""

    levels: tuple[int, ...]
    max_turns: dict[int, int]
    max_seconds: float
    parse_count: int


BENCH_RASA_REPLICAS = 2
"""Rasa serves from one process on one core (reports/tuning.md); the benchmark runs one per
core of the 2-core target machine, as `RASA_REPLICAS=2` in `.env` does for `make run`."""
FULL = Budget((1, 10, 50), {1: 40, 10: 300, 50: 600}, 20.0, 200)
QUICK = Budget((1, 10, 50), {1: 10, 10: 60, 50: 150}, 6.0, 50)


def rasa_env(**extra: str) -> dict[str, str]:
    """Environment for rasa subprocesses: quiet, no telemetry, our components importable."""
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "RASA_TELEMETRY_ENABLED": "false",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            **extra,
        }
    )
    return env


def timed_subprocess(argv: list[str], cwd: Path, env: dict[str, str], log: Path) -> dict[str, Any]:
    """Run a command to completion; its wall time and peak resident memory.

    Args:
        argv: The command.
        cwd: Its working directory.
        env: Its environment.
        log: Where its output goes.

    Returns:
        ``seconds``, ``peak_mib`` (the largest child's ru_maxrss) and ``exit_code``.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": round(time.monotonic() - started, 1),
        "peak_mib": round(usage.ru_maxrss / 1024, 1),
        "exit_code": process.returncode,
    }


def measure_training(work: Path) -> dict[str, Any]:
    """A full ``rasa train`` of our model into a temporary folder with an empty cache.

    Args:
        work: Where the training log goes.

    Returns:
        Seconds, peak memory and exit code.
    """
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        result = timed_subprocess(
            [
                str(RASA_BIN),
                "train",
                "--config",
                "config.yml",
                "--domain",
                "bot/domain",
                "--data",
                "bot/data",
                "nlu_data",
                "--out",
                tmp,
                "--fixed-model-name",
                "bench",
                "--force",
            ],
            ROOT,
            rasa_env(RASA_CACHE_DIRECTORY=str(Path(tmp) / "cache")),
            work / "train.log",
        )
    return result


# --- our stack ----------------------------------------------------------------------------


class StartClock:
    """Receives the stack's progress lines and times each service from spawn to ready."""

    def __init__(self) -> None:
        """Start with no service seen."""
        self.spawned: dict[str, float] = {}
        self.ready: dict[str, float] = {}

    def __call__(self, line: str) -> None:
        """Record `starting NAME:` and `NAME ready after ...` lines."""
        now = time.monotonic()
        words = line.split()
        if line.startswith("starting ") and len(words) > 1:
            self.spawned[words[1].rstrip(":")] = now
        elif len(words) > 2 and words[1] == "ready" and words[2] == "after":
            self.ready[words[0]] = now

    def seconds(self, name: str) -> float | None:
        """Spawn-to-ready seconds of one service, if both were seen."""
        if name in self.spawned and name in self.ready:
            return round(self.ready[name] - self.spawned[name], 1)
        return None


async def sign_in_all(client: httpx.AsyncClient) -> list[str]:
    """Sign in as every dev persona through the gateway; their access tokens."""
    personas = (await client.get("/web/personas")).raise_for_status().json()
    tokens = []
    for persona in personas:
        answer = await client.post("/web/sign-in", json={"staff_number": persona["staff_number"]})
        tokens.append(answer.raise_for_status().json()["access_token"])
    if not tokens:
        raise StackError("the gateway listed no personas to sign in as")
    return tokens


def web_turn(client: httpx.AsyncClient, tokens: list[str], kind: str, run: str) -> Any:
    """A `Turn` that sends one kind of message through `POST /web/messages`.

    Chit-chat and lookup turns continue a conversation for ten turns, then open a new one;
    every form turn opens a new conversation, so each one starts the form afresh.
    """
    text = TURNS[kind]
    label = kind.replace("-", "")

    async def turn(worker: int, index: int) -> bool:
        chunk = index if kind == "form" else index // 10
        session = f"b{run}-{label}-{worker}-{chunk}"
        answer = await client.post(
            "/web/messages",
            headers={"Authorization": f"Bearer {tokens[worker % len(tokens)]}"},
            json={"text": text, "session": session},
        )
        return answer.status_code == 200 and bool(answer.json().get("messages"))

    return turn


def rest_turn(client: httpx.AsyncClient, run: str, text: str = "hello") -> Any:
    """A `Turn` for a Rasa REST channel (the starter's): ten turns per conversation."""

    async def turn(worker: int, index: int) -> bool:
        answer = await client.post(
            "/webhooks/rest/webhook",
            json={"sender": f"b{run}-{worker}-{index // 10}", "message": text},
        )
        return answer.status_code == 200 and bool(answer.json())

    return turn


async def measure_parse(base_url: str, count: int) -> dict[str, Any]:
    """Sequential ``/model/parse`` calls: NLU latency without dialogue or actions."""
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        for text in PARSE_TEXTS:  # warm up
            await client.post(f"/model/parse?token={TOKEN}", json={"text": text})

        async def turn(worker: int, index: int) -> bool:
            text = PARSE_TEXTS[index % len(PARSE_TEXTS)]
            answer = await client.post(f"/model/parse?token={TOKEN}", json={"text": text})
            return answer.status_code == 200

        result = await bench_load.run_level(turn, concurrency=1, max_turns=count, max_seconds=30)
    return result.summary()


async def load_levels(
    make_turn: Callable[[], Any],
    budget: Budget,
    bar: tqdm,
    label: str,
    groups: dict[str, int] | None = None,
) -> list[dict[str, Any]]:
    """Run each level of the budget with a fresh turn function; their summaries.

    Args:
        make_turn: Builds the turn function for a level.
        budget: Levels and their limits.
        bar: The progress bar to advance.
        label: What the bar says.
        groups: Process groups (name → pgid) whose CPU per turn to measure.

    Returns:
        One summary per level, with ``cpu_ms_per_turn`` when `groups` were given.
    """
    rows = []
    for level in budget.levels:
        before = {name: bench_load.cpu_seconds(pgid) for name, pgid in (groups or {}).items()}
        client_before = bench_load.own_cpu_seconds()
        bar.set_postfix_str(f"{label} × {level}")
        result = await bench_load.run_level(
            make_turn(),
            concurrency=level,
            max_turns=budget.max_turns[level],
            max_seconds=budget.max_seconds,
        )
        row: dict[str, Any] = result.summary()
        if groups and result.turns:
            row["cpu_ms_per_turn"] = {
                name: round((bench_load.cpu_seconds(pgid) - before[name]) * 1000 / result.turns, 1)
                for name, pgid in groups.items()
            }
            row["client_cpu_ms_per_turn"] = round(
                (bench_load.own_cpu_seconds() - client_before) * 1000 / result.turns, 1
            )
        rows.append(row)
        bar.update(1)
    return rows


async def bench_our_stack(stack: Stack, budget: Budget, bar: tqdm) -> dict[str, Any]:
    """Load our stack through the gateway and measure NLU alone."""
    run = uuid.uuid4().hex[:6]
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    gateway_url = f"http://127.0.0.1:{stack.ports.gateway}"
    results: dict[str, Any] = {}
    groups = {service.name: stack.service_pid(service.name) for service in stack.services}
    async with httpx.AsyncClient(base_url=gateway_url, timeout=60, limits=limits) as client:
        tokens = await sign_in_all(client)
        for kind in TURNS:  # one warm-up turn each (TensorFlow graphs, connection pools)
            await web_turn(client, tokens, kind, run + "w")(0, 0)
        for kind in TURNS:
            results[kind] = await load_levels(
                lambda kind=kind: web_turn(client, tokens, kind, run), budget, bar, kind, groups
            )
    bar.set_postfix_str("NLU parse")
    results["parse"] = await measure_parse(
        f"http://127.0.0.1:{stack.ports.rasa}", budget.parse_count
    )
    bar.update(1)
    return results


def start_stack(
    var_dir: Path, rasa_replicas: int, ports: Ports = BENCH_PORTS
) -> tuple[Stack, StartClock]:
    """Our processes on the bench ports (or `ports`) with their own databases."""
    settings = read_env_file(ROOT / ".env.example")
    settings["RASA_REPLICAS"] = str(rasa_replicas)
    settings["DATABASE_URL"] = f"sqlite:///{var_dir / 'shared_services.db'}"
    settings["RASA_TRACKER_DB"] = str(var_dir / "rasa_tracker.db")
    settings["RASA_TOKEN"] = TOKEN
    clock = StartClock()
    stack = Stack(
        ports=ports, var_dir=var_dir, settings=settings, log_dir=var_dir / "logs", echo=clock
    )
    return stack, clock


def profile_processes(stack: Stack, seconds: float, out: Path) -> dict[str, Path]:
    """Start py-spy on each service for `seconds` (raw collapsed stacks); the files to read."""
    py_spy = Path(sys.executable).parent / "py-spy"
    files = {}
    for name in ("gateway", "rasa", "actions", "api"):
        target = out / f"profile-{name}.txt"
        subprocess.Popen(
            [
                str(py_spy),
                "record",
                "--pid",
                str(stack.service_pid(name)),
                "--duration",
                str(int(seconds)),
                "--rate",
                "200",
                "--format",
                "raw",
                "--subprocesses",
                "--nonblocking",
                "--output",
                str(target),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        files[name] = target
    return files


async def profile_lookup(stack: Stack, seconds: float, work: Path) -> dict[str, Any]:
    """A lookup load at 10 conversations while py-spy samples every service."""
    files = profile_processes(stack, seconds, work)
    run = uuid.uuid4().hex[:6]
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{stack.ports.gateway}", timeout=60
    ) as client:
        tokens = await sign_in_all(client)
        result = await bench_load.run_level(
            web_turn(client, tokens, "lookup", run),
            concurrency=10,
            max_turns=100_000,
            max_seconds=seconds - 1,
        )
    await asyncio.sleep(3)  # py-spy writes its file when its duration ends
    return {
        "load": result.summary(),
        "samples": {name: bench_report.sample_count(path) for name, path in files.items()},
        "top": {name: bench_report.top_frames(path) for name, path in files.items()},
        "hot": {name: bench_report.hot_paths(path) for name, path in files.items()},
    }


# --- the stock starter --------------------------------------------------------------------


def prepare_starter(work: Path) -> dict[str, Any]:
    """`rasa init --no-prompt` once (it trains the starter); reused while its model exists."""
    starter = work / "starter"
    if list((starter / "models").glob("*.tar.gz")):
        return {"dir": str(starter), "trained_now": False}
    shutil.rmtree(starter, ignore_errors=True)
    starter.mkdir(parents=True)
    result = timed_subprocess(
        [str(RASA_BIN), "init", "--no-prompt", "--init-dir", str(starter)],
        starter,
        rasa_env(),
        work / "starter-init.log",
    )
    if result["exit_code"] != 0:
        raise StackError(f"rasa init failed; see {work / 'starter-init.log'}")
    return {"dir": str(starter), "trained_now": True, "train_seconds": result["seconds"]}


def start_starter(starter: Path, work: Path) -> tuple[subprocess.Popen[bytes], float]:
    """Serve the starter with `rasa run` on the bench port; the process and its cold start."""
    log = (work / "starter-run.log").open("wb")
    process = subprocess.Popen(
        [
            str(RASA_BIN),
            "run",
            "--enable-api",
            "--auth-token",
            TOKEN,
            "-i",
            "127.0.0.1",
            "-p",
            str(STARTER_PORT),
            "-m",
            "models",
        ],
        cwd=starter,
        env=rasa_env(SANIC_HOST="127.0.0.1"),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    started = time.monotonic()
    url = f"http://127.0.0.1:{STARTER_PORT}/status?token={TOKEN}"
    while time.monotonic() - started < 400:
        if process.poll() is not None:
            raise StackError(f"the starter's rasa run exited; see {work / 'starter-run.log'}")
        if _is_ready(url):
            return process, round(time.monotonic() - started, 1)
        time.sleep(0.5)
    os.killpg(process.pid, signal.SIGKILL)
    raise StackError("the starter's rasa run was not ready after 400 s")


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM a process group, SIGKILL after 10 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


async def bench_starter(budget: Budget, bar: tqdm) -> dict[str, Any]:
    """The starter's REST hello turn at each level, and its NLU parse latency."""
    run = uuid.uuid4().hex[:6]
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{STARTER_PORT}", timeout=60, limits=limits
    ) as client:
        await rest_turn(client, run + "w")(0, 0)
        hello = await load_levels(lambda: rest_turn(client, run), budget, bar, "starter hello")
    bar.set_postfix_str("starter NLU parse")
    parse = await measure_parse(f"http://127.0.0.1:{STARTER_PORT}", budget.parse_count)
    bar.update(1)
    return {"hello": hello, "parse": parse}


# --- main -------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the report.

    Args:
        argv: Command-line arguments (defaults to ``sys.argv[1:]``).

    Returns:
        0 when the report was written, 1 when something could not start.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short loads, no training run")
    parser.add_argument("--skip-train", action="store_true", help="don't time a rasa train")
    parser.add_argument("--skip-baseline", action="store_true", help="no stock starter")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also sample every process with py-spy under a lookup load",
    )
    parser.add_argument(
        "--rasa-replicas",
        type=int,
        default=BENCH_RASA_REPLICAS,
        help=f"Rasa server processes to start (default {BENCH_RASA_REPLICAS}: one per core of "
        "the 2-core machine the targets are set for)",
    )
    parser.add_argument(
        "--scale-out",
        action="store_true",
        help="also load the scale-out profile (needs PostgreSQL, Redis, RabbitMQ on 127.0.0.1)",
    )
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    parser.add_argument("--note", default="", help="a word for the history line")
    args = parser.parse_args(argv)
    budget = QUICK if args.quick else FULL
    if not MODEL.exists():
        print(f"No trained model at {MODEL}: run `make train` first.", file=sys.stderr)
        return 1
    WORK.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "revision": bench_report.git_revision(),
        "mode": "quick" if args.quick else "full",
        "budget": {
            "levels": budget.levels,
            "max_turns": budget.max_turns,
            "max_seconds": budget.max_seconds,
        },
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gib": round(
                os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30, 1
            ),
        },
        "turn_texts": TURNS,
        "rasa_replicas": args.rasa_replicas,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    steps = 2 + len(TURNS) * len(budget.levels) + 1
    if not args.skip_baseline:
        steps += 2 + len(budget.levels) + 1
    if args.profile:
        steps += 1
    with tqdm(total=steps, desc="make bench", unit="step") as bar:
        if args.quick or args.skip_train:
            results["training"] = {"skipped": True}
        else:
            bar.set_postfix_str("rasa train (cold cache)")
            results["training"] = measure_training(WORK)
        bar.update(1)

        bar.set_postfix_str("starting our stack")
        var_dir = Path(tempfile.mkdtemp(prefix="stack-", dir=WORK))
        stack, clock = start_stack(var_dir, args.rasa_replicas)
        try:
            stack.start()
            results["cold_start"] = {
                name: clock.seconds(name) for name in ("api", "actions", "rasa", "gateway")
            }
            bar.update(1)
            results["ours"] = asyncio.run(bench_our_stack(stack, budget, bar))
            bar.set_postfix_str("turn latency against conversation length and stored events")
            gateway = f"http://127.0.0.1:{stack.ports.gateway}"
            growth: dict[str, Any] = {
                "length": asyncio.run(
                    bench_growth.measure_length(gateway, 100 if args.quick else 500)
                )
            }
            if not args.quick:
                growth["stored"] = asyncio.run(
                    bench_growth.measure_stored(gateway, bench_growth.tracker_files(stack))
                )
            results["growth"] = growth
            if args.profile:
                bar.set_postfix_str("profiling a lookup load")
                results["profile"] = asyncio.run(profile_lookup(stack, 20, WORK))
                bar.update(1)
            results["memory_mib"] = {
                service.name: bench_load.peak_memory_mib(stack.service_pid(service.name))
                for service in stack.services
            }
            stack.check_alive()
        except StackError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        finally:
            stack.stop()
            shutil.rmtree(var_dir, ignore_errors=True)

        if not args.skip_baseline:
            bar.set_postfix_str("rasa init (stock starter)")
            results["starter"] = prepare_starter(WORK)
            bar.update(1)
            bar.set_postfix_str("starting the starter")
            process, cold = start_starter(Path(results["starter"]["dir"]), WORK)
            try:
                results["starter"]["cold_start"] = cold
                bar.update(1)
                results["starter"].update(asyncio.run(bench_starter(budget, bar)))
                results["starter"]["memory_mib"] = bench_load.peak_memory_mib(process.pid)
            finally:
                stop_group(process)
        if args.scale_out:
            bar.set_postfix_str("scale-out profile (2 replicas, PostgreSQL, Redis, RabbitMQ)")
            results.setdefault("growth", {})["scale_out"] = asyncio.run(
                bench_growth.measure_scale_out(200, budget.max_turns, budget.max_seconds)
            )
        results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        results["bench_peak_mib"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        )
        written = bench_report.write(results, args.reports, note=args.note)
    (WORK / "last.json").write_text(json.dumps(results, indent=2, default=str))
    for path in written:
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
