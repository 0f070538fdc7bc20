"""Trial's asynchronous test case: fixtures, tests and cleanups may return Deferreds (or be
``async def``); the reactor runs until they fire.

Contract of :meth:`TestCase.run` (on top of :class:`SynchronousTestCase`'s):

- ``setUp``, the test method, ``tearDown`` and each cleanup may return a Deferred or a
  coroutine; the next step waits for it.  Generator test methods are an error (they would
  never run).
- Each of ``setUp``, the test and ``tearDown`` gets ``getTimeout()`` seconds (the ``timeout``
  attribute, default ``util.DEFAULT_TIMEOUT_DURATION``); when it expires the step's Deferred
  fails with ``defer.TimeoutError("<test> (<method>) still running at <n> secs")``.
- While waiting, the global reactor runs (``reactor.run()``; ``reactor.crash()`` when the
  test's Deferred chain is done).  Nothing spins when every step finished synchronously.
- After the test the janitor cancels and reports delayed calls left pending, then (after the
  success is reported) removes and reports selectables and stops the reactor's threads.
"""

from __future__ import annotations

import functools
import inspect
import unittest as pyunit
import warnings
from collections.abc import Callable
from typing import Any

from zope.interface import implementer

import twistio.internet as _internet
from twistio.internet import defer
from twistio.python import failure
from twistio.python import util as putil
from twistio.trial import itrial, util
from twistio.trial._synctest import FailTest, SkipTest, SynchronousTestCase

__name__ = "twisted.trial._asynctest"

__all__ = ["TestCase", "FailTest", "SkipTest"]

# Non-empty while a test is waiting on the reactor (_wait is not reentrant).
_wait_is_running: list[None] = []


def _reactor() -> Any:
    # Ask the package object itself: a test may have replaced sys.modules until its cleanups
    # run (TwistedModulesMixin.replaceSysModules), and an import would then load a second
    # twistio into the replacement.
    installed = _internet.__dict__.get("reactor")
    if installed is not None:
        return installed
    from twistio.internet import reactor

    return reactor


class _Failed:
    """A step's failure, passed along as a value."""

    def __init__(self, failure: failure.Failure) -> None:
        self.failure = failure


@implementer(itrial.ITestCase)
class TestCase(SynchronousTestCase):  # type: ignore[misc]  # skip is looked up, never defined (see getSkip)
    """A test case whose fixtures, test methods and cleanups may be asynchronous."""

    def __init__(self, methodName: str = "runTest") -> None:
        super().__init__(methodName)
        self._timedOut = False

    def assertFailure(self, deferred: defer.Deferred[Any], *expectedFailures: type) -> Any:
        """Fail (asynchronously) unless ``deferred`` fails with one of ``expectedFailures``;
        the returned Deferred fires with the exception."""

        def cb(ignore: object) -> None:
            raise self.failureException(f"did not catch an error, instead got {ignore!r}")

        def eb(f: failure.Failure) -> Any:
            if f.check(*expectedFailures):
                return f.value
            raise self.failureException(f"\nExpected: {expectedFailures!r}\nGot:\n{f}")

        return deferred.addCallbacks(cb, eb)

    failUnlessFailure = assertFailure

    def getTimeout(self) -> float:
        """Seconds each step may take: the ``timeout`` attribute (method, class, module)."""
        timeout = util.acquireAttribute(self._parents, "timeout", util.DEFAULT_TIMEOUT_DURATION)
        try:
            return float(timeout)
        except (ValueError, TypeError):
            warnings.warn(
                "'timeout' attribute needs to be a number.",
                stacklevel=2,
                category=DeprecationWarning,
            )
            return util.DEFAULT_TIMEOUT_DURATION

    def _run(self, methodName: str, result: Any) -> defer.Deferred[Any]:
        """Call one step; its Deferred fails with TimeoutError if it takes too long."""
        if methodName == self._testMethodName:
            method = self._testMethod()
        else:
            method = getattr(self, methodName)
        return self._runStep(methodName, method, result)

    def _runStep(
        self, methodName: str, method: Callable[[], Any], result: Any
    ) -> defer.Deferred[Any]:
        """Call ``method`` (named ``methodName`` in the timeout message) under the test's
        suppressions; its Deferred fails with TimeoutError if it takes too long."""
        reactor = _reactor()
        timeout = self.getTimeout()
        if inspect.isgeneratorfunction(method):
            exc = TypeError(f"{method!r} is a generator function and therefore will never run")
            return defer.fail(exc)
        d: defer.Deferred[Any] = defer.maybeDeferred(
            putil.runWithWarningsSuppressed, self.getSuppress(), method
        )

        def onTimeout() -> None:
            e = defer.TimeoutError(f"{self!r} ({methodName}) still running at {timeout} secs")
            f = failure.Failure(e)
            try:
                d.errback(f)
            except defer.AlreadyCalledError:
                # The step's Deferred was already fired (it is waiting on a nested one):
                # stop waiting and report the timeout here.
                reactor.crash()
                self._timedOut = True
                todo = self.getTodo()
                if todo is not None and todo.expected(f):
                    result.addExpectedFailure(self, f, todo)
                else:
                    result.addError(self, f)

        if d.called and not isinstance(getattr(d, "result", None), defer.Deferred):
            return d
        call = reactor.callLater(timeout, onTimeout)

        def cancelTimeout(r: object) -> object:
            if call.active():
                call.cancel()
            return r

        return d.addBoth(cancelTimeout)

    def addCleanup(  # type: ignore[override]
        self, f: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> None:
        """Call ``f(*args, **kwargs)`` after tearDown (last added first); a Deferred it
        returns is waited for before the next cleanup."""
        super().addCleanup(f, *args, **kwargs)

    async def _phases(self, result: Any) -> None:
        # Each step's failure arrives as a value (not raised into this coroutine), so the
        # Failure keeps the traceback of where the step failed.
        # Trial's order: setUp, the test, the cleanups (last added first), then tearDown;
        # when setUp fails only the cleanups run.
        outcome = await self._run("setUp", result).addErrback(_Failed)
        if isinstance(outcome, _Failed):
            self._reportFixture(result, outcome.failure)
            await self._runCleanupsAsync(result)
            return
        try:
            outcome = await self._run(self._testMethodName, result).addErrback(_Failed)
            if isinstance(outcome, _Failed):
                self._report(result, outcome.failure, self.getTodo())
            else:
                self._methodPassed = True
        finally:
            await self._runCleanupsAsync(result)
        outcome = await self._run("tearDown", result).addErrback(_Failed)
        if isinstance(outcome, _Failed):
            self._reportFixture(result, outcome.failure)

    def _reportFixture(self, result: Any, f: failure.Failure) -> None:
        """A fixture of an asynchronous test that fails, even by ``self.fail``, errs (trial)."""
        if f.check(SkipTest, pyunit.SkipTest):
            self._report(result, f)
        else:
            self._passed = False
            result.addError(self, f)
            if f.check(KeyboardInterrupt):
                result.stop()

    def _report(self, result: Any, f: failure.Failure, todo: Any = None) -> None:
        """As for a synchronous test, but a KeyboardInterrupt also stops the whole run."""
        super()._report(result, f, todo)
        if f.check(KeyboardInterrupt):
            result.stop()

    async def _runCleanupsAsync(self, result: Any) -> None:
        while self._cleanups:
            f, args, kwargs = self._cleanups.pop()
            name = f"cleanup function {getattr(f, '__name__', repr(f))}"
            step = functools.partial(f, *args, **kwargs)
            outcome = await self._runStep(name, step, result).addErrback(_Failed)
            if isinstance(outcome, _Failed):
                result.addError(self, outcome.failure)
                self._passed = False

    def _runFixturesAndTest(self, result: Any) -> None:
        self._passed = True
        self._methodPassed = False
        self._timedOut = False
        d = defer.Deferred.fromCoroutine(self._phases(result))
        failures: list[failure.Failure] = []
        d.addErrback(failures.append)
        try:
            self._wait(d)
        finally:
            for f in failures:
                result.addError(self, f)
                self._passed = False
                if f.check(KeyboardInterrupt):
                    result.stop()
            self._cleanUp(result)
            self._classCleanUp(result)

    def _cleanUp(self, result: Any) -> None:
        try:
            if not util._Janitor(self, result).postCaseCleanup():
                self._passed = False
        except BaseException:
            result.addError(self, failure.Failure())
            self._passed = False
        self._checkLoggedErrors(result)
        self._reportOutcome(result)

    def _classCleanUp(self, result: Any) -> None:
        try:
            util._Janitor(self, result).postClassCleanup()
        except BaseException:
            result.addError(self, failure.Failure())

    def _wait(self, d: defer.Deferred[Any], running: list[None] = _wait_is_running) -> None:
        """Run the reactor until ``d`` has fired (not at all if it already has)."""
        if running:
            raise RuntimeError("_wait is not reentrant")
        results: list[Any] = []

        def record(r: object) -> object:
            results.append(r)
            return r

        d.addBoth(record)
        if results:
            return
        reactor = _reactor()
        waiting = [True]

        def crash(r: object) -> object:
            if waiting[0]:
                reactor.crash()
            return r

        d.addBoth(crash)
        running.append(None)
        try:
            while not results and not self._timedOut:
                reactor.run(installSignalHandlers=False)
                if not results and not self._timedOut and not _reactorRestartable(reactor):
                    # Someone stopped the reactor for good: nothing can make progress.
                    raise KeyboardInterrupt()
        finally:
            waiting[0] = False
            running.pop()


def _reactorRestartable(reactor: Any) -> bool:
    return not getattr(reactor, "_startedBefore", False)


TestCase.__module__ = "twisted.trial.unittest"
