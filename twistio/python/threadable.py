"""twisted.python.threadable: which thread is the I/O (reactor) thread, and classes whose
listed methods run under a per-instance lock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import wraps
from typing import Any

__name__ = "twisted.python.threadable"

__all__ = [
    "synchronize",
    "init",
    "getThreadID",
    "isInIOThread",
    "registerAsIOThread",
    "XLock",
    "unpickle_lock",
    "threaded",
    "threadingmodule",
    "ioThread",
]

threadingmodule: Any = threading
threaded = True
#: The id of the I/O thread, once registered.
ioThread: int | None = None

_creationLock = threading.Lock()


class XLock(threading._RLock):  # type: ignore[name-defined,misc]
    """A re-entrant lock that pickles (as a fresh lock)."""

    def __reduce__(self) -> tuple[Callable[[], XLock], tuple[()]]:
        return (unpickle_lock, ())


def unpickle_lock() -> XLock:
    """A new :class:`XLock` (what an unpickled lock becomes)."""
    return XLock()


unpickle_lock.__safe_for_unpickling__ = True  # type: ignore[attr-defined]


def _instanceLock(instance: Any) -> XLock:
    lock = instance.__dict__.get("_threadable_lock")
    if lock is None:
        with _creationLock:
            lock = instance.__dict__.get("_threadable_lock")
            if lock is None:
                lock = instance.__dict__["_threadable_lock"] = XLock()
    return lock  # type: ignore[no-any-return]


def _synchronized(method: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(method)
    def sync(self: Any, *args: Any, **kwargs: Any) -> Any:
        with _instanceLock(self):
            return method(self, *args, **kwargs)

    return sync


def synchronize(*klasses: type) -> None:
    """Make the methods named in each class's ``synchronized`` list hold a per-instance
    re-entrant lock while they run."""
    for klass in klasses:
        for methodName in getattr(klass, "synchronized", ()):
            method = getattr(klass, methodName)
            setattr(klass, methodName, _synchronized(method))


def init(with_threads: int | bool = 1) -> None:
    """Kept for compatibility: threads are always supported."""
    global threaded
    threaded = bool(with_threads) or threaded


def getThreadID() -> int:
    """The identifier of the calling thread."""
    return threading.get_ident()


def isInIOThread() -> bool:
    """Whether the caller runs in the thread registered by :func:`registerAsIOThread`."""
    return ioThread == getThreadID()


def registerAsIOThread() -> None:
    """Make the calling thread the I/O thread."""
    global ioThread
    ioThread = getThreadID()
