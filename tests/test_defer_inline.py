"""inlineCallbacks, ensureDeferred and fromCoroutine: results, failures, cancellation,
contextvars, stack use, and the lists/locks built on Deferreds."""

from __future__ import annotations

import contextvars
import warnings
from collections.abc import Generator
from typing import Any

import pytest

from twistio.internet import defer
from twistio.internet.defer import (
    CancelledError,
    Deferred,
    DeferredLock,
    DeferredQueue,
    DeferredSemaphore,
    FailureGroup,
    FirstError,
    NotACoroutineError,
    ensureDeferred,
    gatherResults,
    inlineCallbacks,
    race,
    succeed,
)
from twistio.python.failure import Failure


def result_of(d: Deferred[Any]) -> Any:
    box: list[Any] = []
    d.addBoth(box.append)
    assert box, "no result"
    return box[0]


def test_inline_callbacks_yields_and_returns() -> None:
    waiting: Deferred[int] = Deferred()

    @inlineCallbacks
    def gen() -> Generator[Any, Any, int]:
        a = yield succeed(1)
        b = yield 2
        c = yield waiting
        return a + b + c

    d = gen()
    assert not d.called
    waiting.callback(3)
    assert result_of(d) == 6


def test_inline_callbacks_many_sync_yields_do_not_recurse() -> None:
    @inlineCallbacks
    def gen() -> Generator[Any, Any, int]:
        for _ in range(20000):
            yield succeed(1)
        return 7

    assert result_of(gen()) == 7


def test_return_value_is_deprecated_but_works() -> None:
    @inlineCallbacks
    def gen() -> Generator[Any, Any, None]:
        yield None
        defer.returnValue(5)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert result_of(gen()) == 5
    assert any(
        "twisted.internet.defer.returnValue was deprecated in Twisted 24.7.0" in str(w.message)
        for w in caught
    )


def test_inline_callbacks_requires_generator() -> None:
    with pytest.raises(TypeError, match="inlineCallbacks requires"):
        inlineCallbacks(lambda: 1)()


def test_cancel_caught_inside_generator_keeps_it_going() -> None:
    first: Deferred[None] = Deferred()
    second: Deferred[None] = Deferred()

    @inlineCallbacks
    def gen() -> Generator[Any, Any, str]:
        try:
            yield first
        except CancelledError:
            pass
        yield second
        return "done"

    d = gen()
    d.cancel()
    assert isinstance(first.result, Failure) or first.result is None
    box: list[Any] = []
    d.addBoth(box.append)
    assert box == []
    second.callback(None)
    assert box == ["done"]


def test_ensure_deferred_rejects_non_coroutines() -> None:
    with pytest.raises(NotACoroutineError):
        ensureDeferred(1)  # type: ignore[call-overload]
    with pytest.raises(NotACoroutineError):
        Deferred.fromCoroutine(None)  # type: ignore[arg-type]


def test_await_failed_deferred_raises_and_consumes() -> None:
    failed = defer.fail(ValueError("boom"))

    async def run() -> str:
        try:
            await failed
        except ValueError as e:
            return str(e)
        return "no"

    assert result_of(ensureDeferred(run())) == "boom"
    assert failed.result is None


var: contextvars.ContextVar[int] = contextvars.ContextVar("var", default=0)


def test_contextvars_survive_waits_and_reset() -> None:
    waiting: Deferred[None] = Deferred()

    async def run() -> int:
        token = var.set(5)
        await waiting
        seen = var.get()
        var.reset(token)
        return seen * 10 + var.get()

    var.set(1)
    d = ensureDeferred(run())
    var.set(2)
    waiting.callback(None)
    assert result_of(d) == 51
    assert var.get() == 2


def test_gather_results_and_first_error() -> None:
    assert result_of(gatherResults([succeed(1), succeed(2)])) == [1, 2]
    bad = defer.fail(KeyError("k"))
    failure = result_of(gatherResults([succeed(1), bad], consumeErrors=True))
    assert isinstance(failure, Failure) and failure.check(FirstError)
    assert failure.value.index == 1 and failure.value.subFailure.check(KeyError)


def test_race_winner_cancels_others() -> None:
    cancelled: list[int] = []
    ds: list[Deferred[int]] = [Deferred(lambda d, i=i: cancelled.append(i)) for i in range(3)]
    r = race(ds)
    ds[1].callback(9)
    assert result_of(r) == (1, 9)
    assert cancelled == [0, 2]
    for d in (ds[0], ds[2]):
        d.addErrback(lambda f: None)


def test_race_all_fail() -> None:
    ds: list[Deferred[int]] = [Deferred(), Deferred()]
    r = race(ds)
    for d in ds:
        d.errback(ValueError())
    failure = result_of(r)
    assert failure.check(FailureGroup) and len(failure.value.failures) == 2


def test_lock_semaphore_queue() -> None:
    lock = DeferredLock()
    order: list[str] = []
    lock.acquire().addCallback(lambda _: order.append("a"))
    waiter = lock.acquire().addCallback(lambda _: order.append("b"))
    assert order == ["a"]
    lock.release()
    assert order == ["a", "b"]
    assert result_of(waiter) is None
    lock.release()
    assert not lock.locked

    sem = DeferredSemaphore(2)
    sem.acquire()
    sem.acquire()
    pending = sem.acquire()
    pending.cancel()
    assert result_of(pending).check(CancelledError)
    assert sem.waiting == []

    queue: DeferredQueue[int] = DeferredQueue(size=1)
    got = queue.get()
    queue.put(4)
    assert result_of(got) == 4
    queue.put(5)
    with pytest.raises(defer.QueueOverflow):
        queue.put(6)


def test_async_with_lock() -> None:
    lock = DeferredLock()

    async def run() -> bool:
        async with lock:
            inside = lock.locked
        return inside and not lock.locked

    assert result_of(ensureDeferred(run())) is True
