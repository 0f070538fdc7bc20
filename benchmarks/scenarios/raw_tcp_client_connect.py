"""The practical limit for tcp_client_connect: asyncio.Protocol clients made with
loop.create_connection, one 100 B round trip, close; 10 at a time, on uvloop or asyncio,
against the same echo target."""

import asyncio
import os
import sys
import time

from _bench import args, report, run_on_loop, start_target

opts = args(5_000, concurrency=10, size=100, loop="uvloop")
target, info = start_target(
    "_echo_target.py", os.environ.get("BENCH_TARGET_PYTHON", sys.executable)
)
port = info["port"]
PAYLOAD = b"x" * opts.size


class Once(asyncio.Protocol):
    def __init__(self, done):
        self.done = done
        self.got = 0

    def connection_made(self, transport):
        self.transport = transport
        transport.write(PAYLOAD)

    def data_received(self, data):
        self.got += len(data)
        if self.got >= opts.size:
            self.transport.close()

    def connection_lost(self, exc):
        self.done.set_result(None)


async def worker(count):
    loop = asyncio.get_running_loop()
    for _ in range(count):
        done = loop.create_future()
        await loop.create_connection(lambda done=done: Once(done), "127.0.0.1", port)
        await done


async def batch(n):
    per = max(1, n // opts.concurrency)
    await asyncio.gather(*(worker(per) for _ in range(opts.concurrency)))


async def main():
    await batch(max(opts.concurrency, opts.n // 10))
    cpu = time.process_time()  # this process only: the target server is another
    start = time.perf_counter()
    await batch(opts.n)
    seconds = time.perf_counter() - start
    ops = max(1, opts.n // opts.concurrency) * opts.concurrency
    report(ops, seconds, cpu_us=round((time.process_time() - cpu) / ops * 1e6, 1))


run_on_loop(main, opts.loop, target)
