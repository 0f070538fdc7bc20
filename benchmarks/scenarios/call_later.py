"""callLater throughput: N calls scheduled at once (delays 0..0.9 ms), run by the reactor.

A warm-up batch runs first; when its last call fires the timed batch is scheduled, and the
reactor stops when the timed batch's last call fires (reactors cannot be restarted).
"""

import time

from _bench import args, choose_reactor, report

choose_reactor()

from twisted.internet import reactor  # noqa: E402

n = args(100_000).n
state = {"left": 0, "phase": "warmup", "start": 0.0}


def tick():
    state["left"] -= 1
    if state["left"]:
        return
    if state["phase"] == "warmup":
        state["phase"] = "timed"
        state["start"] = time.perf_counter()
        schedule(n)
    else:
        report(n, time.perf_counter() - state["start"])
        reactor.stop()


def schedule(count):
    state["left"] = count
    for i in range(count):
        reactor.callLater((i % 10) * 0.0001, tick)


reactor.callWhenRunning(schedule, max(1, n // 10))
reactor.run()
