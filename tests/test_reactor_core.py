"""The asyncio reactor's core: time, run/stop/crash, system events, threads, FD set.

Each test uses its own AsyncioReactor on a fresh loop of the kind under test (TWISTIO_LOOP),
so nothing is installed globally.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import pytest
from zope.interface.verify import verifyObject

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import defer, error, interfaces
from twistio.internet.base import DelayedCall


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


def test_provides_interfaces(reactor: AsyncioReactor) -> None:
    """The reactor verifiably provides the core reactor interfaces."""
    for iface in (
        interfaces.IReactorCore,
        interfaces.IReactorTime,
        interfaces.IReactorThreads,
        interfaces.IReactorTCP,
        interfaces.IReactorFDSet,
        interfaces.IReactorPluggableResolver,
    ):
        assert verifyObject(iface, reactor)


def test_seconds_is_wall_clock(reactor: AsyncioReactor) -> None:
    """seconds() is time.time(), like Twisted's reactors."""
    assert abs(reactor.seconds() - time.time()) < 0.5


def test_callLater_order_cancel_and_delayed_calls(reactor: AsyncioReactor) -> None:
    """Calls run in time order; cancelled ones never run; getDelayedCalls lists pending ones."""
    seen: list[str] = []
    reactor.callLater(0.02, seen.append, "late")
    early = reactor.callLater(0.0, seen.append, "early")
    dropped = reactor.callLater(0.01, seen.append, "dropped")
    assert isinstance(early, DelayedCall)
    assert set(reactor.getDelayedCalls()) >= {early, dropped}
    dropped.cancel()
    assert not dropped.active()
    with pytest.raises(error.AlreadyCancelled):
        dropped.cancel()
    reactor.callLater(0.05, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert seen == ["early", "late"]
    assert early.called and not early.active()
    with pytest.raises(error.AlreadyCalled):
        early.cancel()
    assert reactor.getDelayedCalls() == []


def test_reset_and_delay_move_a_call(reactor: AsyncioReactor) -> None:
    """reset() and delay() reschedule the loop timer; getTime() reflects the move."""
    seen: list[float] = []
    start = reactor.seconds()
    call = reactor.callLater(10, lambda: seen.append(reactor.seconds()))
    call.reset(0.05)
    assert call.getTime() == pytest.approx(start + 0.05, abs=0.02)
    call.delay(0.05)
    assert call.getTime() == pytest.approx(start + 0.1, abs=0.02)
    reactor.callLater(0.3, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert len(seen) == 1
    assert seen[0] - start == pytest.approx(0.1, abs=0.08)


def test_timed_call_exception_is_logged_not_fatal(reactor: AsyncioReactor) -> None:
    """An exception in a timed call is logged and the reactor keeps going."""
    from twistio.logger import globalLogPublisher

    events: list[dict[str, Any]] = []
    globalLogPublisher.addObserver(events.append)
    try:
        reactor.callLater(0, lambda: 1 / 0)
        after: list[int] = []
        reactor.callLater(0.01, after.append, 1)
        reactor.callLater(0.02, reactor.stop)
        reactor.run(installSignalHandlers=False)
    finally:
        globalLogPublisher.removeObserver(events.append)
    assert after == [1]
    failures = [e for e in events if "log_failure" in e]
    assert failures and failures[0]["log_failure"].check(ZeroDivisionError)


def test_crash_then_run_again_then_stop_is_final(reactor: AsyncioReactor) -> None:
    """run/crash/run works (trial does it); after stop(), run() is not restartable."""
    events: list[str] = []
    reactor.addSystemEventTrigger("after", "startup", events.append, "startup")
    reactor.addSystemEventTrigger("before", "shutdown", events.append, "shutdown")
    reactor.callWhenRunning(events.append, "running1")
    reactor.callLater(0, reactor.crash)
    reactor.run(installSignalHandlers=False)
    assert not reactor.running
    reactor.callWhenRunning(events.append, "running2")
    reactor.callLater(0, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert events == ["startup", "running1", "running2", "shutdown"]
    with pytest.raises(error.ReactorNotRestartable):
        reactor.run(installSignalHandlers=False)
    with pytest.raises(error.ReactorNotRunning):
        reactor.stop()


def test_stop_twice_raises(reactor: AsyncioReactor) -> None:
    """A second stop() while shutting down raises ReactorNotRunning."""
    raised: list[BaseException] = []

    def stopTwice() -> None:
        reactor.stop()
        try:
            reactor.stop()
        except error.ReactorNotRunning as e:
            raised.append(e)

    reactor.callWhenRunning(stopTwice)
    reactor.run(installSignalHandlers=False)
    assert len(raised) == 1


def test_run_inside_running_raises(reactor: AsyncioReactor) -> None:
    """run() while running raises ReactorAlreadyRunning (synchronously)."""
    raised: list[BaseException] = []

    def again() -> None:
        try:
            reactor.startRunning()
        except error.ReactorAlreadyRunning as e:
            raised.append(e)
        reactor.stop()

    reactor.callWhenRunning(again)
    reactor.run(installSignalHandlers=False)
    assert len(raised) == 1


def test_shutdown_waits_for_deferred_before_trigger(reactor: AsyncioReactor) -> None:
    """A 'before' shutdown trigger returning a Deferred delays the 'during' phase."""
    order: list[str] = []
    d: defer.Deferred[None] = defer.Deferred()

    def before() -> defer.Deferred[None]:
        order.append("before")
        reactor.callLater(0.05, lambda: (order.append("fired"), d.callback(None)))
        return d

    reactor.addSystemEventTrigger("before", "shutdown", before)
    reactor.addSystemEventTrigger("during", "shutdown", order.append, "during")
    reactor.addSystemEventTrigger("after", "shutdown", order.append, "after")
    reactor.callWhenRunning(reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert order == ["before", "fired", "during", "after"]


def test_system_event_trigger_errors(reactor: AsyncioReactor) -> None:
    """Bad phases raise KeyError; removed triggers do not fire; removing twice fails."""
    with pytest.raises(KeyError):
        reactor.addSystemEventTrigger("sometime", "custom", lambda: None)
    fired: list[int] = []
    handle = reactor.addSystemEventTrigger("during", "custom", fired.append, 1)
    reactor.addSystemEventTrigger("during", "custom", fired.append, 2)
    reactor.removeSystemEventTrigger(handle)
    with pytest.raises(ValueError):
        reactor.removeSystemEventTrigger(handle)
    reactor.fireSystemEvent("custom")
    assert fired == [2]


def test_callFromThread_wakes_the_loop(reactor: AsyncioReactor) -> None:
    """callFromThread from another thread runs promptly in the reactor thread."""
    ran_in: list[threading.Thread] = []

    def worker() -> None:
        time.sleep(0.05)
        reactor.callFromThread(lambda: (ran_in.append(threading.current_thread()), reactor.stop()))

    threading.Thread(target=worker).start()
    reactor.callLater(5, reactor.stop)  # safety net
    start = time.monotonic()
    reactor.run(installSignalHandlers=False)
    assert ran_in == [threading.current_thread()]
    assert time.monotonic() - start < 2


def test_callInThread_and_threadpool(reactor: AsyncioReactor) -> None:
    """callInThread runs in a pool thread; the pool stops at shutdown."""
    from twistio.internet.threads import deferToThreadPool

    results: list[Any] = []
    d = deferToThreadPool(reactor, reactor.getThreadPool(), lambda: threading.current_thread())
    d.addCallback(results.append)
    d.addCallback(lambda _: reactor.stop())
    reactor.run(installSignalHandlers=False)
    assert results and results[0] is not threading.current_thread()
    assert reactor.threadpool is None


def test_fdset_reader(reactor: AsyncioReactor) -> None:
    """addReader calls doRead when readable; removeAll returns and forgets it."""
    a, b = socket.socketpair()
    got: list[bytes] = []

    class Reader:
        def fileno(self) -> int:
            return a.fileno()

        def doRead(self) -> None:
            got.append(a.recv(100))
            removed.extend(reactor.removeAll())
            reactor.stop()

        def connectionLost(self, reason: Any) -> None:
            pass

        def logPrefix(self) -> str:
            return "Reader"

    removed: list[Any] = []
    reader = Reader()
    reactor.addReader(reader)
    assert reader in reactor.getReaders()
    b.send(b"ping")
    reactor.callLater(5, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert got == [b"ping"]
    assert removed == [reader]
    assert reader not in reactor.getReaders()
    a.close()
    b.close()


def test_iterate_runs_pending_work(reactor: AsyncioReactor) -> None:
    """iterate() runs what is ready without run()."""
    seen: list[int] = []
    reactor.callLater(0, seen.append, 1)
    for _ in range(5):
        reactor.iterate(0)
        if seen:
            break
    assert seen == [1]


def test_callLater_carries_contextvars(reactor: AsyncioReactor) -> None:
    """A timed call sees the contextvars of where it was scheduled; what it sets stays in it."""
    import contextvars

    var: contextvars.ContextVar[str] = contextvars.ContextVar("var", default="unset")
    seen: list[str] = []

    def first() -> None:
        seen.append(var.get())
        var.set("leaked?")

    def second() -> None:
        seen.append(var.get())

    def schedule() -> None:
        var.set("scheduled")
        reactor.callLater(0, first)

    contextvars.copy_context().run(schedule)
    reactor.callLater(0.01, second)
    reactor.callLater(0.02, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert seen == ["scheduled", "unset"]
