"""A TCP proxy for fault tests: put it between a service and what it talks to, then break it.

`down()` drops every open connection and refuses new ones (the peer is down or restarting);
`up()` accepts again; `slow(seconds)` delays every chunk forwarded (the peer is slow);
`slow_answers(seconds)` delays only what comes back (the peer acted, its answer is late). A
side that finishes sending is half-closed on the other side, as over a real wire. It runs its
own event loop in a thread, listens on 127.0.0.1 only and forwards to one address.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


def free_port() -> int:
    """A port nothing listens on now (on 127.0.0.1)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class TcpProxy:
    """127.0.0.1:`port` -> `target_host`:`target_port`, breakable on demand."""

    def __init__(self, target_host: str, target_port: int, port: int | None = None) -> None:
        """Prepare (call `start()`)."""
        self.target = (target_host, target_port)
        self.port = port or free_port()
        self.delay = 0.0
        self.answer_delay = 0.0
        self._loop = asyncio.new_event_loop()
        self._listening: socket.socket | None = None
        self._accepting: asyncio.Task[None] | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._handlers: set[asyncio.Task[None]] = set()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def start(self) -> TcpProxy:
        """Start the loop and listen."""
        self._thread.start()
        self.up()
        return self

    def _call(self, coroutine):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    def up(self) -> None:
        """Accept connections (again)."""

        async def listen() -> None:
            if self._listening is not None:
                return
            listening = socket.socket()
            listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listening.bind(("127.0.0.1", self.port))
            listening.listen(128)
            listening.setblocking(False)
            self._listening = listening
            self._accepting = asyncio.create_task(self._accept(listening))

        self._call(listen())

    def down(self) -> None:
        """Refuse new connections and cut every open one."""

        async def close() -> None:
            if self._accepting is not None:
                self._accepting.cancel()
                await asyncio.gather(self._accepting, return_exceptions=True)
                self._accepting = None
            if self._listening is not None:
                self._listening.close()
                self._listening = None
            for writer in list(self._writers):
                writer.transport.abort()
            self._writers.clear()

        self._call(close())

    def slow(self, seconds: float) -> None:
        """Delay every forwarded chunk by `seconds` (0: normal)."""
        self.delay = seconds

    def slow_answers(self, seconds: float) -> None:
        """Delay only what comes back (the peer did the work, its answer is late; 0: normal)."""
        self.answer_delay = seconds

    def stop(self) -> None:
        """Cut everything and end the loop."""
        self.down()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        if not self._loop.is_running():
            pending = asyncio.all_tasks(self._loop)
            for task in pending:
                task.cancel()
            if pending:
                gathered = asyncio.gather(*pending, return_exceptions=True)
                self._loop.run_until_complete(gathered)
            self._loop.close()

    async def _accept(self, listening: socket.socket) -> None:
        while True:
            connection, _ = await self._loop.sock_accept(listening)
            handler = asyncio.create_task(self._handle(connection))
            self._handlers.add(handler)
            handler.add_done_callback(self._handlers.discard)

    async def _handle(self, connection: socket.socket) -> None:
        reader, writer = await asyncio.open_connection(sock=connection)
        self._writers.add(writer)
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            self._writers.discard(writer)
            writer.transport.abort()
            return
        self._writers.add(upstream_writer)
        await asyncio.gather(
            self._pipe(reader, upstream_writer, lambda: self.delay),
            self._pipe(upstream_reader, writer, lambda: self.delay + self.answer_delay),
        )
        for each in (writer, upstream_writer):
            self._writers.discard(each)
            each.close()

    async def _pipe(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        delay: Callable[[], float],
    ) -> None:
        """Forward one direction; when its sender is done, pass the half-close on (a request
        sent before the client gave up still reaches the server whole, as over a real wire)."""
        try:
            while chunk := await reader.read(65536):
                if seconds := delay():
                    await asyncio.sleep(seconds)
                writer.write(chunk)
                await writer.drain()
            if writer.can_write_eof():
                writer.write_eof()
        except (ConnectionError, OSError, RuntimeError):
            writer.transport.abort()


class Wires:
    """A proxy for each service the scale-out stack talks to (tests/scale_out/conftest.py)."""

    def __init__(self, services: dict[str, Any], api_port: int) -> None:
        """One proxy per service, not yet started."""
        postgres, redis, rabbit = services["postgres"], services["redis"], services["rabbit"]
        self.postgres = TcpProxy(postgres.host or "127.0.0.1", postgres.port or 5432)
        self.redis = TcpProxy(redis.host or "127.0.0.1", redis.port or 6379)
        self.rabbitmq = TcpProxy(rabbit.host or "127.0.0.1", rabbit.port or 5672)
        self.api = TcpProxy("127.0.0.1", api_port)

    def all(self) -> list[TcpProxy]:
        """Every proxy."""
        return [self.postgres, self.redis, self.rabbitmq, self.api]

    def start(self) -> None:
        """Start every proxy."""
        for proxy in self.all():
            proxy.start()

    def heal(self) -> None:
        """Every proxy up and at full speed (after a fault test)."""
        for proxy in self.all():
            proxy.slow(0)
            proxy.slow_answers(0)
            proxy.up()

    def stop(self) -> None:
        """Stop every proxy."""
        for proxy in self.all():
            proxy.stop()


@contextmanager
def proxied(target_host: str, target_port: int, port: int | None = None) -> Iterator[TcpProxy]:
    """A started proxy for the duration of a `with` block."""
    proxy = TcpProxy(target_host, target_port, port).start()
    try:
        yield proxy
    finally:
        proxy.stop()
