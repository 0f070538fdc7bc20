"""Load generator for the server scenarios (plain asyncio on uvloop, the same for every server).

``python -m benchmarks.loadgen --port P --clients C --size S --seconds T [--warmup W]``: C
connections to 127.0.0.1:P each send S bytes, wait for S bytes back, and repeat; round trips
completed in the T seconds after a W-second warm-up are reported as ``{"ops": N, "seconds": T}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time


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


async def _main(opts: argparse.Namespace) -> dict[str, float]:
    loop = asyncio.get_running_loop()
    payload = b"x" * opts.size
    counter = [0]
    clients = []
    for _ in range(opts.clients):
        _, proto = await loop.create_connection(
            lambda: _Client(payload, counter), "127.0.0.1", opts.port
        )
        clients.append(proto)
    await asyncio.sleep(opts.warmup)
    start_count, start = counter[0], time.perf_counter()
    await asyncio.sleep(opts.seconds)
    ops, seconds = counter[0] - start_count, time.perf_counter() - start
    for c in clients:
        if c.transport is not None:
            c.transport.abort()
    return {"ops": ops, "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--size", type=int, default=100)
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
