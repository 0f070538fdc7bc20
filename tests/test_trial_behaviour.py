"""twistio.trial's TestCase semantics as trial has them (each checked against real trial)."""

from __future__ import annotations

from io import StringIO
from typing import Any

from twistio.internet import defer, reactor
from twistio.trial import reporter, runner, unittest


def _run(test: Any) -> reporter.TestResult:
    result = reporter.TestResult()
    test.run(result)
    return result


def test_cleanups_run_before_tearDown_in_reverse() -> None:
    """Cleanups run after the test, last added first, and before tearDown."""
    log: list[str] = []

    class T(unittest.SynchronousTestCase):
        def setUp(self) -> None:
            self.addCleanup(log.append, "first added")
            self.addCleanup(log.append, "last added")

        def tearDown(self) -> None:
            log.append("tearDown")

        def test_it(self) -> None:
            log.append("test")

    result = _run(T("test_it"))
    assert log == ["test", "last added", "first added", "tearDown"]
    assert result.wasSuccessful()


def test_failing_cleanup_is_an_error_after_success_for_synchronous_tests() -> None:
    """A SynchronousTestCase whose cleanup fails is both a success and an error."""

    class T(unittest.SynchronousTestCase):
        def test_it(self) -> None:
            self.addCleanup(self.fail, "in cleanup")

    result = _run(T("test_it"))
    assert result.successes == 1
    assert [e[1].getErrorMessage() for e in result.errors] == ["in cleanup"]
    assert result.failures == []


def test_failing_cleanup_is_only_an_error_for_asynchronous_tests() -> None:
    class T(unittest.TestCase):
        def test_it(self) -> None:
            self.addCleanup(lambda: 1 / 0)

    result = _run(T("test_it"))
    assert result.successes == 0
    assert [e[1].type for e in result.errors] == [ZeroDivisionError]


def test_asynchronous_fixture_failure_is_an_error() -> None:
    """self.fail in an asynchronous setUp is reported as an error, not a failure."""

    class T(unittest.TestCase):
        def setUp(self) -> defer.Deferred[None]:
            return defer.succeed(None).addCallback(lambda _: self.fail("setUp"))

        def test_it(self) -> None:
            raise AssertionError("must not run")

    result = _run(T("test_it"))
    assert len(result.errors) == 1 and result.failures == []


def test_cleanup_deferred_is_waited_for_and_times_out() -> None:
    """A cleanup's Deferred is waited for; one that never fires times out the test."""
    log: list[str] = []

    class T(unittest.TestCase):
        timeout = 0.2

        def test_waits(self) -> None:
            def cleanup() -> defer.Deferred[None]:
                d: defer.Deferred[None] = defer.Deferred()
                reactor.callLater(0, d.callback, None)
                return d.addCallback(lambda _: log.append("cleaned"))

            self.addCleanup(cleanup)

        def test_hangs(self) -> None:
            self.addCleanup(defer.Deferred)

    assert _run(T("test_waits")).wasSuccessful()
    assert log == ["cleaned"]
    result = _run(T("test_hangs"))
    [(_, error)] = result.errors
    assert error.check(defer.TimeoutError)
    assert "(cleanup function Deferred) still running at 0.2 secs" in str(error.value)


def test_keyboard_interrupt_stops_asynchronous_runs_only() -> None:
    ran: list[str] = []

    class Async(unittest.TestCase):
        def test_1(self) -> None:
            ran.append("1")
            raise KeyboardInterrupt()

        def test_2(self) -> None:
            ran.append("2")

    result = reporter.TestResult()
    runner.TestLoader().loadClass(Async).run(result)
    assert ran == ["1"] and result.shouldStop and len(result.errors) == 1

    class Sync(unittest.SynchronousTestCase):
        def test_1(self) -> None:
            raise KeyboardInterrupt()

    result = _run(Sync("test_1"))
    assert not result.shouldStop and len(result.errors) == 1


def test_todo_with_failing_tearDown_is_unexpected_success_and_error() -> None:
    class T(unittest.SynchronousTestCase):
        def tearDown(self) -> None:
            raise RuntimeError("tearDown")

        def test_it(self) -> None:
            pass

        test_it.todo = "expected to fail"  # type: ignore[attr-defined]

    result = _run(T("test_it"))
    assert len(result.unexpectedSuccesses) == 1 and len(result.errors) == 1


def test_verbose_reporter_prints_every_outcome() -> None:
    """bwverbose shows '[ERROR][OK]' for a test that passes and errs in a cleanup."""

    class T(unittest.SynchronousTestCase):
        def test_it(self) -> None:
            self.addCleanup(lambda: 1 / 0)

    stream = StringIO()
    T("test_it").run(reporter.VerboseTextReporter(stream))
    assert stream.getvalue().endswith(" ... [ERROR][OK]\n")


def test_loadByNames_repeated_and_missing_names() -> None:
    """A repeated name loads once; a dotted name that imports nothing errs in its place."""
    loader = runner.TestLoader()
    suite = loader.loadByNames(["doesnotexist_twistio.thing", "doesnotexist_twistio.thing"])
    result = reporter.TestResult()
    suite.run(result)
    [(holder, error)] = result.errors
    assert holder.id() == "doesnotexist_twistio.thing"
    assert type(error.value).__name__ == "ObjectNotFound"
