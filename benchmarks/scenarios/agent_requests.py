"""Agent requests/s: GET with readBody over a persistent pool, 10 requests in flight.

The target is a plain asyncio server in another process (scenarios/_http_target.py), so the
client is the only thing that differs between implementations.
"""

import json
import os
import subprocess
import sys
import time

from _bench import args, choose_reactor, report

choose_reactor()

from twisted.internet import reactor  # noqa: E402
from twisted.internet.defer import DeferredList, inlineCallbacks  # noqa: E402
from twisted.web.client import Agent, HTTPConnectionPool, readBody  # noqa: E402

opts = args(5_000, concurrency=10)
target = subprocess.Popen(
    [sys.executable, os.path.join(os.path.dirname(__file__), "_http_target.py"), "300"],
    stdout=subprocess.PIPE,
)
port = json.loads(target.stdout.readline())["port"]
url = b"http://127.0.0.1:%d/" % (port,)
pool = HTTPConnectionPool(reactor)
pool.maxPersistentPerHost = opts.concurrency
agent = Agent(reactor, pool=pool)


@inlineCallbacks
def worker(count):
    for _ in range(count):
        response = yield agent.request(b"GET", url)
        yield readBody(response)


def batch(n):
    per = max(1, n // opts.concurrency)
    return DeferredList([worker(per) for _ in range(opts.concurrency)], fireOnOneErrback=True)


@inlineCallbacks
def main():
    try:
        yield batch(max(opts.concurrency, opts.n // 10))
        start = time.perf_counter()
        yield batch(opts.n)
        seconds = time.perf_counter() - start
        report(max(1, opts.n // opts.concurrency) * opts.concurrency, seconds)
        yield pool.closeCachedConnections()
    finally:
        target.terminate()
        target.wait()
        reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
