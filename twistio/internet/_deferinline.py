"""Driving generators and coroutines with Deferreds: inlineCallbacks, ensureDeferred,
``Deferred.fromCoroutine`` and ``await d``.

One driver steps both kinds.  Each step runs inside the :mod:`contextvars` context copied
when the generator or coroutine started, so variables set inside survive across waits and
``ContextVar.reset`` works.  What the generator or coroutine hands out decides what happens
next:

- a Deferred: wait for it (at once, without re-entering the stack, if it already fired);
- an :class:`asyncio.Future` or Task (beyond Twisted, #11841): wait for it through
  ``Deferred.fromFuture``; cancelling our Deferred cancels the future;
- a coroutine yielded from an inlineCallbacks generator: run it with ensureDeferred and wait;
- anything else: send it straight back (inlineCallbacks' ``x = yield 5``) or, for a bare
  ``yield`` inside a coroutine (``asyncio.sleep(0)``), just continue.

``await d`` outside this driver (inside a plain asyncio Task, twisted #9806) waits on an
asyncio Future bridged from ``d`` instead; cancelling that Task cancels ``d``.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Coroutine, Generator
from contextvars import copy_context
from functools import wraps
from threading import get_ident as _get_ident
from types import CoroutineType, GeneratorType
from typing import Any, NoReturn, TypeVar

from twistio.internet import _deferred
from twistio.internet._deferred import (
    _NONE_KWARGS,
    Deferred,
    NotACoroutineError,
    _CoroutineType,
)
from twistio.python import deprecate
from twistio.python.failure import Failure, _extraneous
from twistio.python.versions import Version

__name__ = "twisted.internet.defer"

_T = TypeVar("_T")

#: The id of the thread whose driver is stepping a generator or coroutine right now (0 when
#: none): ``await d`` in that thread yields ``d`` to the driver; anywhere else (a plain
#: asyncio Task, in this or another thread) it bridges through an asyncio Future.
_driving = 0

_isfuture: Callable[[object], bool] | None = None


def _futureCheck() -> Callable[[object], bool]:
    global _isfuture
    if _isfuture is None:
        from asyncio import isfuture

        _isfuture = isfuture
    return _isfuture


class _DefGen_Return(BaseException):
    """Raised by :func:`returnValue` to end an inlineCallbacks generator with a value."""

    def __init__(self, value: object) -> None:
        self.value = value


@deprecate.deprecated(Version("Twisted", 24, 7, 0), replacement="standard return statement")
def returnValue(val: object) -> NoReturn:
    """End the calling inlineCallbacks generator with ``val`` (deprecated: use ``return``)."""
    raise _DefGen_Return(val)


class _InternalInlineCallbacksCancelledError(Exception):
    """Kept for compatibility: the cancellation marker of Twisted's own implementation."""


class _CancellationStatus:
    """The driver of one generator or coroutine: what it waits on, the Deferred it answers
    to, and the context its steps run in."""

    __slots__ = ("deferred", "waitingOn", "gen", "context", "isCoroutine")

    def __init__(self, gen: Any, isCoroutine: bool) -> None:
        self.gen = gen
        self.isCoroutine = isCoroutine
        self.context = copy_context()
        self.waitingOn: Deferred[Any] | None = None
        self.deferred: Deferred[Any] = Deferred(self.handleCancel)

    def gotResult(self, result: object) -> None:
        """The awaited Deferred fired: go on with its result (consumed: ``None`` stays)."""
        self.waitingOn = None
        _step(self, result)
        return None

    def handleCancel(self, deferred: Deferred[Any]) -> None:
        """Cancelling the driver's Deferred cancels what the generator waits on; if the
        generator survives that (it caught the CancelledError), the Deferred keeps waiting
        for it and may be cancelled again."""
        waitingOn = self.waitingOn
        if waitingOn is None or deferred is not self.deferred:
            return
        waitingOn.cancel()
        if deferred.called:
            return
        # The generator goes on: answer through a new Deferred that this one now waits on,
        # so that this one is not errbacked with CancelledError.
        successor: Deferred[Any] = Deferred(self.handleCancel)
        self.deferred = successor
        deferred.called = True
        deferred._canceller = None
        deferred.result = successor
        deferred.paused += 1
        deferred._chainedTo = successor
        successor._callbacks.append(deferred._continuation())


def _warnNonLocalReturn(exc: _DefGen_Return, gen: Any) -> None:
    """Warn when returnValue was called by a function other than the generator it ends."""
    tb = exc.__traceback__
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    # frames: [driver, generator, ..., caller of returnValue, deprecation wrapper?, returnValue]
    code = getattr(gen, "gi_code", None) or getattr(gen, "cr_code", None)
    callers = [f for f in frames if f.f_code is not returnValue.__code__]
    # Drop the deprecation wrapper and returnValue's own frame(s).
    while callers and callers[-1].f_globals.get("__name__") in (
        "twisted.python.deprecate",
        "twisted.internet.defer",
    ):
        callers.pop()
    if not callers:
        return
    appFrame = callers[-1]
    if appFrame.f_code is code:
        return
    warnings.warn_explicit(
        f"returnValue() in {appFrame.f_code.co_name!r} causing {code.co_name if code else gen!r} "
        "to exit: returnValue should only be invoked by functions decorated with "
        "inlineCallbacks",
        category=DeprecationWarning,
        filename=appFrame.f_code.co_filename,
        lineno=appFrame.f_lineno,
        module=appFrame.f_globals.get("__name__", "?"),
        registry=appFrame.f_globals.setdefault("__warningregistry__", {}),
    )


def _step(status: _CancellationStatus, value: object) -> None:
    """Send ``value`` (a Failure is thrown) into the generator and keep going until it
    waits or ends."""
    global _driving, _raisedByAwait
    gen = status.gen
    run = status.context.run
    send = gen.send
    outcome = 0  # 0: waits, 1: returned, 2: raised
    previous = _driving
    _driving = _get_ident()
    try:
        while True:
            thrown: Failure | None = None
            try:
                if isinstance(value, Failure):
                    thrown = value
                    yielded = run(value.throwExceptionIntoGenerator, gen)
                else:
                    yielded = run(send, value)
            except StopIteration as e:
                outcome = 1
                value = e.value
                break
            except _DefGen_Return as e:
                outcome = 1
                value = e.value
                _warnNonLocalReturn(e, gen)
                break
            except BaseException as e:
                outcome = 2
                failure = Failure(captureVars=Deferred.debug)
                if thrown is None and _raisedByAwait is not None:
                    thrown = _raisedByAwait
                _raisedByAwait = None
                if thrown is not None and thrown.value is e and thrown.tb is None:
                    # The failure came back out; it had been cleaned (as every Failure that
                    # ends a callback chain is), so its own frames are only in its summary.
                    failure.frames = failure.frames + thrown.frames
                value = failure
                break

            if not isinstance(yielded, Deferred):
                if yielded is None or type(yielded) in _PLAIN:
                    value = yielded
                    continue
                if _futureCheck()(yielded):
                    yielded._asyncio_future_blocking = False
                    yielded = Deferred.fromFuture(yielded)
                elif not status.isCoroutine and type(yielded) is CoroutineType:
                    yielded = ensureDeferred(yielded)
                else:
                    value = yielded
                    continue

            if (
                yielded.called
                and not yielded.paused
                and not yielded._runningCallbacks
                and not isinstance(result := yielded.result, Deferred)
            ):
                # Already fired: take the result over and go on without growing the stack.
                yielded.result = None
                if yielded._debugInfo is not None:
                    yielded._debugInfo.failResult = None
                value = result
                continue

            status.waitingOn = yielded
            # addBoth without its checks: the Deferred cannot run callbacks right now
            # (handled above), and no context copy is wanted: each step enters the
            # generator's own context.
            item = (status.gotResult, (), _NONE_KWARGS)
            yielded._callbacks.append((item, item))
            return
    finally:
        _driving = previous
    # Outside the except blocks, so that what the callbacks raise is not chained to
    # StopIteration/_DefGen_Return ("During handling of the above exception...").
    if outcome == 1:
        status.deferred.callback(value)
    else:
        status.deferred.errback(value)


_PLAIN = frozenset({int, str, bytes, float, bool, tuple, list, dict})


def _runDriven(gen: Any, isCoroutine: bool) -> Deferred[Any]:
    """Start driving ``gen``; the Deferred that fires with its return value."""
    status = _CancellationStatus(gen, isCoroutine)
    deferred = status.deferred
    _step(status, None)
    return deferred


def _cancellableInlineCallbacks(gen: Any) -> Deferred[Any]:
    return _runDriven(gen, False)


def inlineCallbacks(f: Callable[..., Generator[Any, Any, _T]]) -> Callable[..., Deferred[_T]]:
    """Decorate a generator function: calling it runs the generator, each yielded Deferred
    suspending it until that Deferred fires (its result sent back in, its Failure raised);
    the returned Deferred fires with the generator's return value."""

    @wraps(f)
    def unwindGenerator(*args: Any, **kwargs: Any) -> Deferred[_T]:
        try:
            gen = f(*args, **kwargs)
        except _DefGen_Return:
            raise TypeError(
                f"inlineCallbacks requires {f!r} to produce a generator; instead "
                "caught returnValue being used in a non-generator"
            )
        if type(gen) is not GeneratorType:
            raise TypeError(
                f"inlineCallbacks requires {f!r} to produce a generator; instead got {gen!r}"
            )
        return _runDriven(gen, False)

    return unwindGenerator


def _isFuture(obj: object) -> bool:
    return _futureCheck()(obj)


def _fromCoroutine(coro: Any) -> Deferred[Any]:
    if type(coro) is _CoroutineType:
        return _runDriven(coro, True)
    if type(coro) is GeneratorType:
        return _runDriven(coro, True)
    raise NotACoroutineError(f"{coro!r} is not a coroutine")


def ensureDeferred(coro: Any) -> Deferred[Any]:
    """A Deferred for ``coro``: a Deferred as is, a coroutine (or generator-based coroutine)
    run with :meth:`Deferred.fromCoroutine`; anything else raises
    :class:`NotACoroutineError`."""
    if type(coro) is _CoroutineType:
        return _runDriven(coro, True)
    if isinstance(coro, Deferred):
        return coro
    if _isFuture(coro):
        # Beyond Twisted: an asyncio Future or Task is bridged.
        return Deferred.fromFuture(coro)
    try:
        return _fromCoroutine(coro)
    except NotACoroutineError:
        raise NotACoroutineError(f"{coro!r} is not a coroutine or a Deferred") from None


@_extraneous
def _awaitDeferred(d: Deferred[_T]) -> Generator[Any, None, _T]:
    """The body of ``Deferred.__await__``/``__iter__``."""
    if d.called and not d.paused and not d._runningCallbacks:
        result = d.result
        if isinstance(result, Failure):
            # Consumed here: raising it in the coroutine is handling it.
            global _raisedByAwait
            d.result = None
            if d._debugInfo is not None:
                d._debugInfo.failResult = None
            _raisedByAwait = result
            result.raiseException()
        if not isinstance(result, Deferred):
            return result  # type: ignore[no-any-return]
    if _driving and _driving == _get_ident():
        # Our driver steps us: hand it the Deferred; it sends the result back in (or throws
        # the failure in).
        sent: Any = yield d
        return sent  # type: ignore[no-any-return]
    return (yield from _awaitInAsyncio(d))


#: The Failure ``await`` last raised without going through the driver (see ``_step``).
_raisedByAwait: Failure | None = None


def _awaitInAsyncio(d: Deferred[_T]) -> Generator[Any, None, _T]:
    """Wait for ``d`` inside a plain asyncio Task, through a Future on the running loop."""
    import asyncio

    loop = asyncio.get_running_loop()
    future = d.asFuture(loop)
    try:
        return (yield from future.__await__())
    except asyncio.CancelledError:
        # The Task was cancelled: cancel the Deferred at once (asFuture would do it one
        # loop iteration later).
        if not d.called:
            d.cancel()
        raise


# Wire the Deferred class to this module (it is defined before us).  ``__await__`` is the
# generator function itself: one call less on every ``await``.
_deferred._awaitDeferred = _awaitDeferred
Deferred.__await__ = _awaitDeferred  # type: ignore[method-assign,assignment]
Deferred.__iter__ = _awaitDeferred  # type: ignore[method-assign,assignment]
_deferred._fromCoroutine = _fromCoroutine

_unused = (Coroutine, sys)
