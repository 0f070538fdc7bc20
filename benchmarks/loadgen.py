"""Load generator for the server scenarios (plain asyncio on uvloop, the same for every server).

The benchmark runner uses its C twin, ``benchmarks/loadgen_c/loadgen.c``, for the echo and
connect modes (same options, same result line), where this client would cost about as much CPU
as the fastest servers it measures; this one remains the fallback without a C compiler.

``python -m benchmarks.loadgen --port P [--mode M] --clients C --size S --seconds T [--warmup W]``

Modes, each printing one ``{"ops": N, "seconds": T}`` line (ops counted in the T seconds after a
W-second warm-up, except ``idle``):

- ``echo``: C connections each send S bytes, wait for S bytes back, and repeat (round trips).
- ``connect``: C workers each connect, send S bytes, wait for the echo and close, and repeat
  (connections set up and torn down).
- ``http``: C keep-alive connections each send ``GET PATH`` and read the whole response, and
  repeat (requests; a response other than 200 stops the run with an error).  Driven by wrk
  (one thread) when it is installed, see ``benchmarks/loadgen_wrk.py``; wrk's durations are
  whole seconds.
- ``idle``: open C connections, check each with one S-byte echo, then read the server's resident
  memory (``--server-pid``) before and after; ops = C and seconds = the growth in MiB, so the
  reported rate is idle connections per MiB of server memory (higher is better, like the rest).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import time

import httptools


class _Client(asyncio.Protocol):
    def __init__(self, payload: bytes, counter: list[int]) -> None:
        self.payload = payload
        self.counter = counter
        self.pending = 0
        self.transport: asyncio.Transport | None = None
        self.lost = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses; only write/abort are used.
        self.transport = transport  # type: ignore[assignment]
        self._send()

    def _send(self) -> None:
        assert self.transport is not None
        self.pending = len(self.payload)
        self.transport.write(self.payload)

    def data_received(self, data: bytes) -> None:
        self.pending -= len(data)
        if self.pending < 0:
            # One message is outstanding per connection: more bytes than that is a broken echo.
            raise SystemExit(f"received {-self.pending} bytes more than were sent")
        if self.pending == 0:
            self.counter[0] += 1
            self._send()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.lost.done():
            self.lost.set_result(exc)


class _HTTPClient(_Client):
    """Keep-alive GETs, one outstanding at a time; responses parsed by httptools."""

    def __init__(self, payload: bytes, counter: list[int]) -> None:
        super().__init__(payload, counter)
        self.parser = httptools.HttpResponseParser(self)

    def _send(self) -> None:
        assert self.transport is not None
        self.transport.write(self.payload)

    def data_received(self, data: bytes) -> None:
        self.parser.feed_data(data)

    def on_message_complete(self) -> None:
        status = self.parser.get_status_code()
        if status != 200:
            raise SystemExit(f"server answered {status}")
        self.counter[0] += 1
        self._send()


async def _measure(counter: list[int], warmup: float, seconds: float) -> dict[str, float]:
    await asyncio.sleep(warmup)
    start_count, start = counter[0], time.perf_counter()
    await asyncio.sleep(seconds)
    return {"ops": counter[0] - start_count, "seconds": time.perf_counter() - start}


async def _steady(
    opts: argparse.Namespace, make: type[_Client], payload: bytes
) -> dict[str, float]:
    loop = asyncio.get_running_loop()
    counter = [0]
    clients = []
    for _ in range(opts.clients):
        _, proto = await loop.create_connection(
            lambda: make(payload, counter), "127.0.0.1", opts.port
        )
        clients.append(proto)
    result = await _measure(counter, opts.warmup, opts.seconds)
    for c in clients:
        if c.transport is not None:
            c.transport.abort()
    return result


async def _connect(opts: argparse.Namespace) -> dict[str, float]:
    payload = b"x" * opts.size
    counter = [0]

    async def worker() -> None:
        while True:
            reader, writer = await asyncio.open_connection("127.0.0.1", opts.port)
            writer.write(payload)
            await reader.readexactly(len(payload))
            writer.close()
            await writer.wait_closed()
            counter[0] += 1

    tasks = [asyncio.ensure_future(worker()) for _ in range(opts.clients)]
    result = await _measure(counter, opts.warmup, opts.seconds)
    for t in tasks:
        t.cancel()
    for t in tasks:
        if not t.cancelled() and t.done() and t.exception() is not None:
            raise SystemExit(f"connect worker failed: {t.exception()!r}")
    return result


def _rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise SystemExit(f"no VmRSS for pid {pid}")


async def _idle(opts: argparse.Namespace) -> dict[str, float]:
    payload = b"x" * opts.size
    await asyncio.sleep(opts.warmup)
    before = _rss_mib(opts.server_pid)
    conns = []
    for _ in range(opts.clients):
        reader, writer = await asyncio.open_connection("127.0.0.1", opts.port)
        writer.write(payload)
        await reader.readexactly(len(payload))  # the server has accepted and served it
        conns.append(writer)
    await asyncio.sleep(0.2)
    grown = _rss_mib(opts.server_pid) - before
    for w in conns:
        w.transport.abort()
    return {"ops": opts.clients, "seconds": max(grown, 1 / 1024)}


async def _http(opts: argparse.Namespace) -> dict[str, float]:
    """wrk when installed (``BENCH_LOADGEN=python`` forces the Python client), else ours."""
    from benchmarks import loadgen_wrk

    if os.environ.get("BENCH_LOADGEN") != "python" and loadgen_wrk.wrk_path() is not None:
        try:
            return await asyncio.to_thread(
                loadgen_wrk.run_wrk, opts.port, opts.path, opts.clients, opts.seconds, opts.warmup
            )
        except loadgen_wrk.WrkError as e:
            raise SystemExit(str(e)) from None
    request = f"GET {opts.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    return await _steady(opts, _HTTPClient, request)


async def _main(opts: argparse.Namespace) -> dict[str, float]:
    if opts.mode == "echo":
        return await _steady(opts, _Client, b"x" * opts.size)
    if opts.mode == "http":
        return await _http(opts)
    if opts.mode == "connect":
        return await _connect(opts)
    return await _idle(opts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", choices=("echo", "connect", "http", "idle"), default="echo")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--path", default="/")
    parser.add_argument("--server-pid", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--warmup", type=float, default=0.5)
    opts = parser.parse_args()
    try:
        import uvloop

        result = uvloop.run(_main(opts))
    except ImportError:
        result = asyncio.run(_main(opts))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
