"""The Deferred: a result that is not there yet, and the chain of callbacks waiting for it.

Contract (as in Twisted 26.10):

- Callbacks run in the order they were added; each receives the previous one's result (or
  Failure, for errbacks).  A callback returning a Deferred suspends the chain until that
  Deferred has a result, which then replaces it ("chaining").  Chains of chained Deferreds are
  run from an explicit stack, so arbitrarily deep chains never grow the Python stack.
- A Deferred fires once: a second ``callback``/``errback`` raises :class:`AlreadyCalledError`
  (with creator/invoker tracebacks when debugging), except the single one that may follow a
  ``cancel()`` without canceller.
- A Deferred whose chain ends on a Failure logs "Unhandled error in Deferred:" at critical
  level through :mod:`twisted.logger` when it is garbage collected.

Beyond Twisted (#9807): a Deferred that gets its first callback before it has a result
copies the :mod:`contextvars` context current at that moment, and its callbacks run in that
copy, so a chain sees one consistent context whoever fires it, and what the callbacks set
stays in the chain.  Callbacks added to a Deferred that already has a result (and never had a
waiting callback) run at once in the caller's context, like any function call.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Coroutine, Generator, Mapping
from contextvars import Context, copy_context
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from twistio.logger import Logger
from twistio.python import deprecate, log
from twistio.python.failure import Failure, _extraneous
from twistio.python.versions import Version

if TYPE_CHECKING:
    import asyncio

    from twistio.internet.interfaces import IReactorTime

__name__ = "twisted.internet.defer"

_T = TypeVar("_T")
_SelfResultT = TypeVar("_SelfResultT")
_NextResultT = TypeVar("_NextResultT")

_log = Logger()


class _Sentinel(Enum):
    """Markers that can never be a real callback or result."""

    _NO_RESULT = object()
    _CONTINUE = object()


_NO_RESULT = _Sentinel._NO_RESULT
_CONTINUE = _Sentinel._CONTINUE

_NONE_KWARGS: Mapping[str, Any] = {}


class AlreadyCalledError(Exception):
    """A Deferred was fired twice; with debugging on, the message holds both tracebacks."""


class CancelledError(Exception):
    """The Deferred was cancelled before it had a result."""


class TimeoutError(Exception):
    """The operation behind the Deferred timed out (see :meth:`Deferred.addTimeout`)."""


class NotACoroutineError(TypeError):
    """Something that is neither a coroutine nor a generator was handed to a coroutine API."""


def logError(err: Failure) -> Failure:
    """Log ``err`` through the legacy log (as "Unhandled Error") and return it unchanged."""
    log.err(err)
    return err


def passthru(arg: _T) -> _T:
    """Return ``arg``: the identity callback."""
    return arg


def _failthru(arg: Failure) -> Failure:
    return arg


_FAILTHRU_ITEM = (_failthru, (), _NONE_KWARGS)
_PASSTHRU_ITEM = (passthru, (), _NONE_KWARGS)


def setDebugging(on: bool) -> None:
    """Turn creator/invoker tracebacks on or off for Deferreds created from now on."""
    Deferred.debug = bool(on)


def getDebugging() -> bool:
    """Whether Deferred debugging is on."""
    return Deferred.debug


def _cancelledToTimedOutError(value: object, timeout: float) -> object:
    """The default ``onTimeoutCancel``: a CancelledError becomes a :class:`TimeoutError`."""
    if isinstance(value, Failure):
        value.trap(CancelledError)
        raise TimeoutError(timeout, "Deferred")
    return value


class DebugInfo:
    """Where a Deferred was created and first fired; logs the Deferred's unhandled failure
    when collected."""

    failResult: Failure | None = None
    creator: list[str] | None = None
    invoker: list[str] | None = None

    def _getDebugTracebacks(self) -> str:
        info = ""
        if self.creator is not None:
            info += " C: Deferred was created:\n C:"
            info += "".join(self.creator).rstrip().replace("\n", "\n C:")
            info += "\n"
        if self.invoker is not None:
            info += " I: First Invoker was:\n I:"
            info += "".join(self.invoker).rstrip().replace("\n", "\n I:")
            info += "\n"
        return info

    def __del__(self) -> None:
        failure = self.failResult
        if failure is not None:
            _log.critical("Unhandled error in Deferred:", isError=True)
            debugInfo = self._getDebugTracebacks()
            format = "(debug: {debugInfo})" if debugInfo else ""
            _log.failure(format, failure, debugInfo=debugInfo)


#: Every class that is a Deferred (Deferred itself first), kept for fast type checks.
_DEFERRED_SUBCLASSES: list[type[Deferred[Any]]] = []


def _runChain(current: Deferred[Any], chain: list[Deferred[Any]]) -> None:
    """Run ``current``'s callbacks until they run out or wait on another Deferred.

    Called inside ``current``'s context.  When a callback's result is an unfired (or paused)
    Deferred, ``current`` pauses and is continued by that Deferred later; when ``current``
    reaches a ``_CONTINUE`` entry, the Deferred waiting on it is pushed on ``chain``.
    """
    callbacks = current._callbacks
    while callbacks:
        item = callbacks.pop(0)
        result = current.result
        if isinstance(result, Failure):
            callback, args, kwargs = item[1]
        else:
            callback, args, kwargs = item[0]
        if callback is _CONTINUE:
            # current's result goes to the Deferred that waited for it.
            waiting = args[0]
            waiting.result = result
            current.result = None
            if current._debugInfo is not None:
                current._debugInfo.failResult = None
            waiting.paused -= 1
            if callbacks:
                chain.append(waiting)
            else:
                # Nothing left here (our result went on): finished, make way at once.
                chain[-1] = waiting
            return
        try:
            if args:
                if kwargs:
                    result = callback(result, *args, **kwargs)
                else:
                    result = callback(result, *args)
            elif kwargs:
                result = callback(result, **kwargs)
            else:
                result = callback(result)
            current.result = result
            if result is current:
                deprecate.warnAboutFunction(
                    callback,
                    "Callback returned the Deferred it was attached to; this breaks the "
                    "callback chain and will raise an exception in the future.",
                )
                continue
        except BaseException:
            current.result = Failure(captureVars=current.debug)
            continue
        if type(result) in _AWAITABLE_TYPES:
            # Beyond Twisted: a coroutine or asyncio Future returned by a callback is waited
            # for like a Deferred.
            result = current.result = _asDeferred(result)
        if isinstance(result, Deferred):
            # (Never ``__dict__``: reading it makes CPython give up the compact attribute
            # storage of that object.)
            if not result.called or result.paused or isinstance(inner := result.result, Deferred):
                # Wait for it: it will continue us (after its own callbacks).
                current.paused += 1
                current._chainedTo = result
                if current._debugInfo is not None:
                    current._debugInfo.failResult = None
                continuation = (_CONTINUE, (current,), _NONE_KWARGS)
                result._callbacks.append((continuation, continuation))
                return
            # Already has a result: take it over, so that its Failure (if any) is not
            # reported twice.
            result.result = None
            if result._debugInfo is not None:
                result._debugInfo.failResult = None
            current.result = inner
    # Finished: remember an unhandled failure so that it is logged on collection.
    result = current.result
    if isinstance(result, Failure):
        result.cleanFailure()
        if current._debugInfo is None:
            current._debugInfo = DebugInfo()
        current._debugInfo.failResult = result
    elif current._debugInfo is not None:
        current._debugInfo.failResult = None
    chain.pop()


class Deferred(Generic[_SelfResultT]):
    """A callback chain waiting for a result; see the module docstring for the contract.

    :ivar called: whether :meth:`callback` or :meth:`errback` has been called.
    :ivar paused: how many unmatched :meth:`pause` calls (plus one while waiting on a chained
        Deferred) hold the chain.
    :ivar result: the current result (absent until fired).
    """

    called = False
    paused = 0
    _debugInfo: DebugInfo | None = None
    _suppressAlreadyCalled = False
    _runningCallbacks = False
    #: Class-wide debug switch (see :func:`setDebugging`); may be set on one instance.
    debug = False
    _chainedTo: Deferred[Any] | None = None
    #: The context the callbacks run in: copied when the first callback is added before
    #: there is a result (callbacks added to a fired Deferred run like plain calls).
    _context: Context | None = None
    result: Any

    def __init__(self, canceller: Callable[[Deferred[Any]], None] | None = None) -> None:
        self._callbacks: list[tuple[Any, Any]] = []
        self._canceller = canceller
        # Every attribute a Deferred may get, in one fixed order: CPython then keeps all
        # instances in its compact shared-key layout, which makes every later access cheaper.
        self.called = False
        self.paused = 0
        self._runningCallbacks = False
        self._chainedTo = None
        self._context = None
        self._debugInfo = None
        if self.debug:
            self._debugInfo = DebugInfo()
            self._debugInfo.creator = traceback.format_stack()[:-1]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _DEFERRED_SUBCLASSES.append(cls)

    @deprecate.deprecatedProperty(Version("Twisted", 25, 5, 0))  # type: ignore[misc]
    def callbacks(self) -> list[tuple[Any, Any]]:
        """The pending callback pairs (deprecated: private state)."""
        return self._callbacks

    # -- adding callbacks -------------------------------------------------------------------

    def addCallbacks(
        self,
        callback: Any,
        errback: Any = None,
        callbackArgs: Any = (),
        callbackKeywords: Any = _NONE_KWARGS,
        errbackArgs: Any = (),
        errbackKeywords: Any = _NONE_KWARGS,
    ) -> Deferred[Any]:
        """Add a callback and an errback at the same place in the chain; return ``self``.

        ``errback=None`` passes failures through; ``None`` arguments mean no arguments.
        """
        if errback is None:
            errback = _failthru
        self._callbacks.append(
            (
                (callback, callbackArgs or (), callbackKeywords or _NONE_KWARGS),
                (errback, errbackArgs or (), errbackKeywords or _NONE_KWARGS),
            )
        )
        if self.called:
            self._runCallbacks()
        elif self._context is None:
            self._context = copy_context()
        return self

    def addCallback(self, callback: Any, *args: Any, **kwargs: Any) -> Deferred[Any]:
        """Add ``callback(result, *args, **kwargs)``; failures pass it by.  Return ``self``."""
        self._callbacks.append(((callback, args, kwargs), _FAILTHRU_ITEM))
        if self.called:
            self._runCallbacks()
        elif self._context is None:
            self._context = copy_context()
        return self

    def addErrback(self, errback: Any, *args: Any, **kwargs: Any) -> Deferred[Any]:
        """Add ``errback(failure, *args, **kwargs)``; results pass it by.  Return ``self``."""
        self._callbacks.append((_PASSTHRU_ITEM, (errback, args, kwargs)))
        if self.called:
            self._runCallbacks()
        elif self._context is None:
            self._context = copy_context()
        return self

    def addBoth(self, callback: Any, *args: Any, **kwargs: Any) -> Deferred[Any]:
        """Add ``callback`` as both callback and errback.  Return ``self``."""
        item = (callback, args, kwargs)
        self._callbacks.append((item, item))
        if self.called:
            self._runCallbacks()
        elif self._context is None:
            self._context = copy_context()
        return self

    def addTimeout(
        self,
        timeout: float,
        clock: IReactorTime,
        onTimeoutCancel: Callable[[Any, float], Any] | None = None,
    ) -> Deferred[Any]:
        """Cancel this Deferred if it has no result within ``timeout`` seconds of ``clock``.

        On timeout the cancellation's outcome is handed to ``onTimeoutCancel(result,
        timeout)`` (default: a CancelledError becomes :class:`TimeoutError`); a result that
        arrives first (or an explicit cancel) cancels the timer instead.
        """
        timedOut = [False]

        def timeItOut() -> None:
            timedOut[0] = True
            self.cancel()

        delayedCall = clock.callLater(timeout, timeItOut)
        handler = onTimeoutCancel or _cancelledToTimedOutError

        def convertCancelled(result: object) -> object:
            if timedOut[0]:
                return handler(result, timeout)
            return result

        def cancelTimeout(result: object) -> object:
            if delayedCall.active():
                delayedCall.cancel()
            return result

        self.addBoth(convertCancelled)
        self.addBoth(cancelTimeout)
        return self

    def chainDeferred(self, d: Deferred[Any]) -> Deferred[None]:
        """Fire ``d`` with this Deferred's result (this one's result becomes ``None``)."""
        d._chainedTo = self
        return self.addCallbacks(d.callback, d.errback)

    # -- firing -----------------------------------------------------------------------------

    def callback(self, result: Any) -> None:
        """Fire the chain with ``result`` (a Deferred given here is passed on as a plain value)."""
        # _startRunCallbacks inlined: this is the hottest path of all.
        if self.called or self.debug:
            self._startRunCallbacks(result)
            return
        self.called = True
        self._canceller = None
        self.result = result
        if (
            self._callbacks
            or self.paused
            or self._chainedTo is not None
            or isinstance(result, Failure)
        ):
            self._runCallbacks()

    def errback(self, fail: Any = None) -> None:
        """Fire the chain with a failure: ``fail`` as a Failure (exceptions are wrapped; with
        no argument, the exception being handled)."""
        if fail is None:
            fail = Failure(captureVars=self.debug)
        elif not isinstance(fail, Failure):
            fail = Failure(fail)
        self._startRunCallbacks(fail)

    def pause(self) -> None:
        """Stop running callbacks until a matching :meth:`unpause`."""
        self.paused += 1

    def unpause(self) -> None:
        """Undo one :meth:`pause`; run pending callbacks once none is left."""
        self.paused -= 1
        if self.paused:
            return
        if self.called:
            self._runCallbacks()

    def cancel(self) -> None:
        """Cancel: unfired, call the canceller (or errback with :class:`CancelledError` if it
        did not fire us); waiting on a chained Deferred, cancel that one; else nothing."""
        if not self.called:
            canceller = self._canceller
            if canceller:
                canceller(self)
            else:
                # Allow the producer of the result one late callback/errback.
                self._suppressAlreadyCalled = True
            if not self.called:
                self.errback(Failure(CancelledError()))
        elif isinstance(self.result, Deferred):
            self.result.cancel()

    def _startRunCallbacks(self, result: object) -> None:
        if self.called:
            if self._suppressAlreadyCalled:
                self._suppressAlreadyCalled = False
                return
            if self.debug:
                if self._debugInfo is None:
                    self._debugInfo = DebugInfo()
                extra = "\n" + self._debugInfo._getDebugTracebacks()
                raise AlreadyCalledError(extra)
            raise AlreadyCalledError()
        if self.debug:
            if self._debugInfo is None:
                self._debugInfo = DebugInfo()
            self._debugInfo.invoker = traceback.format_stack()[:-2]
        self.called = True
        # Break the Deferred <-> canceller cycle as soon as it is no longer useful.
        self._canceller = None
        self.result = result
        if (
            self._callbacks
            or self.paused
            or self._chainedTo is not None
            or isinstance(result, Failure)
        ):
            self._runCallbacks()
        elif self._debugInfo is not None:
            self._debugInfo.failResult = None

    def _continuation(self) -> tuple[Any, Any]:
        continuation = (_CONTINUE, (self,), _NONE_KWARGS)
        return (continuation, continuation)

    def _runCallbacks(self) -> None:
        if self._runningCallbacks:
            # A callback added a callback to its own Deferred: the running loop takes it.
            return
        chain: list[Deferred[Any]] = [self]
        while chain:
            current = chain[-1]
            if current.paused:
                # Deferreds below wait for this one to be unpaused.
                return
            if current._chainedTo is not None:
                current._chainedTo = None
            current._runningCallbacks = True
            try:
                context = current._context
                if context is None:
                    _runChain(current, chain)
                else:
                    context.run(_runChain, current, chain)
            finally:
                current._runningCallbacks = False

    # -- display ----------------------------------------------------------------------------

    def __str__(self) -> str:
        cname = self.__class__.__name__
        result = getattr(self, "result", _NO_RESULT)
        if self._chainedTo is not None:
            return f"<{cname} at 0x{id(self):x} waiting on Deferred at 0x{id(self._chainedTo):x}>"
        if result is _NO_RESULT:
            return f"<{cname} at 0x{id(self):x}>"
        return f"<{cname} at 0x{id(self):x} current result: {result!r}>"

    __repr__ = __str__

    # -- coroutines and asyncio (implemented in _deferinline and _deferbridge) --------------------

    def __iter__(self) -> Generator[Any, None, _SelfResultT]:
        return self.__await__()

    @_extraneous
    def __await__(self) -> Generator[Any, None, _SelfResultT]:
        return _awaitDeferred(self)

    def asFuture(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future[_SelfResultT]:
        """An asyncio Future on ``loop`` with this Deferred's result; cancelling the Future
        cancels this Deferred.  This Deferred's own result becomes ``None``."""
        from twistio.internet._deferbridge import deferredAsFuture

        return deferredAsFuture(self, loop)

    @classmethod
    def fromFuture(cls, future: asyncio.Future[_T]) -> Deferred[_T]:
        """A Deferred with ``future``'s outcome (at once if it is already done); cancelling
        the Deferred cancels the future."""
        from twistio.internet._deferbridge import deferredFromFuture

        return deferredFromFuture(cls, future)

    @classmethod
    def fromCoroutine(cls, coro: Coroutine[Any, Any, _T] | Generator[Any, Any, _T]) -> Deferred[_T]:
        """Run the coroutine (or generator-based coroutine) ``coro``; a Deferred with its
        return value.  Raises :class:`NotACoroutineError` for anything else."""
        return _fromCoroutine(coro)


_DEFERRED_SUBCLASSES.append(Deferred)


# Filled in by twistio.internet._deferinline (which needs Deferred first).
def _awaitDeferred(d: Deferred[_T]) -> Generator[Any, None, _T]:  # pragma: no cover
    raise NotImplementedError


def _fromCoroutine(coro: Any) -> Deferred[Any]:  # pragma: no cover
    raise NotImplementedError


def succeed(result: _T) -> Deferred[_T]:
    """A Deferred that has already fired with ``result``."""
    d: Deferred[_T] = Deferred()
    if d.debug or isinstance(result, Failure):
        d.callback(result)
    else:
        # What callback() leaves behind when there is nothing to run (hot path).
        d.called = True
        d.result = result
    return d


def fail(result: BaseException | Failure | None = None) -> Deferred[Any]:
    """A Deferred that has already failed with ``result`` (default: the exception being
    handled)."""
    d: Deferred[Any] = Deferred()
    d.errback(result)
    return d


def execute(callable: Callable[..., _T], *args: Any, **kwargs: Any) -> Deferred[_T]:
    """Call ``callable`` now; a fired Deferred with its result or raised exception."""
    try:
        result = callable(*args, **kwargs)
    except BaseException:
        return fail()
    return succeed(result)


@overload
def maybeDeferred(
    f: Callable[..., Deferred[_T]], *args: object, **kwargs: object
) -> Deferred[_T]: ...


@overload
def maybeDeferred(
    f: Callable[..., Coroutine[Deferred[Any], Any, _T]], *args: object, **kwargs: object
) -> Deferred[_T]: ...


@overload
def maybeDeferred(f: Callable[..., _T], *args: object, **kwargs: object) -> Deferred[_T]: ...


def maybeDeferred(f: Callable[..., Any], *args: object, **kwargs: object) -> Deferred[Any]:
    """Call ``f``; whatever it does, answer a Deferred: its Deferred as is, a coroutine run
    with :meth:`Deferred.fromCoroutine`, a Failure or raised exception as a failed
    Deferred, anything else as a fired one."""
    try:
        result = f(*args, **kwargs)
    except BaseException:
        return fail(Failure(captureVars=Deferred.debug))
    if isinstance(result, Deferred):
        return result
    if isinstance(result, Failure):
        return fail(result)
    if type(result) in _AWAITABLE_TYPES:
        return _asDeferred(result)
    return succeed(result)


async def _coro() -> None:
    pass


_c = _coro()
_CoroutineType = type(_c)
_c.close()
del _c


def _futureTypes() -> set[type]:
    import asyncio

    types: set[type] = {asyncio.Future, asyncio.Task}
    try:
        import _asyncio

        types.update((_asyncio.Future, _asyncio.Task))
    except ImportError:  # pragma: no cover - pure-Python asyncio
        pass
    return types


#: Exact types that callbacks and maybeDeferred turn into Deferreds (coroutines, futures).
_AWAITABLE_TYPES = frozenset({_CoroutineType, *_futureTypes()})


def _asDeferred(awaitable: Any) -> Deferred[Any]:
    """A Deferred for a coroutine (run by the driver) or an asyncio Future/Task."""
    if type(awaitable) is _CoroutineType:
        return _fromCoroutine(awaitable)
    return Deferred.fromFuture(awaitable)


@deprecate.deprecated(Version("Twisted", 17, 1, 0), replacement=Deferred.addTimeout)
def timeout(deferred: Deferred[object]) -> None:
    """Errback ``deferred`` with a :class:`TimeoutError` (deprecated)."""
    deferred.errback(Failure(TimeoutError("Callback timed out")))


__all__ = [
    "AlreadyCalledError",
    "CancelledError",
    "DebugInfo",
    "Deferred",
    "NotACoroutineError",
    "TimeoutError",
    "execute",
    "fail",
    "getDebugging",
    "logError",
    "maybeDeferred",
    "passthru",
    "setDebugging",
    "succeed",
    "timeout",
]
