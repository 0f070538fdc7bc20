"""Deferred create + 3 callbacks + fire, in a tight loop."""

from _bench import args, timed
from twisted.internet.defer import Deferred


def add_one(result):
    return result + 1


def run(n):
    for _ in range(n):
        d = Deferred()
        d.addCallback(add_one)
        d.addCallback(add_one)
        d.addCallback(add_one)
        d.callback(0)


timed(run, args(200_000).n)
