"""twisted.trial.runner: loading tests (see :mod:`twistio.trial._loader`) and running them.

Contract of :class:`TrialRunner.run`: make (and lock) the working directory (``_trial_temp``
by default, or ``_trial_temp-N`` when it is locked by another run), ``chdir`` into it, log
to ``test.log`` there (one ``--> <test id> <--`` line per test), run the tests in a
:class:`TrialSuite` (which fires the reactor's shutdown event at the end), call the
reporter's ``done()`` and return the reporter.  ``DRY_RUN`` mode reports every test as a
success without running it.
"""

from __future__ import annotations

import os
import sys
import time
import unittest as pyunit
import warnings
from collections.abc import Callable
from typing import Any, TextIO

from twistio.python import failure, filepath, log
from twistio.trial import itrial, reporter, util
from twistio.trial._asyncrunner import (
    TestSuite,
    _ForceGarbageCollectionDecorator,
    _iterateTests,
    decorate,
)
from twistio.trial._loader import (
    NOT_IN_TEST,
    ErrorHolder,
    TestHolder,
    TestLoader,
    _importFromFile,
    _Loadable,
    _qualNameWalker,
    _resolveDirectory,
    filenameToModule,
    isPackage,
    isPackageDirectory,
    isTestCase,
    name,
    samefile,
)
from twistio.trial.reporter import UncleanWarningsReporterWrapper, _ExitWrapper
from twistio.trial.unittest import TestCase

__name__ = "twisted.trial.runner"

__all__ = [
    "TestSuite",
    "DestructiveTestSuite",
    "ErrorHolder",
    "LoggedSuite",
    "TestHolder",
    "TestLoader",
    "TrialRunner",
    "TrialSuite",
    "filenameToModule",
    "isPackage",
    "isPackageDirectory",
    "isTestCase",
    "name",
    "samefile",
    "NOT_IN_TEST",
    "TestCase",
    "_ForceGarbageCollectionDecorator",
    "_iterateTests",
    "_importFromFile",
    "_qualNameWalker",
    "_resolveDirectory",
    "_Loadable",
    "_ExitWrapper",
    "UncleanWarningsReporterWrapper",
]


class DestructiveTestSuite(TestSuite):
    """A suite that drops each test once it has run (so the test can be collected)."""

    def run(self, result: Any, debug: bool = False) -> Any:
        while self._tests:
            if result.shouldStop:
                break
            test = self._tests.pop(0)
            test(result)
        return result


class LoggedSuite(TestSuite):
    """A suite that reports errors logged outside any test (as a test named
    ``<not in test>``)."""

    def run(self, result: Any, debug: bool = False) -> Any:
        from twistio.trial import _synctest

        observer = _synctest._logObserver
        observer._add()
        super().run(result)
        observer._remove()
        for error in observer.getErrors():
            result.addError(TestHolder(NOT_IN_TEST), error)
        observer.flushErrors()
        return result


class TrialSuite(TestSuite):
    """The outermost suite of a trial run: runs the tests, then shuts the reactor's
    services down (the shutdown event fires, as when a program ends)."""

    def __init__(self, tests: Any = (), forceGarbageCollection: bool = False) -> None:
        if forceGarbageCollection:
            newTests = []
            for test in tests:
                test = decorate(test, _ForceGarbageCollectionDecorator)
                newTests.append(test)
            tests = newTests
        suite = LoggedSuite(tests)
        super().__init__([suite])

    def _bail(self) -> None:
        reactor = sys.modules.get("twistio.internet.reactor")
        if reactor is None or not hasattr(reactor, "fireSystemEvent"):
            return
        if getattr(reactor, "_startedBefore", False):
            return
        try:
            reactor.fireSystemEvent("shutdown")
        except BaseException:
            log.err()

    def run(self, result: Any, debug: bool = False) -> Any:
        try:
            super().run(result)
        finally:
            self._bail()
        return result


class _TestLogger(reporter.TestResultDecorator):
    """Logs ``--> <test id> <--`` as each test starts (the test.log markers)."""

    def startTest(self, test: Any) -> None:
        log.msg(f"--> {test.id()} <--")
        self._originalReporter.startTest(test)


class TrialRunner:
    """Runs a suite with a reporter in trial's working directory (see the module
    docstring)."""

    DEBUG = "debug"
    DRY_RUN = "dry-run"

    def __init__(
        self,
        reporterFactory: Callable[..., Any],
        mode: str | None = None,
        logfile: str = "test.log",
        stream: TextIO = sys.stdout,
        profile: bool = False,
        tracebackFormat: str = "default",
        realTimeErrors: bool = False,
        uncleanWarnings: bool = False,
        workingDirectory: str | None = None,
        forceGarbageCollection: bool = False,
        debugger: Any = None,
        exitFirst: bool = False,
    ) -> None:
        self.reporterFactory = reporterFactory
        self.logfile = logfile
        self.mode = mode
        self.stream = stream
        self.tbformat = tracebackFormat
        self.rterrors = realTimeErrors
        self.uncleanWarnings = uncleanWarnings
        self._result: Any = None
        self.workingDirectory = workingDirectory or "_trial_temp"
        self._forceGarbageCollection = forceGarbageCollection
        self.debugger = debugger
        self._exitFirst = exitFirst
        self._logFileObserver: Any = None
        self._logFile: Any = None
        self._testDirLock: Any = None
        if profile:
            self.run = util.profiled(self.run, "profile.data")  # type: ignore[method-assign]

    def _makeResult(self) -> Any:
        result = self.reporterFactory(self.stream, self.tbformat, self.rterrors, log)
        if self._exitFirst:
            result = _ExitWrapper(result)
        if self.uncleanWarnings:
            result = UncleanWarningsReporterWrapper(result)
        return result

    def _setUpTestdir(self) -> str:
        currentDir = os.getcwd()
        base = filepath.FilePath(self.workingDirectory)
        testdir, self._testDirLock = util._unusedTestDirectory(base)
        os.chdir(testdir.path)
        return currentDir

    def _tearDownTestdir(self, oldDir: str) -> None:
        os.chdir(oldDir)
        if self._testDirLock is not None:
            self._testDirLock.unlock()
            self._testDirLock = None

    def _setUpLogFile(self) -> None:
        self._tearDownLogFile()
        if self.logfile == "-":
            logFile: Any = sys.stdout
        else:
            logFile = util.openTestLog(filepath.FilePath(self.logfile))
        self._logFile = logFile
        self._logFileObserver = log.FileLogObserver(logFile)
        log.startLoggingWithObserver(self._logFileObserver.emit, 0)

    def _tearDownLogFile(self) -> None:
        if self._logFileObserver is not None:
            log.removeObserver(self._logFileObserver.emit)
            self._logFileObserver = None
        if self._logFile is not None and self._logFile is not sys.stdout:
            self._logFile.close()
        self._logFile = None

    def run(self, test: Any) -> Any:
        """Run ``test`` (a test or suite); return the reporter."""
        return self._runWithoutDecoration(test, self._forceGarbageCollection)

    def _runWithoutDecoration(self, test: Any, forceGarbageCollection: bool = False) -> Any:
        result = self._makeResult()
        if self.mode == self.DRY_RUN:
            for single in _iterateTests(test):
                result.startTest(single)
                result.addSuccess(single)
                result.stopTest(single)
            result.done()
            return result
        oldDir = self._setUpTestdir()
        try:
            self._setUpLogFile()
            try:
                suite = TrialSuite([test], forceGarbageCollection)
                logged = _TestLogger(result)
                if self.mode == self.DEBUG and self.debugger is not None:
                    self.debugger.runcall(suite.run, logged)
                else:
                    suite.run(logged)
            finally:
                self._tearDownLogFile()
        finally:
            self._tearDownTestdir(oldDir)
        result.done()
        return result

    def runUntilFailure(self, test: Any) -> Any:
        """Run ``test`` again and again until it fails (or runs no tests)."""
        # Decorated once, before the first pass (unittest.decorate looked up at call time).
        from twistio.trial import unittest as _unittest

        test = _unittest.decorate(test, itrial.ITestCase)
        if self._forceGarbageCollection:
            test = _unittest.decorate(test, _ForceGarbageCollectionDecorator)
        count = 0
        while True:
            count += 1
            self.stream.write(f"Test Pass {count}\n")
            result = self._runWithoutDecoration(test)
            if result.testsRun == 0:
                break
            if not result.wasSuccessful():
                break
        return result


# Kept importable from here as in Twisted.
_ = (failure, itrial, pyunit, time, warnings)
del _
