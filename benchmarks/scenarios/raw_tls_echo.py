"""The practical limit for tls_echo: asyncio streams with the stdlib ssl module, 10
connections, against the same TLS target, on uvloop or asyncio."""

import asyncio
import ssl
import time

from _bench import args, report, run_on_loop, start_target

opts = args(20_000, concurrency=10, size=16384, loop="uvloop")
target, info = start_target("_tls_target.py")
context = ssl.create_default_context(cafile=info["cert"])
PAYLOAD = b"x" * opts.size


async def main():
    conns = [
        await asyncio.open_connection(
            "127.0.0.1", info["port"], ssl=context, server_hostname="localhost"
        )
        for _ in range(opts.concurrency)
    ]

    async def pinger(reader, writer, count):
        for _ in range(count):
            writer.write(PAYLOAD)
            await reader.readexactly(opts.size)

    per = max(1, opts.n // opts.concurrency)
    await asyncio.gather(*(pinger(r, w, max(1, per // 10)) for r, w in conns))
    start = time.perf_counter()
    await asyncio.gather(*(pinger(r, w, per) for r, w in conns))
    report(per * opts.concurrency, time.perf_counter() - start)
    for _, w in conns:
        w.close()


run_on_loop(main, opts.loop, target)
