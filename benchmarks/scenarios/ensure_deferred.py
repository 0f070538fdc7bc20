"""ensureDeferred round trip: a coroutine awaits an unfired Deferred, which is then fired."""

from _bench import args, timed
from twisted.internet.defer import Deferred, ensureDeferred


async def waiter(d):
    result = await d
    return result + 1


def run(n):
    for _ in range(n):
        d = Deferred()
        ensureDeferred(waiter(d))
        d.callback(1)


timed(run, args(100_000).n)
