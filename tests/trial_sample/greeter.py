"""The code under test: a line protocol that greets, and a ticker driven by a clock."""

from __future__ import annotations

from typing import Any

from twisted.internet import defer, task
from twisted.protocols import basic


class Greeter(basic.LineReceiver):
    """Answers ``hello NAME`` with ``hi NAME``, and anything else with ``what?``."""

    delimiter = b"\n"

    def lineReceived(self, line: bytes) -> None:
        if line.startswith(b"hello "):
            self.sendLine(b"hi " + line[len(b"hello ") :])
        elif line == b"bye":
            self.sendLine(b"bye")
            self.transport.loseConnection()
        else:
            self.sendLine(b"what?")


class Ticker:
    """Counts ticks every ``interval`` seconds on ``clock`` until ``stop()``."""

    def __init__(self, clock: Any, interval: float) -> None:
        self.ticks = 0
        self._loop = task.LoopingCall(self._tick)
        self._loop.clock = clock
        self._interval = interval

    def _tick(self) -> None:
        self.ticks += 1

    def start(self) -> defer.Deferred[Any]:
        return self._loop.start(self._interval, now=False)

    def stop(self) -> None:
        self._loop.stop()


def slowDouble(clock: Any, n: int, delay: float = 1.0) -> defer.Deferred[int]:
    """``2 * n``, ``delay`` seconds later on ``clock``."""
    return task.deferLater(clock, delay, lambda: 2 * n)
