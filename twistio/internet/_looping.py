"""task.LoopingCall and task.deferLater."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from twistio.python.deprecate import deprecatedProperty
from twistio.python.failure import Failure
from twistio.python.versions import Version

__name__ = "twisted.internet.task"


def _callable_name(f: Callable[..., object]) -> str:
    return str(getattr(f, "__qualname__", None) or getattr(f, "__name__", None) or repr(f))


class LoopingCall:
    """Calls ``f(*a, **kw)`` every ``interval`` seconds on ``clock`` (the reactor by default).

    Calls stay aligned to ``starttime + n * interval``: a call that runs late, or a Deferred
    returned by ``f`` that fires late, makes the next call happen at the next boundary (the
    skipped ones are lost; :meth:`withCount` reports how many intervals elapsed).  If ``f``
    returns a Deferred, the next call waits for it.  The Deferred from :meth:`start` fires
    with this LoopingCall when stopped, or fails with ``f``'s failure.
    """

    call: Any = None
    running = False
    _deferred: Any = None
    interval: float | None = None
    _runAtStart = False
    starttime: float | None = None
    _realLastTime: float | None = None

    def __init__(self, f: Callable[..., object], *a: object, **kw: object) -> None:
        self.f = f
        self.a = a
        self.kw = kw
        from twistio.internet import reactor

        self.clock: Any = reactor

    @deprecatedProperty(Version("Twisted", 16, 0, 0), "the deferred returned by start()")
    def deferred(self) -> Any:
        """The Deferred returned by the current :meth:`start` (``None`` when not running)."""
        return self._deferred

    @classmethod
    def withCount(cls, countCallable: Callable[[int], object]) -> LoopingCall:
        """A LoopingCall calling ``countCallable(n)``, n = intervals elapsed since last call."""

        def counted() -> object:
            now = loop.clock.seconds()
            if loop.interval == 0:
                loop._realLastTime = now
                return countCallable(1)
            last = loop._realLastTime
            if last is None:
                assert loop.starttime is not None
                last = loop.starttime
                if loop._runAtStart:
                    # The call at start counts as the first interval.
                    assert loop.interval is not None
                    last -= loop.interval
            elapsed = loop._intervalOf(now) - loop._intervalOf(last)
            if elapsed > 0:
                loop._realLastTime = now
                return countCallable(elapsed)
            return None

        loop = cls(counted)
        loop._realLastTime = None
        return loop

    def _intervalOf(self, t: float) -> int:
        # Which interval (counting from starttime) the time t falls into.
        assert self.starttime is not None and self.interval
        return int((t - self.starttime) / self.interval)

    def start(self, interval: float, now: bool = True) -> Any:
        """Start calling every ``interval`` seconds (first call now if ``now``)."""
        from twistio.internet.defer import Deferred

        assert not self.running, "Tried to start an already running LoopingCall."
        if interval < 0:
            raise ValueError("interval must be >= 0")
        self.running = True
        deferred = self._deferred = Deferred()
        self.starttime = self.clock.seconds()
        self.interval = interval
        self._runAtStart = now
        if now:
            self()
        else:
            self._scheduleFrom(self.starttime)
        return deferred

    def stop(self) -> None:
        """Stop; the Deferred from start() fires with this LoopingCall."""
        assert self.running, "Tried to stop a LoopingCall that was not running."
        self.running = False
        if self.call is not None:
            self.call.cancel()
            self.call = None
            d, self._deferred = self._deferred, None
            d.callback(self)

    def reset(self) -> None:
        """Restart the interval timing from now (the next call is one interval away)."""
        assert self.running, "Tried to reset a LoopingCall that was not running."
        if self.call is not None:
            self.call.cancel()
            self.call = None
            self.starttime = self.clock.seconds()
            self._scheduleFrom(self.starttime)

    def __call__(self) -> None:
        from twistio.internet.defer import maybeDeferred

        def succeeded(result: object) -> None:
            if self.running:
                self._scheduleFrom(self.clock.seconds())
            else:
                d, self._deferred = self._deferred, None
                d.callback(self)

        def failed(reason: Failure) -> None:
            self.running = False
            d, self._deferred = self._deferred, None
            d.errback(reason)

        self.call = None
        d = maybeDeferred(self.f, *self.a, **self.kw)
        d.addCallback(succeeded)
        d.addErrback(failed)

    def _scheduleFrom(self, when: float) -> None:
        """Schedule the next call at the first interval boundary after ``when``."""
        assert self.interval is not None and self.starttime is not None
        if self.interval == 0:
            delay = 0.0
        else:
            into = (when - self.starttime) % self.interval
            delay = self.interval - into
            if when + delay == when:
                # The remainder is below float resolution at this magnitude: we are on a
                # boundary, so wait for the whole next interval.
                delay = self.interval
        self.call = self.clock.callLater(delay, self)

    def __repr__(self) -> str:
        return (
            f"LoopingCall<{self.interval!r}>({_callable_name(self.f)}, *{self.a!r}, **{self.kw!r})"
        )


def deferLater(
    clock: Any,
    delay: float,
    callable: Callable[..., Any] | None = None,
    *args: object,
    **kw: object,
) -> Any:
    """A Deferred firing with ``callable(*args, **kw)`` (or None) after ``delay`` on ``clock``.

    Cancelling the Deferred cancels the scheduled call.
    """
    from twistio.internet.defer import Deferred

    def cancel(deferred: Any) -> None:
        delayed.cancel()

    def run(ignored: object) -> Any:
        if callable is None:
            return None
        return callable(*args, **kw)

    d: Any = Deferred(cancel)
    d.addCallback(run)
    delayed = clock.callLater(delay, d.callback, None)
    return d
