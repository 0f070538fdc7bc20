"""The bridge between Deferreds and asyncio Futures, in both directions.

- ``Deferred.asFuture(loop)``: a Future with the Deferred's outcome.  Cancelling the Future
  cancels the Deferred (the Deferred's CancelledError is consumed: no "Unhandled error"
  report); a Deferred that its canceller forces to succeed leaves the Future cancelled.
- ``Deferred.fromFuture(future)``: a Deferred with the Future's outcome.  An already finished
  Future fires the Deferred at once (twisted #9273); cancelling the Deferred cancels the
  Future and fails the Deferred with :class:`asyncio.CancelledError` straight away
  (twisted #12470).
"""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

from twistio.internet._deferred import Deferred
from twistio.python.failure import Failure

__name__ = "twisted.internet.defer"

_T = TypeVar("_T")


def deferredAsFuture(d: Deferred[_T], loop: asyncio.AbstractEventLoop) -> asyncio.Future[_T]:
    """See :meth:`Deferred.asFuture`."""
    future: asyncio.Future[_T] = loop.create_future()

    def settle(result: object) -> None:
        if future.done():
            # Cancelled from the asyncio side; whatever the Deferred did is dropped.
            return None
        if isinstance(result, Failure):
            exc = result.value
            if isinstance(exc, asyncio.CancelledError):
                # Futures refuse CancelledError as an exception: they are cancelled instead.
                future.cancel()
            elif isinstance(exc, StopIteration):
                # Futures refuse StopIteration (it would end the awaiting generator).
                error = RuntimeError(f"Deferred failed with {exc!r}")
                error.__cause__ = exc
                future.set_exception(error)
            elif isinstance(exc, BaseException):
                future.set_exception(exc)
            else:  # pragma: no cover - Failures of non-exceptions
                future.set_exception(Exception(exc))
        else:
            future.set_result(result)  # type: ignore[arg-type]
        return None

    def cancelDeferred(f: asyncio.Future[_T]) -> None:
        if f.cancelled():
            d.cancel()

    future.add_done_callback(cancelDeferred)
    d.addBoth(settle)
    return future


def deferredFromFuture(cls: type[Deferred[Any]], future: asyncio.Future[_T]) -> Deferred[_T]:
    """See :meth:`Deferred.fromFuture`."""

    def cancel(d: Deferred[Any]) -> None:
        future.cancel()
        if not d.called:
            d.errback(Failure(asyncio.CancelledError()))

    d: Deferred[_T] = cls(cancel)

    def adapt(f: asyncio.Future[_T]) -> None:
        if d.called:
            return
        if f.cancelled():
            d.errback(Failure(asyncio.CancelledError()))
            return
        exc = f.exception()
        if exc is not None:
            d.errback(Failure(exc))
        else:
            d.callback(f.result())

    if future.done():
        adapt(future)
    else:
        future.add_done_callback(adapt)
    return d
