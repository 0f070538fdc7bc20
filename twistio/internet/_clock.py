"""task.Clock: a deterministic IReactorTime whose time moves only when told to."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from zope.interface import implementer

from twistio.internet._delayedcall import DelayedCall
from twistio.internet.interfaces import IReactorTime

__name__ = "twisted.internet.task"


def _call_time(call: DelayedCall) -> float:
    return call.getTime()


@implementer(IReactorTime)
class Clock:
    """A fake clock for tests: :meth:`advance` moves time and runs what came due.

    Calls due at the same time run in the order they were scheduled (the sort is stable).
    Exceptions raised by a call propagate out of :meth:`advance`.
    """

    rightNow = 0.0

    def __init__(self) -> None:
        self.calls: list[DelayedCall] = []

    def seconds(self) -> float:
        """The current fake time (starts at 0.0)."""
        return self.rightNow

    def _sortCalls(self) -> None:
        self.calls.sort(key=_call_time)

    def callLater(
        self, delay: float, callable: Callable[..., object], *args: object, **kw: object
    ) -> DelayedCall:
        """Schedule ``callable(*args, **kw)`` ``delay`` seconds from the current fake time."""
        call = DelayedCall(
            self.seconds() + delay,
            callable,
            args,
            kw,
            self.calls.remove,
            _no_reset,
            self.seconds,
        )
        self.calls.append(call)
        self._sortCalls()
        return call

    def getDelayedCalls(self) -> list[DelayedCall]:
        """The calls still scheduled."""
        return self.calls

    def advance(self, amount: float) -> None:
        """Move time forward by ``amount`` and run every call due by then, in time order."""
        self.rightNow += amount
        self._sortCalls()
        calls = self.calls
        while calls and calls[0].getTime() <= self.seconds():
            call = calls.pop(0)
            call.called = 1
            call.func(*call.args, **call.kw)
            self._sortCalls()

    def pump(self, timings: Iterable[float]) -> None:
        """:meth:`advance` by each amount in ``timings`` in turn."""
        for amount in timings:
            self.advance(amount)


def _no_reset(call: Any) -> None:
    # The clock re-sorts before running anything, so a moved call needs no bookkeeping.
    return None
