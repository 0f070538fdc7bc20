"""The Deferred <-> asyncio bridge, where twistio goes beyond Twisted:

- ``await d`` inside a plain asyncio Task (twisted #9806);
- coroutines driven by ensureDeferred/inlineCallbacks awaiting asyncio Futures and Tasks
  (twisted #11841);
- cancellation crossing the bridge both ways without unhandled-error noise (twisted #12470);
- ``Deferred.fromFuture`` of a finished future firing at once (twisted #9273).
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Generator
from typing import Any

import pytest

from twistio.internet import defer
from twistio.internet.defer import Deferred, ensureDeferred, inlineCallbacks
from twistio.logger import globalLogPublisher
from twistio.python.failure import Failure


async def test_await_deferred_inside_plain_task() -> None:
    loop = asyncio.get_running_loop()
    d: Deferred[int] = Deferred()
    loop.call_later(0.01, d.callback, 42)
    assert await d == 42


async def test_await_fired_and_failed_deferreds_inside_task() -> None:
    assert await defer.succeed("now") == "now"
    with pytest.raises(KeyError):
        await defer.fail(KeyError("k"))


async def test_await_chained_deferred_inside_task() -> None:
    loop = asyncio.get_running_loop()
    inner: Deferred[str] = Deferred()
    outer = defer.succeed(None).addCallback(lambda _: inner)
    loop.call_soon(inner.callback, "late")
    assert await outer == "late"


async def test_cancelling_task_cancels_deferred_quietly() -> None:
    cancelled: list[Deferred[Any]] = []
    d: Deferred[int] = Deferred(cancelled.append)
    events: list[dict[str, Any]] = []
    globalLogPublisher.addObserver(events.append)
    try:
        task = asyncio.ensure_future(_await(d))
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert cancelled == [d]
        assert d.called
        del d, task
        gc.collect()
    finally:
        globalLogPublisher.removeObserver(events.append)
    assert [e for e in events if e.get("isError")] == []


async def _await(d: Deferred[Any]) -> Any:
    return await d


async def test_ensure_deferred_awaits_asyncio_future_and_task() -> None:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[int] = loop.create_future()

    async def run() -> int:
        a = await future
        b = await asyncio.ensure_future(asyncio.sleep(0.001, result=5))
        await asyncio.sleep(0)
        return a + b

    d = ensureDeferred(run())
    loop.call_soon(future.set_result, 1)
    assert await d == 6


async def test_inline_callbacks_yields_future_and_coroutine() -> None:
    loop = asyncio.get_running_loop()

    async def coro() -> int:
        await asyncio.sleep(0)
        return 3

    @inlineCallbacks
    def gen() -> Generator[Any, Any, int]:
        future: asyncio.Future[int] = loop.create_future()
        loop.call_soon(future.set_result, 4)
        a = yield future
        b = yield coro()
        return a + b

    assert await gen() == 7


async def test_cancelling_driven_deferred_cancels_awaited_future() -> None:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[int] = loop.create_future()

    async def run() -> int:
        return await future

    d = ensureDeferred(run())
    d.cancel()
    assert future.cancelled()
    failure = d.result
    assert isinstance(failure, Failure) and failure.check(asyncio.CancelledError)
    d.addErrback(lambda f: None)


async def test_from_finished_future_fires_at_once() -> None:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[int] = loop.create_future()
    future.set_result(9)
    d = Deferred.fromFuture(future)
    assert d.called and d.result == 9

    failed: asyncio.Future[int] = loop.create_future()
    failed.set_exception(ValueError("v"))
    d2 = Deferred.fromFuture(failed)
    assert d2.called and d2.result.check(ValueError)
    d2.addErrback(lambda f: None)


async def test_cancel_from_future_deferred_cancels_future() -> None:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[int] = loop.create_future()
    d = Deferred.fromFuture(future)
    d.cancel()
    assert future.cancelled()
    assert d.result.check(asyncio.CancelledError)
    d.addErrback(lambda f: None)


async def test_as_future_both_ways() -> None:
    loop = asyncio.get_running_loop()
    d: Deferred[int] = Deferred()
    future = d.asFuture(loop)
    d.callback(3)
    assert await future == 3

    cancelled: list[Deferred[Any]] = []
    d2: Deferred[int] = Deferred(cancelled.append)
    future2 = d2.asFuture(loop)
    future2.cancel()
    await asyncio.sleep(0)
    assert cancelled == [d2]
    assert d2.result is None


async def test_callback_returning_coroutine_or_future_is_waited_for() -> None:
    loop = asyncio.get_running_loop()

    async def coro(x: int) -> int:
        await asyncio.sleep(0)
        return x * 2

    future: asyncio.Future[int] = loop.create_future()
    d = defer.succeed(4).addCallback(coro).addCallback(lambda r: future if r == 8 else None)
    loop.call_soon(future.set_result, 11)
    assert await d == 11


async def test_ensure_deferred_and_maybe_deferred_accept_futures() -> None:
    async def coro() -> str:
        return "task"

    assert await ensureDeferred(asyncio.ensure_future(coro())) == "task"
    assert await defer.maybeDeferred(lambda: asyncio.ensure_future(coro())) == "task"


def test_await_deferred_in_task_of_another_thread() -> None:
    """A Task in a thread of its own bridges too (the driver marker is per thread)."""
    import threading

    d: Deferred[str] = Deferred()
    started = threading.Event()
    box: list[str] = []
    loops: list[asyncio.AbstractEventLoop] = []

    async def main() -> None:
        loops.append(asyncio.get_running_loop())
        started.set()
        box.append(await d)

    thread = threading.Thread(target=asyncio.run, args=(main(),))
    thread.start()
    assert started.wait(5)
    loops[0].call_soon_threadsafe(d.callback, "across")
    thread.join(5)
    assert box == ["across"]


async def test_await_deferred_failing_with_asyncio_cancelled_error() -> None:
    """A Deferred failing with asyncio's CancelledError cancels the bridged future rather
    than breaking it (Futures refuse CancelledError as an exception)."""
    loop = asyncio.get_running_loop()
    inner: asyncio.Future[int] = loop.create_future()
    d = Deferred.fromFuture(inner)
    inner.cancel()
    task = asyncio.ensure_future(_await(d))
    with pytest.raises(asyncio.CancelledError):
        await task
    assert task.cancelled()
