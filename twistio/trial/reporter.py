"""twisted.trial.reporter: collecting and printing test results.

Output contract (what ``trial`` prints, byte for byte where Twisted's does):

- per test, depending on the reporter: ``.EFST!`` characters (text), ``<id> ... [OK]`` lines
  (bwverbose), an indented module/class/method tree with the status right-aligned at column
  79 (verbose, the default), or nothing (summary);
- then, for skips, expected failures, failures, errors and unexpected successes in that
  order, a ``=`` separator, the ``[FLAVOUR]`` tag, the reason or traceback, a blank line and
  the ids of the tests that had exactly that output;
- then a ``-`` separator, ``Ran N tests in T.TTTs``, a blank line, and
  ``PASSED``/``FAILED`` followed by the non-zero counts, e.g. ``FAILED (failures=1,
  successes=2)``.
"""

from __future__ import annotations

import os
import sys
import time
import unittest as pyunit
import warnings
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from zope.interface import implementer

from twistio.python import log, reflect
from twistio.python.components import proxyForInterface
from twistio.python.failure import Failure
from twistio.python.util import untilConcludes
from twistio.trial import itrial, util

__name__ = "twisted.trial.reporter"

__all__ = [
    "TestResult",
    "Reporter",
    "TextReporter",
    "VerboseTextReporter",
    "MinimalReporter",
    "TimingTextReporter",
    "TreeReporter",
    "SubunitReporter",
    "TestResultDecorator",
    "UncleanWarningsReporterWrapper",
    "SafeStream",
    "BrokenTestCaseWarning",
]


class BrokenTestCaseWarning(Warning):
    """A test case could not be loaded or run properly."""


class SafeStream:
    """A stream wrapper whose writes are retried when interrupted by a signal (EINTR)."""

    def __init__(self, original: Any) -> None:
        self.original = original

    def __getattr__(self, name: str) -> Any:
        return getattr(self.original, name)

    def write(self, *a: Any, **kw: Any) -> Any:
        return untilConcludes(self.original.write, *a, **kw)


def _makeTodo(reason: str) -> Any:
    from twistio.trial._synctest import makeTodo

    return makeTodo(reason)


@implementer(itrial.IReporter)
class TestResult(pyunit.TestResult):
    """Accumulates results: ``errors``/``failures`` hold ``(test, Failure)``, ``skips``
    ``(test, reason)``, ``expectedFailures`` ``(test, Failure, Todo)``,
    ``unexpectedSuccesses`` ``(test, Todo)``; ``successes`` counts passes."""

    successes: int

    def __init__(self) -> None:
        super().__init__()
        self.skips: list[tuple[Any, Any]] = []
        self.expectedFailures: list[tuple[Any, Any, Any]] = []  # type: ignore[assignment]
        self.unexpectedSuccesses: list[tuple[Any, Any]] = []  # type: ignore[assignment]
        self.successes = 0
        self._timings: list[Any] = []
        self._testStarted: float | None = None
        self._lastTime: float | None = None

    def __repr__(self) -> str:
        return (
            f"<{reflect.qual(self.__class__)} run={self.testsRun} errors={len(self.errors)} "
            f"failures={len(self.failures)} todos={len(self.expectedFailures)} "
            f"dones={self.successes} skips={len(self.skips)}>"
        )

    def _getTime(self) -> float:
        return time.time()

    def _getFailure(self, error: Any) -> Failure:
        """A Failure from a Failure or an exc_info three-tuple (TypeError otherwise)."""
        if isinstance(error, Failure):
            return error
        if isinstance(error, tuple) and len(error) == 3:
            return Failure(error[1], error[0], error[2])
        raise TypeError(f"Cannot convert {error!r} to a Failure")

    def startTest(self, test: Any) -> None:
        super().startTest(test)
        self._testStarted = self._getTime()

    def stopTest(self, test: Any) -> None:
        super().stopTest(test)
        if self._testStarted is not None:
            self._lastTime = self._getTime() - self._testStarted

    def addFailure(self, test: Any, fail: Any) -> None:  # type: ignore[override]
        self.failures.append((test, self._getFailure(fail)))  # type: ignore[arg-type]

    def addError(self, test: Any, error: Any) -> None:  # type: ignore[override]
        self.errors.append((test, self._getFailure(error)))  # type: ignore[arg-type]

    def addSkip(self, test: Any, reason: Any) -> None:
        self.skips.append((test, reason))

    def addUnexpectedSuccess(self, test: Any, todo: Any = None) -> None:  # type: ignore[override]
        if todo is None:
            todo = _makeTodo("Test expected to fail")
        self.unexpectedSuccesses.append((test, todo))

    def addExpectedFailure(self, test: Any, error: Any, todo: Any = None) -> None:  # type: ignore[override]
        if todo is None:
            todo = _makeTodo("Test expected to fail")
        self.expectedFailures.append((test, self._getFailure(error), todo))

    def addSuccess(self, test: Any) -> None:
        self.successes += 1

    def wasSuccessful(self) -> bool:
        """True while no test failed or had an error (skips and todos do not count)."""
        return len(self.failures) == len(self.errors) == 0

    def done(self) -> None:
        """The run is over (nothing to do for a plain result)."""


@implementer(itrial.IReporter)
class TestResultDecorator(proxyForInterface(itrial.IReporter, "_originalReporter")):  # type: ignore[misc]
    """Passes every reporter call on to the wrapped reporter."""


@implementer(itrial.IReporter)
class UncleanWarningsReporterWrapper(TestResultDecorator):
    """Turns dirty-reactor errors into warnings (``trial --unclean-warnings``)."""

    def addError(self, test: Any, error: Any) -> None:
        # Only Failures are turned into warnings (attributed to this module, as trial does);
        # exc_info tuples pass through unchanged.
        if isinstance(error, Failure) and error.check(util.DirtyReactorAggregateError):
            warnings.warn(error.getErrorMessage(), stacklevel=1)
        else:
            self._originalReporter.addError(test, error)


@implementer(itrial.IReporter)
class _ExitWrapper(TestResultDecorator):
    """Stops the run at the first failure or error (``trial --exitfirst``)."""

    def addError(self, *args: Any, **kwargs: Any) -> None:
        self.shouldStop = True
        self._originalReporter.addError(*args, **kwargs)

    def addFailure(self, *args: Any, **kwargs: Any) -> None:
        self.shouldStop = True
        self._originalReporter.addFailure(*args, **kwargs)

    @property
    def shouldStop(self) -> bool:  # type: ignore[override]
        return bool(self._originalReporter.shouldStop)

    @shouldStop.setter
    def shouldStop(self, value: bool) -> None:
        self._originalReporter.shouldStop = value


class _AdaptedReporter(TestResultDecorator):
    """Passes results on after wrapping each test with ``testAdapter``."""

    def __init__(self, original: Any, testAdapter: Callable[[Any], Any]) -> None:
        super().__init__(original)
        self.testAdapter = testAdapter

    def addError(self, test: Any, error: Any) -> None:
        self._originalReporter.addError(self.testAdapter(test), error)

    def addExpectedFailure(self, test: Any, failure: Any, todo: Any = None) -> None:
        if todo is None:
            self._originalReporter.addExpectedFailure(self.testAdapter(test), failure)
        else:
            self._originalReporter.addExpectedFailure(self.testAdapter(test), failure, todo)

    def addFailure(self, test: Any, failure: Any) -> None:
        self._originalReporter.addFailure(self.testAdapter(test), failure)

    def addSkip(self, test: Any, skip: Any) -> None:
        self._originalReporter.addSkip(self.testAdapter(test), skip)

    def addSuccess(self, test: Any) -> None:
        self._originalReporter.addSuccess(self.testAdapter(test))

    def addUnexpectedSuccess(self, test: Any, todo: Any = None) -> None:
        test = self.testAdapter(test)
        if todo is None:
            self._originalReporter.addUnexpectedSuccess(test)
        else:
            self._originalReporter.addUnexpectedSuccess(test, todo)

    def startTest(self, test: Any) -> None:
        self._originalReporter.startTest(self.testAdapter(test))

    def stopTest(self, test: Any) -> None:
        self._originalReporter.stopTest(self.testAdapter(test))


# Frames of trial's own machinery that the reporter leaves out of tracebacks: files of this
# package (not test modules that merely live under a ``twisted/trial`` directory) and the
# Deferred/warning helpers a test's call passes through.
_TWISTIO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_FRAMEWORK_DIRS = (os.path.join(_TWISTIO, "trial", ""),)
_FRAMEWORK_FILES = frozenset(
    os.path.join(_TWISTIO, *parts)
    for parts in (
        ("python", "util.py"),
        ("internet", "_deferred.py"),
        ("internet", "_deferinline.py"),
        ("internet", "defer.py"),
    )
)


def _isFramework(frame: Sequence[Any]) -> bool:
    filename = os.path.abspath(str(frame[1]))
    if filename in _FRAMEWORK_FILES:
        return True
    return any(
        filename.startswith(d) and os.sep + "test" + os.sep not in filename[len(d) - 1 :]
        for d in _FRAMEWORK_DIRS
    )


@implementer(itrial.IReporter)
class Reporter(TestResult):
    """A test result that prints: errors and the summary at the end (see the module
    docstring); subclasses print something per test."""

    _separator = "-" * 79
    _doubleSeparator = "=" * 79

    def __init__(
        self,
        stream: Any = sys.stdout,
        tbformat: str = "default",
        realtime: bool = False,
        publisher: Any = None,
    ) -> None:
        super().__init__()
        self._stream = SafeStream(stream)
        self.tbformat = tbformat
        self.realtime = realtime
        self._startTime: float | None = None
        self._warningCache: set[Any] = set()
        self._publisher = publisher if publisher is not None else log
        self._publisher.addObserver(self._observeWarnings)

    def _observeWarnings(self, event: dict[str, Any]) -> None:
        if "warning" in event:
            key = (
                event["filename"],
                event["lineno"],
                str(event["category"]).split(".")[-1],
                str(event["warning"]),
            )
            if key not in self._warningCache:
                self._warningCache.add(key)
                self._stream.write("{}:{}: {}: {}\n".format(*key))

    @property
    def stream(self) -> Any:
        return self._stream

    def startTest(self, test: Any) -> None:
        super().startTest(test)
        if self._startTime is None:
            self._startTime = self._getTime()
        self._warningCache = set()

    def addFailure(self, test: Any, fail: Any) -> None:  # type: ignore[override]
        super().addFailure(test, fail)
        if self.realtime:
            self._write(self._formatFailureTraceback(self.failures[-1][1]))

    def addError(self, test: Any, error: Any) -> None:  # type: ignore[override]
        super().addError(test, error)
        if self.realtime:
            self._write(self._formatFailureTraceback(self.errors[-1][1]))

    def _write(self, format: Any, *args: Any) -> None:
        s = str(format)
        if args:
            s = s % args
        self._stream.write(s)
        untilConcludes(self._stream.flush)

    def _writeln(self, format: Any, *args: Any) -> None:
        self._write(format, *args)
        self._write("\n")

    def upDownError(
        self, method: Any, error: Any, warn: bool = True, printStatus: bool = True
    ) -> None:
        """Legacy hook: a setUpClass/tearDownClass-style error (printed only)."""
        self._writeln(f"\n{method} errored: {error}")

    def cleanupErrors(self, errs: Any) -> None:
        """Legacy hook: errors in the reactor cleanup (printed only)."""
        self._writeln(f"\ncleanup errored: {errs}")

    def _trimFrames(self, frames: list[Any]) -> list[Any]:
        """Leave out the leading frames of trial's (and Deferreds') own machinery."""
        if len(frames) < 2:
            return frames
        trimmed = list(frames)
        while len(trimmed) > 1 and _isFramework(trimmed[0]):
            trimmed.pop(0)
        if len(trimmed) == 1 and _isFramework(trimmed[0]) and len(frames) > 1:
            # Only framework frames: the error happened inside trial; show them all.
            return frames
        # ``self.fail(...)`` is where the test failed; the frame inside fail() says nothing.
        if len(trimmed) > 1 and trimmed[-1][0] == "fail" and _isFramework(trimmed[-1]):
            trimmed.pop()
        return trimmed

    def _formatFailureTraceback(self, fail: Any) -> str:
        if isinstance(fail, str):
            return fail.rstrip() + "\n"
        saved = fail.frames
        fail.frames = self._trimFrames(saved)
        try:
            result: str = fail.getTraceback(detail=self.tbformat, elideFrameworkCode=True)
        finally:
            fail.frames = saved
        return result

    def _groupResults(
        self, results: Sequence[Any], formatter: Callable[..., str]
    ) -> list[tuple[str, list[Any]]]:
        """``[(text, [tests...])]``: tests whose formatted result is the same text share one
        entry, in first-seen order."""
        groups: OrderedDict[str, list[Any]] = OrderedDict()
        for content in results:
            case = content[0]
            outcome = content[1:]
            key = formatter(*outcome)
            groups.setdefault(key, []).append(case)
        return list(groups.items())

    def _printResults(
        self, flavor: str, errors: Sequence[Any], formatter: Callable[..., str]
    ) -> None:
        for reason, cases in self._groupResults(errors, formatter):
            self._writeln(self._doubleSeparator)
            self._writeln(flavor)
            self._write(reason)
            self._writeln("")
            for case in cases:
                self._writeln(case.id())

    def _printExpectedFailure(self, error: Any, todo: Any) -> str:
        return f"Reason: {todo.reason!r}\n{self._formatFailureTraceback(error)}"

    def _printUnexpectedSuccess(self, todo: Any) -> str:
        return f"Reason: {todo.reason!r}\n"

    def _printErrors(self) -> None:
        self._write("\n")
        self._printResults("[SKIPPED]", self.skips, lambda x: f"{x}\n")
        self._printResults("[TODO]", self.expectedFailures, self._printExpectedFailure)
        self._printResults("[FAIL]", self.failures, self._formatFailureTraceback)
        self._printResults("[ERROR]", self.errors, self._formatFailureTraceback)
        self._printResults("[SUCCESS!?!]", self.unexpectedSuccesses, self._printUnexpectedSuccess)

    def _getSummary(self) -> str:
        counts = [
            ("skips", len(self.skips)),
            ("expectedFailures", len(self.expectedFailures)),
            ("failures", len(self.failures)),
            ("errors", len(self.errors)),
            ("unexpectedSuccesses", len(self.unexpectedSuccesses)),
            ("successes", self.successes),
        ]
        parts = [f"{name}={count}" for name, count in counts if count]
        if not parts:
            return ""
        return "(" + ", ".join(parts) + ")"

    def _printSummary(self) -> None:
        summary = self._getSummary()
        status = "PASSED" if self.wasSuccessful() else "FAILED"
        self._write(status)
        if summary:
            self._write(" " + summary)
        self._write("\n")

    def done(self) -> None:
        """Print the errors and the summary; stop watching for warnings."""
        if self._publisher is not None:
            self._publisher.removeObserver(self._observeWarnings)
        self._printErrors()
        self._writeln(self._separator)
        if self._startTime is not None:
            self._writeln("Ran %d tests in %.3fs", self.testsRun, self._getTime() - self._startTime)
        self._write("\n")
        self._printSummary()


class MinimalReporter(Reporter):
    """Prints only the numbers: time, tests run (twice), errors, failures, skips."""

    def _printErrors(self) -> None:
        pass

    def _printSummary(self) -> None:
        numTests = self.testsRun
        if self._startTime is not None:
            timing: Any = self._getTime() - self._startTime
        else:
            timing = 0
        t = (timing, numTests, numTests, len(self.errors), len(self.failures), len(self.skips))
        self._writeln(" ".join(map(str, t)))


class TextReporter(Reporter):
    """One character per test: ``.`` pass, ``E`` error, ``F`` failure, ``S`` skip,
    ``T`` expected failure, ``!`` unexpected success."""

    def addSuccess(self, test: Any) -> None:
        super().addSuccess(test)
        self._write(".")

    def addError(self, *args: Any) -> None:  # type: ignore[override]
        super().addError(*args)
        self._write("E")

    def addFailure(self, *args: Any) -> None:  # type: ignore[override]
        super().addFailure(*args)
        self._write("F")

    def addSkip(self, *args: Any) -> None:
        super().addSkip(*args)
        self._write("S")

    def addExpectedFailure(self, *args: Any) -> None:  # type: ignore[override]
        super().addExpectedFailure(*args)
        self._write("T")

    def addUnexpectedSuccess(self, *args: Any) -> None:  # type: ignore[override]
        super().addUnexpectedSuccess(*args)
        self._write("!")


class VerboseTextReporter(Reporter):
    """One line per test: ``<test id> ... [STATUS]`` (``bwverbose``)."""

    # Each outcome is written as it is reported: a test that passes and then errs in a
    # cleanup shows ``[ERROR][OK]`` as trial's does.
    def startTest(self, tm: Any) -> None:
        self._write("%s ... ", tm.id())
        super().startTest(tm)

    def addSuccess(self, test: Any) -> None:
        super().addSuccess(test)
        self._write("[OK]")

    def addError(self, *args: Any) -> None:  # type: ignore[override]
        super().addError(*args)
        self._write("[ERROR]")

    def addFailure(self, *args: Any) -> None:  # type: ignore[override]
        super().addFailure(*args)
        self._write("[FAILURE]")

    def addSkip(self, *args: Any) -> None:
        super().addSkip(*args)
        self._write("[SKIPPED]")

    def addExpectedFailure(self, *args: Any) -> None:  # type: ignore[override]
        super().addExpectedFailure(*args)
        self._write("[TODO]")

    def addUnexpectedSuccess(self, *args: Any) -> None:  # type: ignore[override]
        super().addUnexpectedSuccess(*args)
        self._write("[SUCCESS!?!]")

    def stopTest(self, method: Any) -> None:
        super().stopTest(method)
        self._write("\n")


class TimingTextReporter(VerboseTextReporter):
    """``bwverbose`` plus each test's duration on the next line."""

    def stopTest(self, method: Any) -> None:
        super().stopTest(method)
        self._write("(%.03f secs)\n" % (self._lastTime or 0.0))


from twistio.trial._treereporter import (  # noqa: E402  (needs Reporter)
    TreeReporter,
    _AnsiColorizer,
    _NullColorizer,
    _Win32Colorizer,
)

try:
    from subunit import TestProtocolClient  # type: ignore[import-not-found, unused-ignore]
except ImportError:
    TestProtocolClient = None


class SubunitReporter:
    """Reports in the subunit protocol; needs the ``subunit`` package."""

    def __init__(
        self,
        stream: Any = sys.stdout,
        tbformat: str = "default",
        realtime: bool = False,
        publisher: Any = None,
    ) -> None:
        client = globals()["TestProtocolClient"]  # looked up now: tests may replace it
        if client is None:
            raise Exception("Subunit not available")
        self._subunit = client(stream)
        self._successful = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._subunit, name)

    def done(self) -> None:
        pass

    def wasSuccessful(self) -> bool:
        return self._successful

    def addError(self, test: Any, err: Any) -> None:
        self._successful = False
        self._subunit.addError(test, util.excInfoOrFailureToExcInfo(err))

    def addFailure(self, test: Any, err: Any) -> None:
        self._successful = False
        self._subunit.addFailure(test, util.excInfoOrFailureToExcInfo(err))


__all__ += [
    "_AnsiColorizer",
    "_NullColorizer",
    "_Win32Colorizer",
    "_ExitWrapper",
    "_AdaptedReporter",
]
