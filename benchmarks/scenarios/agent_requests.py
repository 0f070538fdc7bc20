"""Agent requests/s: GET with readBody over a persistent pool, 10 requests in flight.

The target is a plain asyncio server in another process (scenarios/_http_target.py), so the
client is the only thing that differs between implementations.
"""

import time

from _bench import args, choose_reactor, in_flight, report, start_target

choose_reactor()

from twisted.internet import reactor  # noqa: E402
from twisted.internet.defer import inlineCallbacks  # noqa: E402
from twisted.web.client import Agent, HTTPConnectionPool, readBody  # noqa: E402

opts = args(5_000, concurrency=10)
target, info = start_target("_http_target.py")
port = info["port"]
url = b"http://127.0.0.1:%d/" % (port,)
pool = HTTPConnectionPool(reactor)
pool.maxPersistentPerHost = opts.concurrency
agent = Agent(reactor, pool=pool)


@inlineCallbacks
def one():
    response = yield agent.request(b"GET", url)
    yield readBody(response)


def batch(n):
    return in_flight(one, n, opts.concurrency)


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
