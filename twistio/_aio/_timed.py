"""The asyncio reactor's timed calls (``callLater``): one loop timer over a heap of times.

Layout
    ``_timed`` is a heap of wall-clock times (plain floats) and ``_byTime`` maps each time to
    the call filed under it, or to a list of calls in scheduling order when several share
    that exact time.  One loop timer (``loop.call_at``) is armed for the earliest time.
    asyncio's per-call TimerHandle (a libuv timer each, on uvloop, rounded to milliseconds)
    costs several times what Twisted pays per callLater and cannot keep Twisted's order for
    calls less than a millisecond apart.

Why floats
    A heap of floats compares faster than one of tuples, and floats are not tracked by the
    garbage collector: each callLater then adds one tracked object (the DelayedCall), not
    two, and collections, which run per so many tracked allocations, come half as often.

Stale entries
    A cancelled or moved call is taken out of ``_byTime`` at once; its heap time stays and is
    skipped when popped (no call filed there), and the heap is rebuilt from ``_byTime`` when
    stale times outnumber live ones.  A call postponed by ``reset``/``delay`` keeps its place
    and is refiled at its new time when its old one comes up, as in Twisted.

Order
    Calls run in time order; calls for the same time in the order they were scheduled (a
    moved call counts as scheduled when it moved).  Each call runs in a copy of the
    contextvars context current when it was scheduled (a fresh empty context when that was
    empty, which saves keeping one object per call).
"""

from __future__ import annotations

import asyncio
import contextvars
import heapq
import time as _timemod
import traceback
from collections.abc import Callable
from typing import Any

from twistio.internet._delayedcall import DelayedCall
from twistio.logger import Logger
from twistio.python import log

__name__ = "twisted.internet.base"

_log = Logger(namespace="twisted.internet.base")
_time = _timemod.time
_heappush = heapq.heappush
_heappop = heapq.heappop
_copy_context = contextvars.copy_context
_Context = contextvars.Context
_INF = float("inf")
_list = list


class _TimedCall(DelayedCall):
    """A DelayedCall as the asyncio reactor schedules it.

    ``_when`` is the time it is filed under in the reactor's table (``time`` itself may
    already say a new time while the reactor is told of a reset), ``_ctx`` the contextvars
    context it runs in.  All attributes are set here, in one place and one order, so
    instances keep CPython's shared-key dictionaries.
    """

    def __init__(
        self,
        time: float,
        func: Callable[..., Any],
        args: Any,
        kw: dict[str, Any],
        cancel: Callable[[Any], None],
        reset: Callable[[Any], None],
        seconds: Callable[[], float],
    ) -> None:
        self.time = time
        self.func = func
        self.args = args
        self.kw = kw
        self.resetter = reset
        self.canceller = cancel
        self.seconds = seconds
        self.cancelled = 0
        self.called = 0
        self.delayed_time = 0
        self._when = time
        ctx = _copy_context()
        self._ctx = ctx if len(ctx) else None
        if self.debug:
            self.creator = traceback.format_stack()[:-2]


class TimedCalls:
    """``callLater``/``getDelayedCalls`` for a reactor over ``_asyncioEventloop``.

    The reactor calls :meth:`_initTimedCalls` from its constructor, :meth:`_rearm` when it
    changes loops, and provides ``seconds``, ``_started`` and ``_followRunningLoop``.
    """

    _asyncioEventloop: asyncio.AbstractEventLoop
    _started: bool

    def seconds(self) -> float:
        """Wall-clock time, like Twisted's reactors (``time.time()``)."""
        return _time()

    def _followRunningLoop(self) -> None:
        raise NotImplementedError

    def _initTimedCalls(self) -> None:
        # Bound once: a bound method made per callLater is one more object per call for the
        # garbage collector to track (``seconds`` stays patchable: tests replace it).
        self._cancelBound = self._cancelCall
        self._moveBound = self._moveCall
        if type(self).seconds is TimedCalls.seconds:
            # time.time itself: a C call where a method would add a Python frame per
            # callLater and per timer pass.
            self.seconds = _time  # type: ignore[method-assign]
        else:
            self.seconds = self.seconds  # type: ignore[method-assign]
        self._timed: list[float] = []
        self._byTime: dict[float, Any] = {}
        #: Lists of same-time calls being run (see _runTimed); an entry becomes None once
        #: the call ran or was cancelled or moved meanwhile.
        self._runningBuckets: list[list[Any]] = []
        self._timer: asyncio.TimerHandle | None = None
        self._armedFor = _INF

    def _loopTime(self, when: float) -> float:
        # The one wall-clock -> loop-clock conversion.
        return self._asyncioEventloop.time() + (when - _time())

    def callLater(
        self, delay: float, callable: Callable[..., Any], *args: Any, **kw: Any
    ) -> DelayedCall:
        """Call ``callable(*args, **kw)`` in ``delay`` seconds; returns an IDelayedCall."""
        seconds = self.seconds
        when = seconds() + delay
        call = _TimedCall(when, callable, args, kw, self._cancelBound, self._moveBound, seconds)
        byTime = self._byTime
        filed = byTime.get(when)
        if filed is None:
            byTime[when] = call
            _heappush(self._timed, when)
            if when < self._armedFor:
                self._arm(when)
        elif filed.__class__ is _list:
            filed.append(call)
        else:
            byTime[when] = [filed, call]
        return call

    def _file(self, call: _TimedCall) -> None:
        """File ``call`` under its (new) time, after any call already filed there."""
        when = call._when = call.time
        byTime = self._byTime
        filed = byTime.get(when)
        if filed is None:
            byTime[when] = call
            _heappush(self._timed, when)
            if when < self._armedFor:
                self._arm(when)
        elif filed.__class__ is _list:
            filed.append(call)
        else:
            byTime[when] = [filed, call]

    def _unfile(self, call: _TimedCall) -> None:
        """Take ``call`` out of the table (or out of a same-time list being run)."""
        byTime = self._byTime
        when = call._when
        filed = byTime.get(when)
        if filed is call:
            del byTime[when]
            return
        if filed.__class__ is _list and call in filed:
            filed.remove(call)
            if not filed:
                del byTime[when]
            return
        for bucket in self._runningBuckets:
            for i, other in enumerate(bucket):
                if other is call:
                    bucket[i] = None
                    return

    def _arm(self, when: float) -> None:
        if not self._started:
            # Timers made inside asyncio.run() before (or without) reactor.run() fire there.
            self._followRunningLoop()
        timer = self._timer
        if timer is not None:
            timer.cancel()
        self._armedFor = when
        self._timer = self._asyncioEventloop.call_at(self._loopTime(when), self._runTimed)

    def _rearm(self) -> None:
        """Drop the loop timer and arm a new one (on the reactor's current loop)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._armedFor = _INF
        if self._timed:
            self._arm(self._timed[0])

    def _runDue(self) -> None:
        """Run the timed calls already due, if any (after thread calls, as in Twisted)."""
        timed = self._timed
        if timed and timed[0] <= self.seconds():
            self._runTimed()

    def _runTimed(self) -> None:
        if self._timer is not None:
            # Also reached from _runDue, ahead of the armed timer.
            self._timer.cancel()
        self._timer = None
        self._armedFor = _INF
        heap = self._timed
        byTime = self._byTime
        now = self.seconds()
        while heap and heap[0] <= now:
            filed = byTime.pop(_heappop(heap), None)
            if filed is None:
                continue  # a stale time: its calls were cancelled or moved
            if filed.__class__ is not _list:
                # _fire, inlined for the common case of one call per time.
                if filed.delayed_time:
                    filed.activate_delay()
                    self._file(filed)
                    continue
                filed.called = 1
                ctx = filed._ctx
                try:
                    if ctx is None:
                        _Context().run(filed.func, *filed.args, **filed.kw)
                    else:
                        ctx.run(filed.func, *filed.args, **filed.kw)
                except BaseException:
                    self._failed(filed)
                continue
            running = self._runningBuckets
            running.append(filed)
            try:
                for i in range(len(filed)):
                    call = filed[i]
                    if call is not None:
                        filed[i] = None
                        self._fire(call)
            finally:
                running.remove(filed)
        if heap and self._timer is None:
            self._arm(heap[0])

    def _fire(self, call: _TimedCall) -> None:
        if call.delayed_time:
            # Postponed by reset()/delay(): refile at the real time.
            call.activate_delay()
            self._file(call)
            return
        call.called = 1
        ctx = call._ctx
        if ctx is None:
            ctx = _Context()
        try:
            ctx.run(call.func, *call.args, **call.kw)
        except BaseException:
            self._failed(call)

    def _failed(self, call: _TimedCall) -> None:
        # Called from an except block: logs the exception being handled.
        _log.failure("while handling timed call")
        if call.creator is not None:
            log.msg(
                " C: previous exception occurred in a call created at:\n" + "".join(call.creator)
            )

    def _cancelCall(self, call: Any) -> None:
        self._unfile(call)
        heap = self._timed
        byTime = self._byTime
        if len(heap) > 64 and len(byTime) * 2 < len(heap):
            # Mostly stale times: rebuild the heap from the live ones.
            heap[:] = byTime
            heapq.heapify(heap)

    def _moveCall(self, call: Any) -> None:
        if call.delayed_time > 0:
            # Later than scheduled: the call stays filed and is refiled when it comes up.
            return
        call.activate_delay()
        self._unfile(call)
        self._file(call)

    def getDelayedCalls(self) -> list[DelayedCall]:
        """The scheduled calls not yet run or cancelled."""
        calls: list[DelayedCall] = []
        for bucket in self._runningBuckets:
            calls.extend(c for c in bucket if c is not None)
        for filed in self._byTime.values():
            if filed.__class__ is _list:
                calls.extend(filed)
            else:
                calls.append(filed)
        return calls
