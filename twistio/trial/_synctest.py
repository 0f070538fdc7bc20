"""Trial's synchronous test case and the pieces it is built from.

Contract of :class:`SynchronousTestCase.run`:

- ``startTest``; a skipped test (``skip`` attribute on the method, class or module, or the
  standard library's skip decorators) gets ``addSkip`` and nothing runs;
- otherwise ``setUp``, the test method, ``tearDown`` (only if ``setUp`` passed) and the
  cleanups (last added first, also when ``setUp`` failed) run, each under the ``suppress``
  warning filters, each problem reported separately (``addSkip``/``addFailure``/``addError``,
  or ``addExpectedFailure`` for the test method when a ``todo`` expects it);
- errors logged (``log.err``, or a failure through ``twisted.logger``) while the test ran and
  not flushed are reported as errors; warnings not flushed are re-emitted afterwards;
- ``addSuccess`` (or ``addUnexpectedSuccess`` under ``todo``) when nothing went wrong;
  ``stopTest``.

Results that are not trial reporters (the standard library's, pytest's) are adapted with
:class:`PyUnitResultAdapter`.
"""

from __future__ import annotations

import dis
import functools
import inspect
import os
import sys
import tempfile
import types
import unittest as pyunit
import warnings
from collections.abc import Callable
from typing import Any

from twistio.python import failure, log, monkey
from twistio.python import util as putil
from twistio.trial import itrial, util
from twistio.trial._assertions import (
    FailTest,
    _Assertions,
    _AssertRaisesContext,
    _collectWarnings,
    _setWarningRegistryToNone,
    _Warning,
)
from twistio.trial._pyunitcompat import PyUnitResultAdapter

__name__ = "twisted.trial._synctest"

__all__ = [
    "FailTest",
    "SkipTest",
    "SynchronousTestCase",
    "Todo",
    "makeTodo",
    "PyUnitResultAdapter",
    "_AssertRaisesContext",
    "_Warning",
    "_collectWarnings",
    "_setWarningRegistryToNone",
    "_LogObserver",
]


class SkipTest(Exception):
    """Raised by a test (or its setUp) to mark it as skipped; its argument is the reason."""


SkipTest.__module__ = "twisted.trial.unittest"


class UnsupportedTrialFeature(Exception):
    """A standard library feature trial does not support was used."""


class Todo:
    """An expected failure: ``reason`` and, optionally, the exception types expected."""

    def __init__(self, reason: str, errors: Any = None) -> None:
        self.reason = reason
        self.errors = errors

    def __repr__(self) -> str:
        return f"<Todo reason={self.reason!r} errors={self.errors!r}>"

    def expected(self, failure: failure.Failure) -> bool:
        """Whether ``failure`` is one this todo expects."""
        if self.errors is None:
            return True
        return any(failure.check(error) for error in self.errors)


Todo.__module__ = "twisted.trial.unittest"


def makeTodo(value: Any) -> Todo:
    """A :class:`Todo` from a ``todo`` attribute: a reason, or ``(errors, reason)``."""
    if isinstance(value, str):
        return Todo(reason=value)
    if isinstance(value, tuple):
        errors, reason = value
        if not isinstance(errors, (tuple, list)):
            errors = [errors]
        return Todo(reason=reason, errors=errors)
    raise TypeError(f"todo must be a string or an (errors, reason) tuple, not {value!r}")


makeTodo.__module__ = "twisted.trial.unittest"


class _LogObserver:
    """Collects the errors logged while tests run (one observer for the whole process)."""

    def __init__(self) -> None:
        self._errors: list[failure.Failure] = []
        self._added = 0
        self._ignored: list[Any] = []

    def _add(self) -> None:
        if self._added == 0:
            log.addObserver(self.gotEvent)
        self._added += 1

    def _remove(self) -> None:
        self._added -= 1
        if self._added == 0:
            log.removeObserver(self.gotEvent)

    def _ignoreErrors(self, *errorTypes: Any) -> None:
        self._ignored.extend(errorTypes)

    def _clearIgnores(self) -> None:
        self._ignored = []

    def flushErrors(self, *errorTypes: Any) -> list[failure.Failure]:
        """Remove and return the errors of the given types (all of them without types)."""
        if not errorTypes:
            flushed, self._errors = self._errors, []
            return flushed
        flushed = [f for f in self._errors if f.check(*errorTypes)]
        self._errors = [f for f in self._errors if not f.check(*errorTypes)]
        return flushed

    def getErrors(self) -> list[failure.Failure]:
        """The errors logged and not flushed."""
        return self._errors

    def gotEvent(self, event: dict[str, Any]) -> None:
        """Log observer: keep the failure of each error event (unless ignored)."""
        if not event.get("isError"):
            return
        f = event.get("failure")
        if f is None:
            return
        if self._ignored and f.check(*self._ignored):
            return
        self._errors.append(f)


_logObserver = _LogObserver()


def _lineRange(code: types.CodeType) -> tuple[int, int]:
    lines = [line for _, line in dis.findlinestarts(code) if line is not None]
    first = code.co_firstlineno
    return first, max([first, *lines])


class SynchronousTestCase(_Assertions):
    """A test case whose fixtures and tests run synchronously (see the module docstring)."""

    def __init__(self, methodName: str = "runTest") -> None:
        super().__init__(methodName)
        self._passed = False
        self._methodPassed = False
        self._cleanups: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = []
        self._warnings: list[_Warning] = []
        self._observer: _LogObserver | None = None
        testMethod = getattr(self, methodName, None)
        self._parents = [testMethod, self, sys.modules.get(self.__class__.__module__)]

    # Two test cases are equal only when they are the same object (a suite may hold the same
    # test method twice), but hash like Twisted's for dictionaries keyed by test.
    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other

    def __hash__(self) -> int:
        return hash((self.__class__, self._testMethodName))

    def shortDescription(self) -> str:
        """The test method's name (trial does not show docstrings here)."""
        desc = super().shortDescription()
        if desc is None:
            return self._testMethodName
        return desc

    # -- attributes: skip, todo, suppress -------------------------------------------------

    def getSkip(self) -> tuple[bool, str | None]:
        """``(True, reason)`` when a ``skip`` attribute skips this test, else ``(False, None)``."""
        skip = util.acquireAttribute(self._parents, "skip", None)
        if skip is None:
            return (False, None)
        return (True, skip)

    def _getSkipReason(self, method: Any, skip: Any) -> str:  # type: ignore[override]
        return str(skip)

    def _pyunitSkip(self) -> str | None:
        method = getattr(self, self._testMethodName, None)
        for holder in (self.__class__, method):
            if getattr(holder, "__unittest_skip__", False):
                return str(getattr(holder, "__unittest_skip_why__", ""))
        return None

    def getTodo(self) -> Todo | None:
        """The :class:`Todo` the ``todo`` attribute (method, class or module) makes, if any."""
        todo = util.acquireAttribute(self._parents, "todo", None)
        if todo is None:
            return None
        return makeTodo(todo)

    def getSuppress(self) -> list[Any]:
        """The warning filters (``util.suppress``) from the ``suppress`` attribute."""
        return list(util.acquireAttribute(self._parents, "suppress", []))

    _getSuppress = getSuppress

    # -- helpers for tests ----------------------------------------------------------------

    def addCleanup(self, f: Callable[..., Any], *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Call ``f(*args, **kwargs)`` after tearDown; the last added runs first."""
        self._cleanups.append((f, args, kwargs))

    def patch(self, obj: object, attribute: str, value: Any) -> monkey.MonkeyPatcher:
        """Set ``obj.attribute`` to ``value`` until the test ends; returns the patcher."""
        patcher = monkey.MonkeyPatcher((obj, attribute, value))
        patcher.patch()
        self.addCleanup(patcher.restore)
        return patcher

    def mktemp(self) -> str:
        """A new unique relative path (not created) below a directory named after the test."""
        # Each name is cut to 32 characters, as on Twisted: the path stays short enough to
        # bind a UNIX socket under it (108 bytes at most) however long the test's names.
        maxSegment = 32
        parts = [self.__class__.__module__, self.__class__.__name__, self._testMethodName]
        base = os.path.join(*[p[:maxSegment] for p in parts])
        # Without exist_ok: tests patch os.makedirs with one-argument fakes after mktemp().
        if not os.path.exists(base):
            os.makedirs(base)
        dirname = tempfile.mkdtemp("", "", base)
        return os.path.join(dirname, "temp")

    def flushLoggedErrors(self, *errorTypes: Any) -> list[failure.Failure]:
        """Remove and return the errors of the given types (all without types) logged so far,
        so that they do not fail the test."""
        return _logObserver.flushErrors(*errorTypes)

    def flushWarnings(self, offendingFunctions: list[Any] | None = None) -> list[dict[str, Any]]:
        """Remove and return the warnings emitted so far (only those attributed to code in
        ``offendingFunctions``, when given) as dictionaries with ``message``, ``category``,
        ``filename`` and ``lineno``."""
        if offendingFunctions is None:
            toFlush = self._warnings[:]
        else:
            ranges = []
            for f in offendingFunctions:
                if isinstance(f, types.MethodType):
                    f = f.__func__
                if not isinstance(f, types.FunctionType):
                    raise ValueError(f"{f!r} is not a function or method")
                code = f.__code__
                first, last = _lineRange(code)
                ranges.append((os.path.normcase(os.path.abspath(code.co_filename)), first, last))
            toFlush = []
            for w in self._warnings:
                filename = os.path.normcase(os.path.abspath(w.filename))
                for name, first, last in ranges:
                    if filename == name and first <= w.lineno <= last:
                        toFlush.append(w)
                        break
        for w in toFlush:
            self._warnings.remove(w)
        return [
            {
                "message": w.message,
                "category": w.category,
                "filename": w.filename,
                "lineno": w.lineno,
            }
            for w in toFlush
        ]

    def callDeprecated(self, version: Any, f: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call ``f`` and fail unless it emits the deprecation warning for ``version``."""
        from twistio.python.deprecate import getDeprecationWarningString

        collected: list[_Warning] = []
        result = _collectWarnings(collected.append, f, *args, **kwargs)
        if isinstance(version, tuple):
            version, replacement = version
        else:
            replacement = None
        if not collected:
            self.fail(f"{f!r} is not deprecated.")
        observed = collected[0]
        # Only the first warning is the one asked about; the others still go out.
        for other in collected[1:]:
            warnings.warn_explicit(other.message, other.category, other.filename, other.lineno)
        expected = getDeprecationWarningString(f, version, None, replacement)
        self.assertEqual(expected, observed.message)
        return result

    def getDeprecatedModuleAttribute(
        self, moduleName: str, name: str, version: Any, message: str | None = None
    ) -> Any:
        """Get a deprecated module attribute, checking it warns (and flushing the warning)."""

        fqpn = moduleName + "." + name
        module = sys.modules[moduleName]
        value = getattr(module, name)
        warningsShown = self.flushWarnings([self.getDeprecatedModuleAttribute])
        if len(warningsShown) == 0:
            self.fail(f"{fqpn} is not deprecated.")
        observedWarning = warningsShown[0]["message"]
        from twistio.python.deprecate import getVersionString

        self.assertIn(getVersionString(version), observedWarning)
        if message is not None:
            self.assertIn(message, observedWarning)
        return value

    # -- running --------------------------------------------------------------------------

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.run(*args, **kwargs)

    def run(self, result: Any = None) -> Any:  # type: ignore[override]
        """Run the test, reporting to ``result`` (see the module docstring)."""
        if result is None:
            result = self.defaultTestResult()
        if not itrial.IReporter.providedBy(result):
            result = PyUnitResultAdapter(result)
        result.startTest(self)
        skipped, reason = self.getSkip()
        if not skipped:
            pyunitReason = self._pyunitSkip()
            if pyunitReason is not None:
                skipped, reason = True, pyunitReason
        if skipped:
            result.addSkip(self, reason)
            result.stopTest(self)
            return None
        self._passed = False
        self._warnings = []
        self._installObserver()
        try:
            _collectWarnings(self._warnings.append, self._runFixturesAndTest, result)
        finally:
            self._removeObserver()
        for w in self.flushWarnings():
            try:
                warnings.warn_explicit(w["message"], w["category"], w["filename"], w["lineno"])
            except Exception:
                result.addError(self, failure.Failure())
                self._passed = False
        result.stopTest(self)
        return None

    def _reportOutcome(self, result: Any) -> None:
        # With a todo, the test method's own success is what is unexpected, whatever its
        # fixtures did (their errors are reported separately, as trial does).
        todo = self.getTodo()
        if todo is not None:
            if self._methodPassed:
                result.addUnexpectedSuccess(self, todo)
        elif self._passed:
            result.addSuccess(self)

    def _testMethod(self) -> Callable[[], Any]:
        """The bound test method; a missing default ``runTest`` is a test that does nothing."""
        method = getattr(self, self._testMethodName, None)
        if method is None and self._testMethodName == "runTest":
            return lambda: None
        if method is None:
            raise AttributeError(f"{self!r} has no test method {self._testMethodName!r}")
        if inspect.isgeneratorfunction(method):
            message = f"{method!r} is a generator function and therefore will never run"

            def generatorError() -> None:
                raise TypeError(message)

            return generatorError
        return method  # type: ignore[no-any-return]

    def _installObserver(self) -> None:
        self._observer = _logObserver
        self._observer._add()

    def _removeObserver(self) -> None:
        if self._observer is not None:
            self._observer.flushErrors()
            self._observer._remove()
            self._observer = None

    def _report(self, result: Any, f: failure.Failure, todo: Todo | None = None) -> None:
        """Tell ``result`` about a problem ``f`` (a skip, failure, error or expected failure)."""
        self._passed = False
        if f.check(SkipTest, pyunit.SkipTest):
            result.addSkip(self, self._skipReason(f))
        elif todo is not None and todo.expected(f):
            result.addExpectedFailure(self, f, todo)
        elif f.check(self.failureException, FailTest):
            result.addFailure(self, f)
        else:
            result.addError(self, f)

    def _skipReason(self, f: failure.Failure) -> Any:
        value = f.value
        if value is not None and value.args:
            return value.args[0]
        # A reasonless SkipTest is reported with the exception as its reason, and warned
        # about at the test method (so flushWarnings([method]) finds it).
        method = getattr(self, self._testMethodName, None)
        code = getattr(getattr(method, "__func__", method), "__code__", None)
        if code is not None:
            lineno = code.co_firstlineno
            tb = f.getTracebackObject()
            while tb is not None:
                if tb.tb_frame.f_code is code:
                    lineno = tb.tb_lineno
                tb = tb.tb_next
            warnings.warn_explicit(
                "Do not raise unittest.SkipTest with no arguments! Give a reason for skipping"
                " tests!",
                DeprecationWarning,
                code.co_filename,
                lineno,
            )
        return value

    def _runPhase(self, result: Any, f: Callable[[], Any], todo: Todo | None = None) -> bool:
        """Run one fixture or the test; True when it raised nothing."""
        try:
            putil.runWithWarningsSuppressed(self.getSuppress(), f)
        except BaseException:
            # Even KeyboardInterrupt: a synchronous test reports it as an error (as trial).
            self._report(result, failure.Failure(), todo)
            return False
        return True

    def _checkLoggedErrors(self, result: Any) -> None:
        if self._observer is None:
            return
        for error in self._observer.getErrors():
            result.addError(self, error)
            self._passed = False
        self._observer.flushErrors()

    def _runFixturesAndTest(self, result: Any) -> None:
        # Trial's order: setUp, the test, the cleanups (last added first), then tearDown;
        # when setUp fails only the cleanups run.
        self._passed = True
        self._methodPassed = False
        if self._runPhase(result, self.setUp):
            try:
                self._methodPassed = self._runPhase(result, self._testMethod(), self.getTodo())
            finally:
                self._runCleanups(result)
            self._runPhase(result, self.tearDown)
        else:
            self._runCleanups(result)
        self._checkLoggedErrors(result)
        self._reportOutcome(result)

    def _runCleanups(self, result: Any) -> None:  # type: ignore[override]
        """Run the cleanups; whatever one raises (even a skip or a failure) is an error, and
        does not stop the others nor, for a synchronous test, undo its success."""
        while self._cleanups:
            f, args, kwargs = self._cleanups.pop()
            try:
                putil.runWithWarningsSuppressed(
                    self.getSuppress(), functools.partial(f, *args, **kwargs)
                )
            except BaseException:
                result.addError(self, failure.Failure())


SynchronousTestCase.__module__ = "twisted.trial.unittest"
