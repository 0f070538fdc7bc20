"""Deferred synchronisation primitives: DeferredLock, DeferredSemaphore, DeferredQueue and
DeferredFilesystemLock.

Waiters are served first come, first served; cancelling a waiter's Deferred before it is
served takes it out of the line (and fails it with CancelledError); cancelling after it was
served does nothing.  Locks and semaphores are async context managers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from twistio.internet._deferred import (
    CancelledError,
    Deferred,
    TimeoutError,
    fail,
    maybeDeferred,
    succeed,
)
from twistio.python.failure import Failure
from twistio.python.lockfile import FilesystemLock

if TYPE_CHECKING:
    from twistio.internet.interfaces import IDelayedCall, IReactorTime

__name__ = "twisted.internet.defer"

_T = TypeVar("_T")
_Self = TypeVar("_Self", bound="_ConcurrencyPrimitive")


class QueueOverflow(Exception):
    """A :class:`DeferredQueue` is full."""


class QueueUnderflow(Exception):
    """Too many getters are already waiting on a :class:`DeferredQueue`."""


class AlreadyTryingToLockError(Exception):
    """:meth:`DeferredFilesystemLock.deferUntilLocked` is already waiting for the lock."""


class _ConcurrencyPrimitive:
    """What locks and semaphores share: a line of waiters, ``run`` and ``async with``."""

    def __init__(self) -> None:
        self.waiting: list[Deferred[Any]] = []

    def _releaseAndReturn(self, r: _T) -> _T:
        self.release()
        return r

    def run(self, f: Callable[..., Any], *args: Any, **kwargs: Any) -> Deferred[Any]:
        """Acquire, call ``f(*args, **kwargs)`` (whose result may be a Deferred or coroutine),
        release once its result is there; a Deferred with that result."""

        def execute(ignoredResult: object) -> Deferred[Any]:
            return maybeDeferred(f, *args, **kwargs).addBoth(self._releaseAndReturn)

        return self.acquire().addCallback(execute)

    def __aenter__(self) -> Deferred[Any]:
        """``async with``: wait to acquire."""
        return self.acquire()

    def __aexit__(self, exc_type: object, exc_val: object, exc_tb: object) -> Deferred[bool]:
        """``async with``: release; exceptions are not swallowed."""
        self.release()
        return succeed(False)

    def acquire(self) -> Deferred[Any]:  # pragma: no cover - abstract
        raise NotImplementedError()

    def release(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError()


class DeferredLock(_ConcurrencyPrimitive):
    """A lock for Deferred code; ``acquire()`` fires (with the lock) once it is held."""

    locked = False

    def _cancelAcquire(self, d: Deferred[Any]) -> None:
        self.waiting.remove(d)

    def acquire(self) -> Deferred[DeferredLock]:
        """A Deferred that fires with this lock once the caller holds it."""
        d: Deferred[DeferredLock] = Deferred(canceller=self._cancelAcquire)
        if self.locked:
            self.waiting.append(d)
        else:
            self.locked = True
            d.callback(self)
        return d

    def release(self) -> None:
        """Release; the next waiter (if any) gets the lock at once."""
        assert self.locked, "Tried to release an unlocked lock"
        self.locked = False
        if self.waiting:
            self.locked = True
            self.waiting.pop(0).callback(self)


class DeferredSemaphore(_ConcurrencyPrimitive):
    """A semaphore for Deferred code with ``tokens`` slots (at least one)."""

    def __init__(self, tokens: int) -> None:
        if tokens < 1:
            raise ValueError("DeferredSemaphore requires tokens >= 1")
        _ConcurrencyPrimitive.__init__(self)
        self.tokens = tokens
        self.limit = tokens

    def _cancelAcquire(self, d: Deferred[Any]) -> None:
        self.waiting.remove(d)

    def acquire(self) -> Deferred[DeferredSemaphore]:
        """A Deferred that fires with this semaphore once a token is held."""
        assert self.tokens >= 0, "Internal inconsistency??  tokens should never be negative"
        d: Deferred[DeferredSemaphore] = Deferred(canceller=self._cancelAcquire)
        if not self.tokens:
            self.waiting.append(d)
        else:
            self.tokens = self.tokens - 1
            d.callback(self)
        return d

    def release(self) -> None:
        """Give a token back; the next waiter (if any) takes it at once."""
        assert self.tokens < self.limit, "Someone released me too many times: too many tokens!"
        self.tokens = self.tokens + 1
        if self.waiting:
            self.tokens = self.tokens - 1
            self.waiting.pop(0).callback(self)


class DeferredQueue(Generic[_T]):
    """A queue whose ``get()`` answers a Deferred.

    ``size`` bounds the pending items (:class:`QueueOverflow` beyond), ``backlog`` bounds the
    waiting getters (:class:`QueueUnderflow` beyond); ``None`` means unbounded.
    """

    def __init__(self, size: int | None = None, backlog: int | None = None) -> None:
        self.waiting: list[Deferred[_T]] = []
        self.pending: list[_T] = []
        self.size = size
        self.backlog = backlog

    def _cancelGet(self, d: Deferred[_T]) -> None:
        self.waiting.remove(d)

    def put(self, obj: _T) -> None:
        """Hand ``obj`` to the oldest waiting getter, or keep it."""
        if self.waiting:
            self.waiting.pop(0).callback(obj)
        elif self.size is None or len(self.pending) < self.size:
            self.pending.append(obj)
        else:
            raise QueueOverflow()

    def get(self) -> Deferred[_T]:
        """A Deferred with the oldest item (fired at once if one is pending)."""
        if self.pending:
            return succeed(self.pending.pop(0))
        elif self.backlog is None or len(self.waiting) < self.backlog:
            d: Deferred[_T] = Deferred(canceller=self._cancelGet)
            self.waiting.append(d)
            return d
        else:
            raise QueueUnderflow()


class DeferredFilesystemLock(FilesystemLock):
    """A :class:`FilesystemLock` that can wait for the lock (polling every second)."""

    _interval = 1
    _tryLockCall: IDelayedCall | None = None
    _timeoutCall: IDelayedCall | None = None

    def __init__(self, name: str, scheduler: IReactorTime | None = None) -> None:
        super().__init__(name)
        if scheduler is None:
            from twistio.internet import reactor as theReactor

            scheduler = theReactor  # type: ignore[assignment]
        self._scheduler: IReactorTime = scheduler  # type: ignore[assignment]

    def deferUntilLocked(self, timeout: float | None = None) -> Deferred[None]:
        """A Deferred that fires once this process holds the lock, or fails with
        :class:`TimeoutError` after ``timeout`` seconds; fails with
        :class:`AlreadyTryingToLockError` if a wait is already in progress."""
        if self._tryLockCall is not None:
            return fail(AlreadyTryingToLockError("deferUntilLocked isn't safe for concurrent use."))

        def _cancelLock(reason: BaseException | Failure) -> None:
            assert self._tryLockCall is not None
            self._tryLockCall.cancel()
            self._tryLockCall = None
            if self._timeoutCall is not None and self._timeoutCall.active():
                self._timeoutCall.cancel()
            self._timeoutCall = None
            if self.lock():
                d.callback(None)
            else:
                d.errback(reason)

        d: Deferred[None] = Deferred(lambda deferred: _cancelLock(CancelledError()))

        def _tryLock() -> None:
            if self.lock():
                if self._timeoutCall is not None:
                    self._timeoutCall.cancel()
                    self._timeoutCall = None
                self._tryLockCall = None
                d.callback(None)
            else:
                if timeout is not None and self._timeoutCall is None:
                    reason = Failure(
                        TimeoutError(f"Timed out acquiring lock: {self.name} after {timeout:f}s")
                    )
                    self._timeoutCall = self._scheduler.callLater(timeout, _cancelLock, reason)
                self._tryLockCall = self._scheduler.callLater(self._interval, _tryLock)

        _tryLock()
        return d
