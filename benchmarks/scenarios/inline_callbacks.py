"""inlineCallbacks round trip: the generator waits on an unfired Deferred, which is then fired."""

from _bench import args, timed
from twisted.internet.defer import Deferred, inlineCallbacks


@inlineCallbacks
def waiter(d):
    result = yield d
    return result + 1


def run(n):
    for _ in range(n):
        d = Deferred()
        waiter(d)
        d.callback(1)


timed(run, args(100_000).n)
