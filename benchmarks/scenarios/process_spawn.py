"""Process spawn-and-collect rate: N short children (``/bin/true``-like), 8 in flight.

Each child is started with ``reactor.spawnProcess``; its end (``processEnded``) starts the next
one until N have ended.  A warm-up batch of N/10 runs first, untimed.
"""

import shutil
import sys
import time

from _bench import args, choose_reactor, report

choose_reactor()

from twisted.internet import protocol, reactor  # noqa: E402

opts = args(300, in_flight=8)
n = opts.n
EXE = shutil.which("true") or sys.executable
ARGV = [EXE] if EXE != sys.executable else [EXE, "-c", ""]
state = {"started": 0, "ended": 0, "target": 0, "phase": "warmup", "start": 0.0}


class Child(protocol.ProcessProtocol):
    def processEnded(self, reason):
        if reason.value.exitCode != 0:
            print(f"child failed: {reason.value}", file=sys.stderr)
            reactor.stop()
            return
        state["ended"] += 1
        if state["ended"] == state["target"]:
            finished()
        elif state["started"] < state["target"]:
            spawn()


def spawn():
    state["started"] += 1
    reactor.spawnProcess(Child(), EXE, ARGV, env={})


def batch(count):
    state["started"] = state["ended"] = 0
    state["target"] = count
    for _ in range(min(opts.in_flight, count)):
        spawn()


def finished():
    if state["phase"] == "warmup":
        state["phase"] = "timed"
        state["start"] = time.perf_counter()
        batch(n)
    else:
        report(n, time.perf_counter() - state["start"])
        reactor.stop()


reactor.callWhenRunning(batch, max(1, n // 10))
reactor.run()
