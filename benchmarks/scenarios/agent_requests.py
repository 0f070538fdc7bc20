"""Agent requests/s: GET with readBody over a persistent pool, 10 requests in flight.

The target is a plain asyncio server in another process (scenarios/_http_target.py), so the
client is the only thing that differs between implementations.
"""

from _bench import args, choose_reactor, start_target, timed_in_flight

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


@inlineCallbacks
def main():
    try:
        yield timed_in_flight(one, opts.n, opts.concurrency)
        yield pool.closeCachedConnections()
    finally:
        target.terminate()
        target.wait()
        reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
