"""twisted.internet.threads: run code in threads and get a Deferred, or call the reactor
thread from other threads and wait."""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterable
from typing import Any

from twistio.python import failure

__name__ = "twisted.internet.threads"


def deferToThreadPool(
    reactor: Any, threadpool: Any, f: Callable[..., Any], *args: Any, **kwargs: Any
) -> Any:
    """Run ``f`` in ``threadpool``; the Deferred fires in the reactor thread with its result."""
    from twistio.internet.defer import Deferred

    d: Any = Deferred()

    def onResult(success: bool, result: Any) -> None:
        if success:
            reactor.callFromThread(d.callback, result)
        else:
            reactor.callFromThread(d.errback, result)

    threadpool.callInThreadWithCallback(onResult, f, *args, **kwargs)
    return d


def deferToThread(f: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run ``f`` in the reactor's thread pool; returns a Deferred of its result."""
    from twistio.internet import reactor

    return deferToThreadPool(reactor, reactor.getThreadPool(), f, *args, **kwargs)  # type: ignore[attr-defined]


def _runMultiple(tupleList: Iterable[tuple[Callable[..., Any], Any, Any]]) -> None:
    for f, args, kwargs in tupleList:
        f(*args, **kwargs)


def callMultipleInThread(tupleList: list[tuple[Callable[..., Any], Any, Any]]) -> None:
    """Run each ``(f, args, kwargs)`` in order, in one pool thread."""
    from twistio.internet import reactor

    reactor.callInThread(_runMultiple, tupleList)  # type: ignore[attr-defined]


def blockingCallFromThread(reactor: Any, f: Callable[..., Any], *a: Any, **kw: Any) -> Any:
    """From a non-reactor thread: run ``f`` in the reactor thread and wait for its result.

    If ``f`` returns a Deferred, waits for it; a failure is raised here.
    """
    from twistio.internet.defer import maybeDeferred

    results: queue.Queue[Any] = queue.Queue()

    def inReactor() -> None:
        d = maybeDeferred(f, *a, **kw)
        d.addBoth(results.put)

    reactor.callFromThread(inReactor)
    result = results.get()
    if isinstance(result, failure.Failure):
        result.raiseException()
    return result


__all__ = [
    "deferToThread",
    "deferToThreadPool",
    "callMultipleInThread",
    "blockingCallFromThread",
]
