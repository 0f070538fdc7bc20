"""ReactorBase: the loop-independent half of a reactor.

System event triggers, ``run``/``stop``/``crash`` bookkeeping, ``callWhenRunning``, the thread
pool, signal handlers and the pluggable resolvers live here.  A concrete reactor (the asyncio
one in ``twistio._aio.reactor``) supplies the event loop: ``_runLoop``, ``_stopLoop``,
``callLater``/``getDelayedCalls``, ``callFromThread`` and ``doIteration``.  The plain
implementations below of those pieces (a list of timed calls, a queue of thread calls) keep
ReactorBase usable on its own for tests that subclass it.
"""

from __future__ import annotations

import signal
import socket
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from zope.interface import implementer

from twistio.internet import error
from twistio.internet._delayedcall import DelayedCall
from twistio.internet._events import _ThreePhaseEvent
from twistio.internet._resolver import (
    ComplexResolverSimplifier,
    GAIResolver,
    SimpleResolverComplexifier,
)
from twistio.internet.abstract import isIPAddress, isIPv6Address
from twistio.internet.interfaces import (
    IReactorCore,
    IReactorPluggableNameResolver,
    IReactorPluggableResolver,
    IReactorThreads,
    IReactorTime,
    IResolverSimple,
    _ISupportsExitSignalCapturing,
)
from twistio.python import log, threadable
from twistio.python.threadpool import ThreadPool

__name__ = "twisted.internet.base"


@implementer(IResolverSimple)
class ThreadedResolver:
    """Resolves names with ``socket.gethostbyname`` in the reactor's thread pool.

    The Deferred fails with DNSLookupError if the lookup fails or takes longer than the sum
    of ``timeout``.
    """

    def __init__(self, reactor: Any) -> None:
        self.reactor = reactor
        self._runningQueries: dict[Any, tuple[Any, Any]] = {}

    def _lookupError(self, name: str, err: str) -> error.DNSLookupError:
        return error.DNSLookupError(f"address {name!r} not found: {err}")

    def _fail(self, name: str, err: str) -> Any:
        from twistio.internet.defer import fail

        return fail(self._lookupError(name, err))

    def _cleanup(self, name: str, lookupDeferred: Any) -> None:
        userDeferred, cancelCall = self._runningQueries.pop(lookupDeferred)
        self._fail(name, "timeout error").chainDeferred(userDeferred)

    def _checkTimeout(self, result: Any, name: str, lookupDeferred: Any) -> None:
        try:
            userDeferred, cancelCall = self._runningQueries.pop(lookupDeferred)
        except KeyError:
            # Already timed out; the late answer is dropped.
            return
        cancelCall.cancel()
        from twistio.python.failure import Failure

        if isinstance(result, Failure):
            userDeferred.errback(Failure(self._lookupError(name, result.getErrorMessage())))
        else:
            userDeferred.callback(result)

    def getHostByName(self, name: str, timeout: Sequence[int] = (1, 3, 11, 45)) -> Any:
        from twistio.internet.defer import Deferred
        from twistio.internet.threads import deferToThreadPool

        if timeout:
            timeoutDelay = sum(timeout)
        else:
            timeoutDelay = 60
        userDeferred: Any = Deferred()
        lookupDeferred = deferToThreadPool(
            self.reactor, self.reactor.getThreadPool(), socket.gethostbyname, name
        )
        cancelCall = self.reactor.callLater(timeoutDelay, self._cleanup, name, lookupDeferred)
        self._runningQueries[lookupDeferred] = (userDeferred, cancelCall)
        lookupDeferred.addBoth(self._checkTimeout, name, lookupDeferred)
        return userDeferred


@implementer(IResolverSimple)
class BlockingResolver:
    """Resolves names with a blocking ``socket.gethostbyname`` call."""

    def getHostByName(self, name: str, timeout: Sequence[int] = (1, 3, 11, 45)) -> Any:
        from twistio.internet import defer

        try:
            address = socket.gethostbyname(name)
        except OSError:
            msg = f"address {name!r} not found"
            return defer.fail(error.DNSLookupError(msg))
        return defer.succeed(address)


@implementer(
    IReactorCore,
    IReactorTime,
    IReactorPluggableResolver,
    IReactorPluggableNameResolver,
    IReactorThreads,
    _ISupportsExitSignalCapturing,
)
class ReactorBase:
    """Loop-independent reactor machinery (see the module docstring)."""

    _registerAsIOThread = True
    _stopped = True
    installed = False
    usingThreads = False
    _exitSignal: int | None = None
    running = False
    _started = False
    _justStopped = False
    _startedBefore = False
    threadpool: ThreadPool | None = None
    _threadpoolStartupID: Any = None
    threadpoolShutdownID: Any = None
    _installSignalHandlers = False

    def __init__(self) -> None:
        self.threadCallQueue: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = []
        self._eventTriggers: dict[str, _ThreePhaseEvent] = {}
        self._pendingTimedCalls: list[DelayedCall] = []
        self._nameResolver: Any = GAIResolver(self, self.getThreadPool)
        self.resolver: Any = ComplexResolverSimplifier(self._nameResolver)
        self.running = False
        self.waker: Any = None
        self.addSystemEventTrigger("during", "startup", self._reallyStartRunning)
        self.addSystemEventTrigger("during", "shutdown", self.crash)
        self.addSystemEventTrigger("during", "shutdown", self.disconnectAll)
        self.usingThreads = True
        self.installWaker()

    # -- resolvers -------------------------------------------------------------------------

    def installResolver(self, resolver: Any) -> Any:
        """Use the IResolverSimple ``resolver``; returns the previous one."""
        assert IResolverSimple.providedBy(resolver)
        old = self.resolver
        self.resolver = resolver
        self._nameResolver = SimpleResolverComplexifier(resolver)
        return old

    def installNameResolver(self, resolver: Any) -> Any:
        """Use the IHostnameResolver ``resolver``; returns the previous one."""
        previous = self._nameResolver
        self._nameResolver = resolver
        self.resolver = ComplexResolverSimplifier(resolver)
        return previous

    @property
    def nameResolver(self) -> Any:
        """The IHostnameResolver in use."""
        return self._nameResolver

    def resolve(self, name: str, timeout: Sequence[int] = (1, 3, 11, 45)) -> Any:
        """A Deferred firing with an IP address for ``name``."""
        from twistio.internet import defer

        if not name:
            return defer.succeed("0.0.0.0")
        if isIPAddress(name) or isIPv6Address(name):
            return defer.succeed(name)
        return self.resolver.getHostByName(name, timeout)

    # -- waking and threads ----------------------------------------------------------------

    def installWaker(self) -> None:
        """Hook for reactors that need a way to wake their loop from other threads."""

    def wakeUp(self) -> None:
        """Wake the loop (called from other threads)."""
        if self.waker is not None:
            self.waker.wakeUp()

    def callFromThread(self, f: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Run ``f`` in the reactor thread soon; safe to call from any thread."""
        assert callable(f), f"{f} is not callable"
        self.threadCallQueue.append((f, args, kwargs))
        self.wakeUp()

    def _runThreadCalls(self) -> None:
        count = len(self.threadCallQueue)
        for _ in range(count):
            f, args, kwargs = self.threadCallQueue.pop(0)
            try:
                f(*args, **kwargs)
            except BaseException:
                log.err()

    def _initThreadPool(self) -> None:
        self.threadpool = ThreadPool(0, 10, "twisted.internet.reactor")
        self._threadpoolStartupID = self.callWhenRunning(self.threadpool.start)
        self.threadpoolShutdownID = self.addSystemEventTrigger(
            "during", "shutdown", self._stopThreadPool
        )

    def _stopThreadPool(self) -> None:
        for trigger in (self._threadpoolStartupID, self.threadpoolShutdownID):
            if trigger is not None:
                try:
                    self.removeSystemEventTrigger(trigger)
                except ValueError:
                    pass
        self._threadpoolStartupID = None
        self.threadpoolShutdownID = None
        pool = self.threadpool
        self.threadpool = None
        if pool is not None:
            pool.stop()

    def getThreadPool(self) -> ThreadPool:
        """The reactor's thread pool, created (and started with the reactor) on first use."""
        if self.threadpool is None:
            self._initThreadPool()
            assert self.threadpool is not None
        return self.threadpool

    def callInThread(self, _callable: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Run ``_callable`` in the reactor's thread pool."""
        self.getThreadPool().callInThread(_callable, *args, **kwargs)

    def suggestThreadPoolSize(self, size: int) -> None:
        """Let the thread pool grow to ``size`` threads."""
        self.getThreadPool().adjustPoolsize(maxthreads=size)

    # -- system events ---------------------------------------------------------------------

    def fireSystemEvent(self, eventType: str) -> None:
        """Fire the triggers registered for ``eventType``, phase by phase."""
        event = self._eventTriggers.get(eventType)
        if event is not None:
            event.fireEvent()

    def addSystemEventTrigger(
        self, phase: str, eventType: str, callable: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> Any:
        """Run ``callable`` in ``phase`` (before/during/after) of ``eventType``; returns an ID."""
        assert builtin_callable(callable), f"{callable} is not callable"
        if eventType not in self._eventTriggers:
            self._eventTriggers[eventType] = _ThreePhaseEvent()
        return (
            eventType,
            self._eventTriggers[eventType].addTrigger(phase, callable, *args, **kwargs),
        )

    def removeSystemEventTrigger(self, triggerID: Any) -> None:
        """Remove a trigger added by :meth:`addSystemEventTrigger`."""
        eventType, handle = triggerID
        self._eventTriggers[eventType].removeTrigger(handle)

    def callWhenRunning(self, callable: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call now if running, else once the reactor starts (returns the trigger ID then)."""
        if self.running:
            callable(*args, **kwargs)
            return None
        return self.addSystemEventTrigger("after", "startup", callable, *args, **kwargs)

    # -- running ---------------------------------------------------------------------------

    def startRunning(self, installSignalHandlers: bool = True) -> None:
        """Mark the reactor started and fire the startup event."""
        self._markStarted(installSignalHandlers)
        self.fireSystemEvent("startup")

    def _markStarted(self, installSignalHandlers: bool) -> None:
        if self._started:
            raise error.ReactorAlreadyRunning()
        if self._startedBefore:
            raise error.ReactorNotRestartable()
        self._installSignalHandlers = installSignalHandlers
        self._started = True
        self._stopped = False
        if self._registerAsIOThread:
            threadable.registerAsIOThread()

    def _reallyStartRunning(self) -> None:
        self.running = True
        if self._installSignalHandlers:
            self._handleSignals()

    def run(self, installSignalHandlers: bool = True) -> Any:
        """Fire startup, then run timed and thread calls until stopped or crashed."""
        self.startRunning(installSignalHandlers=installSignalHandlers)
        while self._started:
            self.iterate(0.01)
            self._fireShutdown()
        return None

    def iterate(self, delay: float = 0) -> None:
        """Run what is due, then wait up to ``delay`` seconds."""
        self.runUntilCurrent()
        if delay:
            time.sleep(delay)
        self.runUntilCurrent()

    def _handleSignals(self) -> None:
        """Install SIGINT/SIGTERM(/SIGBREAK) handlers that stop the reactor."""
        if threading.current_thread() is not threading.main_thread():
            return
        signal.signal(signal.SIGINT, self.sigInt)
        signal.signal(signal.SIGTERM, self.sigTerm)
        if hasattr(signal, "SIGBREAK"):
            signal.signal(signal.SIGBREAK, self.sigBreak)

    def stop(self) -> None:
        """Fire the shutdown event and end :meth:`run` (ReactorNotRunning if not running)."""
        if self._stopped:
            raise error.ReactorNotRunning("Can't stop reactor that isn't running.")
        self._stopped = True
        self._justStopped = True
        self._startedBefore = True
        self._scheduleShutdown()

    def _scheduleShutdown(self) -> None:
        """Arrange for the shutdown event to fire from the loop (override)."""

    def _fireShutdown(self) -> None:
        if self._justStopped:
            self._justStopped = False
            self.fireSystemEvent("shutdown")

    def crash(self) -> None:
        """Stop the loop at once, without firing shutdown triggers (run() may be called again)."""
        self._started = False
        self.running = False
        self.addSystemEventTrigger("during", "startup", self._reallyStartRunning)
        self._stopLoop()

    def _stopLoop(self) -> None:
        """Make the running loop return (override)."""

    def sigInt(self, number: int, frame: Any = None) -> None:
        """SIGINT: stop the reactor."""
        log.msg("Received SIGINT, shutting down.")
        self.callFromThread(self.stop)
        self._exitSignal = number

    def sigBreak(self, number: int, frame: Any = None) -> None:
        """SIGBREAK: stop the reactor."""
        log.msg("Received SIGBREAK, shutting down.")
        self.callFromThread(self.stop)
        self._exitSignal = number

    def sigTerm(self, number: int, frame: Any = None) -> None:
        """SIGTERM: stop the reactor."""
        log.msg("Received SIGTERM, shutting down.")
        self.callFromThread(self.stop)
        self._exitSignal = number

    def disconnectAll(self) -> None:
        """Drop every connection (shutdown); reactors with selectables override."""
        for selectable in self.removeAll():
            selectable.connectionLost(error.ConnectionDone())

    def removeAll(self) -> list[Any]:
        """Remove and return every reader and writer (override)."""
        return []

    # -- plain timed calls (overridden by loop-backed reactors) ----------------------------

    def seconds(self) -> float:
        """Wall-clock time, as ``time.time()``."""
        return time.time()

    def callLater(
        self, delay: float, callable: Callable[..., Any], *args: Any, **kw: Any
    ) -> DelayedCall:
        assert builtin_callable(callable), f"{callable} is not callable"
        assert delay >= 0, f"{delay} is not greater than or equal to 0 seconds"
        call = DelayedCall(
            self.seconds() + delay,
            callable,
            args,
            kw,
            self._pendingTimedCalls.remove,
            self._moveCall,
            seconds=self.seconds,
        )
        self._pendingTimedCalls.append(call)
        self._pendingTimedCalls.sort(key=DelayedCall.getTime)
        return call

    def _moveCall(self, call: DelayedCall) -> None:
        self._pendingTimedCalls.sort(key=DelayedCall.getTime)

    def getDelayedCalls(self) -> list[DelayedCall]:
        """The scheduled calls not yet run or cancelled."""
        return [c for c in self._pendingTimedCalls if not (c.cancelled or c.called)]

    def runUntilCurrent(self) -> None:
        """Run thread calls and the timed calls that are due."""
        self._runThreadCalls()
        now = self.seconds()
        while self._pendingTimedCalls and self._pendingTimedCalls[0].getTime() <= now:
            call = self._pendingTimedCalls.pop(0)
            call.called = 1
            try:
                call.func(*call.args, **call.kw)
            except BaseException:
                log.err()


builtin_callable = callable
