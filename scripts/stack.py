"""Start, watch and stop the processes of the assistant.

Used by `make run` (in the foreground, logs prefixed on the terminal) and by the end-to-end
tests (logs to files, other ports). Only the standard library and what `.venv` holds.

    API (uvicorn, :8000) ─ actions (rasa-sdk, :5055) ─ Rasa (:5005) ─ gateway (uvicorn, :8080)

`PROFILE=scale-out` runs the same code on PostgreSQL, Redis and RabbitMQ: `RASA_REPLICAS`
Rasa servers (default 2) on `bot/endpoints.scale-out.yml`, `ACTIONS_REPLICAS` action servers
(default 2; Rasa replica i calls action server i mod n), and the recorder that moves
conversation events from RabbitMQ into the API (`integrations.conversation_events`).
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"
RASA_BIN = ROOT / ".venv-rasa" / "bin" / "rasa"
# The trained model the stack serves; ASSISTANT_MODEL points elsewhere (a branch's own model).
MODEL = Path(os.environ.get("ASSISTANT_MODEL", ROOT / "bot" / "models" / "assistant.tar.gz"))


class StackError(RuntimeError):
    """A process of the stack did not start or died."""


@dataclass(frozen=True)
class Ports:
    """The four ports; each overridable from `.env`."""

    api: int = 8000
    gateway: int = 8080
    rasa: int = 5005
    actions: int = 5055


SCALE_OUT_DEFAULTS = {
    # Rasa's SQL pool per process (its defaults are 50 + 100): 3 + 2 per Rasa replica.
    "SQL_POOL_SIZE": "3",
    "SQL_MAX_OVERFLOW": "2",
    # A conversation's lock lives 60 s at most; an action call gives up after
    # ACTION_TIMEOUT_SECONDS (below it), so a slow turn never outlives its lock.
    "TICKET_LOCK_LIFETIME": "60",
    "ACTION_TIMEOUT_SECONDS": "10",
    "RASA_TRACKER_URL": "postgresql://postgres@127.0.0.1:5432/rasa_tracker",
    "REDIS_HOST": "127.0.0.1",
    "REDIS_PORT": "6379",
    "REDIS_DB": "1",
    "RASA_LOCK_PREFIX": "ask",
    "RABBITMQ_HOST": "127.0.0.1",
    "RABBITMQ_PORT": "5672",
    "RABBITMQ_USER": "guest",
    "RABBITMQ_PASSWORD": "guest",
    "RABBITMQ_EXCHANGE": "ask-events",
    "EVENTS_QUEUE": "conversation_events",
    "LOG_FORMAT": "json",
}
"""What the scale-out profile uses unless `.env` says otherwise: the local services."""


def is_scale_out(settings: dict[str, str]) -> bool:
    """Whether these settings ask for the scale-out profile."""
    return settings.get("PROFILE", "embedded").strip() == "scale-out"


@dataclass
class Service:
    """One process: how to start it and how to know it is ready (None: once it stays up)."""

    name: str
    argv: list[str]
    ready_url: str | None
    timeout: float
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    log_file: IO[bytes] | None = None


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a `.env` file (KEY=VALUE lines, # comments, optional quotes)."""
    values: dict[str, str] = {}
    if not path.exists():
        return values
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def build_environment(settings: dict[str, str], ports: Ports, var_dir: Path) -> dict[str, str]:
    """The environment every child process gets: settings plus the derived URLs."""
    env = dict(os.environ)
    env.update(settings)
    env.update(
        {
            "API_PORT": str(ports.api),
            "GATEWAY_PORT": str(ports.gateway),
            "RASA_PORT": str(ports.rasa),
            "ACTIONS_PORT": str(ports.actions),
            "API_URL": f"http://127.0.0.1:{ports.api}",
            "RASA_URL": ",".join(
                f"http://127.0.0.1:{port}" for port in rasa_ports(ports, settings)
            ),
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{ports.actions}/webhook",
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
        }
    )
    if not env.get("PUBLIC_BASE_URL"):  # links in the chat go to the gateway, never the API
        env["PUBLIC_BASE_URL"] = f"http://localhost:{ports.gateway}"
    if is_scale_out(env):
        for key, value in SCALE_OUT_DEFAULTS.items():
            env.setdefault(key, value)
        env.setdefault("EVENTS_METRICS_PORT", str(ports.api + 90))
        env.setdefault(
            "RABBITMQ_URL",
            f"amqp://{env['RABBITMQ_USER']}:{env['RABBITMQ_PASSWORD']}@"
            f"{env['RABBITMQ_HOST']}:{env['RABBITMQ_PORT']}/",
        )
    env.setdefault("DATABASE_URL", f"sqlite:///{var_dir / 'shared_services.db'}")
    env.setdefault("RASA_TRACKER_DB", str(var_dir / "rasa_tracker.db"))
    env.setdefault("RASA_TOKEN", "dev-rasa-token")
    # Rasa and rasa-sdk: quiet TensorFlow, no telemetry, bind the action server to loopback.
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # One TensorFlow thread per pool: the models are tiny, and the pools' hand-offs cost more
    # CPU than they save on two cores (reports/tuning.md).
    env.setdefault("TF_INTRA_OP_PARALLELISM_THREADS", "1")
    env.setdefault("TF_INTER_OP_PARALLELISM_THREADS", "1")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")
    env.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    env["SANIC_HOST"] = "127.0.0.1"
    return env


def rasa_ports(ports: Ports, settings: dict[str, str]) -> list[int]:
    """One port per Rasa replica (`RASA_REPLICAS`, default 1, or 2 in scale-out):
    RASA_PORT, RASA_PORT + 1, ..."""
    default = "2" if is_scale_out(settings) else "1"
    replicas = max(1, int(settings.get("RASA_REPLICAS", default) or default))
    return [ports.rasa + n for n in range(replicas)]


def action_ports(ports: Ports, settings: dict[str, str]) -> list[int]:
    """One port per action server: one in the embedded profile, `ACTIONS_REPLICAS` (default 2)
    in scale-out: ACTIONS_PORT, ACTIONS_PORT + 1, ..."""
    if not is_scale_out(settings):
        return [ports.actions]
    replicas = max(1, int(settings.get("ACTIONS_REPLICAS", "2") or "2"))
    return [ports.actions + n for n in range(replicas)]


def services(env: dict[str, str], ports: Ports) -> list[Service]:
    """The processes, in start order."""
    uvicorn = [str(VENV_PY), "-m", "uvicorn", "--no-access-log", "--factory"]
    actions = action_ports(ports, env)
    metrics_port = env.get("EVENTS_METRICS_PORT", "0")
    recorder = [
        Service(
            "recorder",
            [str(VENV_PY), "-m", "integrations.conversation_events"],
            f"http://127.0.0.1:{metrics_port}/metrics" if metrics_port != "0" else None,
            timeout=60,
        )
    ]
    return [
        Service(
            "api",
            [*uvicorn, "api.main:create_app", "--host", "127.0.0.1", "--port", str(ports.api)],
            f"http://127.0.0.1:{ports.api}/health",
            timeout=60,
        ),
        *(
            Service(
                "actions" if index == 0 else f"actions-{index + 1}",
                [str(VENV_PY), "-m", "rasa_sdk", "--actions", "actions", "-p", str(port)],
                f"http://127.0.0.1:{port}/health",
                timeout=60,
            )
            for index, port in enumerate(actions)
        ),
        *(
            _rasa_service(env, port, index, actions[index % len(actions)])
            for index, port in enumerate(rasa_ports(ports, env))
        ),
        *(recorder if is_scale_out(env) else []),
        Service(
            "gateway",
            [
                *uvicorn,
                "integrations.app:create_app",
                "--host",
                env.get("GATEWAY_HOST", "127.0.0.1"),
                "--port",
                str(ports.gateway),
            ],
            f"http://127.0.0.1:{ports.gateway}/health",
            timeout=60,
        ),
    ]


def _rasa_service(env: dict[str, str], port: int, index: int, actions_port: int) -> Service:
    """One Rasa replica, calling its action server. In the embedded profile each keeps its own
    SQLite tracker file: the gateway pins every conversation to one replica, so no two
    processes write one file. In scale-out they share PostgreSQL, Redis and RabbitMQ."""
    token = env["RASA_TOKEN"]
    tracker_db = Path(env["RASA_TRACKER_DB"])
    own_env = {"ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook"}
    if index:
        own_env["RASA_TRACKER_DB"] = str(tracker_db.with_stem(f"{tracker_db.stem}-{index + 1}"))
    endpoints = "bot/endpoints.scale-out.yml" if is_scale_out(env) else "bot/endpoints.yml"
    argv = [str(RASA_BIN), "run", "--enable-api", "--auth-token", token, "-m", str(MODEL)]
    argv += ["-i", "127.0.0.1", "-p", str(port)]
    argv += ["--endpoints", endpoints, "--credentials", "bot/credentials.yml"]
    return Service(
        "rasa" if index == 0 else f"rasa-{index + 1}",
        argv,
        f"http://127.0.0.1:{port}/status?token={token}",
        timeout=400,
        env=own_env,
    )


def create_postgres_databases(*urls: str) -> None:
    """Create each URL's PostgreSQL database if it doesn't exist (connecting to `postgres`)."""
    import psycopg  # the main environment's driver; only the scale-out profile needs it
    from sqlalchemy.engine import make_url

    for url in urls:
        parsed = make_url(url)
        admin = parsed.set(drivername="postgresql", database="postgres")
        conninfo = admin.render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{parsed.database}"')


def _is_ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # loopback only
            return bool(200 <= response.status < 300)
    except (urllib.error.URLError, OSError):
        return False


def _pump(stream: IO[bytes], prefix: str, out: IO[str]) -> None:
    for line in iter(stream.readline, b""):
        out.write(f"{prefix} {line.decode('utf-8', 'replace')}")
        out.flush()


class Stack:
    """The running assistant: start() in dependency order, stop() in reverse."""

    def __init__(
        self,
        *,
        ports: Ports,
        var_dir: Path,
        settings: dict[str, str],
        log_dir: Path | None = None,
        echo: Callable[[str], None] = print,
        routes: dict[str, str] | None = None,
    ) -> None:
        """Prepare (but don't start) the stack.

        Args:
            ports: where each process listens.
            var_dir: where the SQLite databases live.
            settings: values from `.env` (and overrides).
            log_dir: write each process's log to a file here; None prints them prefixed.
            echo: where progress lines go.
            routes: environment values set after the derived ones, e.g. `API_URL` pointing
                the other processes at a proxy in front of the API (the fault tests).
        """
        self.ports = ports
        self.var_dir = var_dir
        self.log_dir = log_dir
        self.echo = echo
        var_dir.mkdir(parents=True, exist_ok=True)
        self.env = build_environment(settings, ports, var_dir)
        self.env.update(routes or {})
        self.services = services(self.env, ports)

    def prepare_database(self) -> None:
        """Migrate the API database and seed the synthetic department on first run (in
        scale-out, first create the API's and Rasa's PostgreSQL databases if missing)."""
        if is_scale_out(self.env):
            create_postgres_databases(self.env["DATABASE_URL"], self.env["RASA_TRACKER_URL"])
        subprocess.run(
            [str(VENV_PY), "-m", "api.cli", "init-db"], cwd=ROOT, env=self.env, check=True
        )

    def prepare_tracker_stores(self) -> None:
        """Put each Rasa replica's SQLite tracker file in WAL mode before Rasa opens it.

        WAL is a property of the file, so Rasa's own connections then commit each turn by
        appending to the log instead of rewriting pages under an exclusive lock.
        """
        if is_scale_out(self.env):
            return
        for service in self.services:
            if service.name.startswith("rasa"):
                path = ROOT / {**self.env, **service.env}["RASA_TRACKER_DB"]
                path.parent.mkdir(parents=True, exist_ok=True)
                with closing(sqlite3.connect(path)) as connection:
                    connection.execute("PRAGMA journal_mode=WAL")

    def start(self) -> None:
        """Start every process and wait until each answers its readiness URL."""
        if not MODEL.exists():
            raise StackError(f"No trained model at {MODEL}: run `make train` first.")
        self.prepare_database()
        self.prepare_tracker_stores()
        for service in self.services:
            self._spawn(service)
        for service in self.services:
            self._wait(service)
        self.echo(
            f"ready: gateway http://localhost:{self.ports.gateway}/ · "
            f"API docs http://localhost:{self.ports.api}/docs"
        )

    def _spawn(self, service: Service) -> None:
        self.echo(f"starting {service.name}: {' '.join(service.argv[:4])} ...")
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            if service.log_file is not None:
                service.log_file.close()
            service.log_file = (self.log_dir / f"{service.name}.log").open("ab")
            stdout: int | IO[bytes] = service.log_file
        else:
            stdout = subprocess.PIPE
        service.process = subprocess.Popen(
            service.argv,
            cwd=ROOT,
            env={**self.env, **service.env},
            stdout=stdout,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if service.process.stdout is not None:
            threading.Thread(
                target=_pump,
                args=(service.process.stdout, f"[{service.name}]", sys.stdout),
                daemon=True,
            ).start()

    def _wait(self, service: Service) -> None:
        started = time.monotonic()
        while time.monotonic() - started < service.timeout:
            assert service.process is not None
            if service.process.poll() is not None:
                raise StackError(
                    f"{service.name} exited with {service.process.returncode}"
                    f"{self._log_tail(service)}"
                )
            if service.ready_url is None:
                if time.monotonic() - started >= min(service.timeout, 3.0):
                    self.echo(f"{service.name} still up after 3 s")
                    return
            elif _is_ready(service.ready_url):
                self.echo(f"{service.name} ready after {time.monotonic() - started:.0f} s")
                return
            time.sleep(0.5)
        raise StackError(
            f"{service.name} not ready after {service.timeout:.0f} s{self._log_tail(service)}"
        )

    def _log_tail(self, service: Service) -> str:
        if self.log_dir is None:
            return ""
        path = self.log_dir / f"{service.name}.log"
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        return "\n" + "\n".join(lines)

    def check_alive(self) -> None:
        """Raise if any process has died."""
        for service in self.services:
            if service.process is not None and service.process.poll() is not None:
                raise StackError(f"{service.name} exited with {service.process.returncode}")

    def stop(self) -> None:
        """Stop every process (SIGTERM, then SIGKILL after 10 s), in reverse order."""
        for service in reversed(self.services):
            process = service.process
            if process is None or process.poll() is not None:
                continue
            os.killpg(process.pid, signal.SIGTERM)
        for service in reversed(self.services):
            process = service.process
            if process is None:
                continue
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            if service.log_file is not None:
                service.log_file.close()

    def _service(self, name: str) -> Service:
        for service in self.services:
            if service.name == name:
                return service
        raise KeyError(name)

    def kill(self, name: str) -> None:
        """Kill one process at once (SIGKILL, no clean shutdown), as a crash would."""
        process = self._service(name).process
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def restart(self, name: str) -> None:
        """Start one process again (after `kill`) and wait until it is ready."""
        service = self._service(name)
        if service.process is not None and service.process.poll() is None:
            raise StackError(f"{name} is still running")
        self._spawn(service)
        self._wait(service)

    def service_pid(self, name: str) -> int:
        """The process id of one service (for measuring memory)."""
        for service in self.services:
            if service.name == name and service.process is not None:
                return service.process.pid
        raise KeyError(name)


@contextmanager
def running(**kwargs: object) -> Iterator[Stack]:
    """Start a stack for the duration of a `with` block."""
    stack = Stack(**kwargs)  # type: ignore[arg-type]
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


def ports_from(settings: dict[str, str]) -> Ports:
    """Read the four ports from settings, falling back to the architecture's defaults."""
    default = Ports()
    return Ports(
        api=int(settings.get("API_PORT", default.api)),
        gateway=int(settings.get("GATEWAY_PORT", default.gateway)),
        rasa=int(settings.get("RASA_PORT", default.rasa)),
        actions=int(settings.get("ACTIONS_PORT", default.actions)),
    )


def main() -> int:
    """`make run`: start everything in the foreground until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env-file", default=str(ROOT / ".env"))
    args = parser.parse_args()
    settings = read_env_file(Path(args.env_file))
    settings.update({k: v for k, v in os.environ.items() if k in settings or k == "PROFILE"})
    stack = Stack(ports=ports_from(settings), var_dir=ROOT / "var", settings=settings)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        stack.start()
        print("Press Ctrl-C to stop.", flush=True)
        while not stopping.wait(1):
            stack.check_alive()
    except KeyboardInterrupt:
        pass
    except StackError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        print("stopping ...", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
