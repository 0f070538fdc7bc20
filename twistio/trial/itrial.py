"""twisted.trial.itrial: the interfaces of trial's test cases and reporters."""

from __future__ import annotations

import zope.interface as zi

__name__ = "twisted.trial.itrial"

__all__ = ["ITestCase", "IReporter"]


class ITestCase(zi.Interface):
    """A test that can run and report to a reporter (the standard library's test API)."""

    failureException = zi.Attribute("The exception class raised by failed assertions.")
    skip = zi.Attribute("A reason to skip the test, or None.")

    def __call__(result):  # type: ignore[no-untyped-def]
        """Run the test; same as ``run(result)``."""

    def countTestCases():  # type: ignore[no-untyped-def]
        """Return the number of tests (1)."""

    def id():  # type: ignore[no-untyped-def]
        """A unique name for the test."""

    def run(result):  # type: ignore[no-untyped-def]
        """Run the test, reporting to ``result``."""

    def shortDescription():  # type: ignore[no-untyped-def]
        """A short description of the test."""


class IReporter(zi.Interface):
    """The receiver of test results (trial's extended form of the standard library's)."""

    shouldStop = zi.Attribute("Whether the run should stop early.")
    testsRun = zi.Attribute("The number of tests that have run so far.")

    def startTest(method):  # type: ignore[no-untyped-def]
        """Report the start of a test."""

    def stopTest(method):  # type: ignore[no-untyped-def]
        """Report the end of a test."""

    def addSuccess(test):  # type: ignore[no-untyped-def]
        """Report a test that passed."""

    def addError(test, error):  # type: ignore[no-untyped-def]
        """Report an error (a Failure or an exc_info tuple) in a test."""

    def addFailure(test, failure):  # type: ignore[no-untyped-def]
        """Report a failed assertion (a Failure or an exc_info tuple) in a test."""

    def addExpectedFailure(test, failure, todo=None):  # type: ignore[no-untyped-def]
        """Report a test that failed as its ``todo`` expected."""

    def addUnexpectedSuccess(test, todo=None):  # type: ignore[no-untyped-def]
        """Report a test that passed despite its ``todo``."""

    def addSkip(test, reason):  # type: ignore[no-untyped-def]
        """Report a skipped test."""

    def wasSuccessful():  # type: ignore[no-untyped-def]
        """Whether every test so far passed (or was skipped or expected to fail)."""

    def done():  # type: ignore[no-untyped-def]
        """Called once after the last test (reporters print their summary here)."""


class IReporterWithDurations(IReporter):
    """A reporter that also receives test durations."""

    def addDuration(test, elapsed):  # type: ignore[no-untyped-def]
        """Report how many seconds ``test`` took."""
