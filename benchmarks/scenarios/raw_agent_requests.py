"""The practical limit for agent_requests: aiohttp's client (keep-alive pool, 10 in flight)
against the same plain-asyncio target, on uvloop or asyncio."""

import asyncio
import time

import aiohttp
from _bench import args, report, run_on_loop, start_target

opts = args(5_000, concurrency=10, loop="uvloop")
target, info = start_target("_http_target.py")
port = info["port"]
url = f"http://127.0.0.1:{port}/"


async def main():
    connector = aiohttp.TCPConnector(limit=opts.concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker(count):
            for _ in range(count):
                async with session.get(url) as response:
                    await response.read()

        async def batch(n):
            per = max(1, n // opts.concurrency)
            await asyncio.gather(*(worker(per) for _ in range(opts.concurrency)))
            return per * opts.concurrency

        await batch(max(opts.concurrency, opts.n // 10))
        start = time.perf_counter()
        done = await batch(opts.n)
        report(done, time.perf_counter() - start)


run_on_loop(main, opts.loop, target)
