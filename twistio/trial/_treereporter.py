"""The default ``verbose`` reporter: an indented tree of modules, classes and test methods,
each test's status right-aligned at column 79 (coloured on a capable terminal)."""

from __future__ import annotations

import sys
from typing import Any

from twistio.trial.reporter import Reporter

__name__ = "twisted.trial.reporter"


class _AnsiColorizer:
    """Writes text in ANSI colours."""

    _colors = {
        "black": 30,
        "red": 31,
        "green": 32,
        "yellow": 33,
        "blue": 34,
        "magenta": 35,
        "cyan": 36,
        "white": 37,
    }

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    @classmethod
    def supported(cls, stream: Any = sys.stdout) -> bool:
        """Whether ``stream`` is a terminal that shows at least 8 colours."""
        if not stream.isatty():
            return False
        try:
            import curses
        except ImportError:
            return False
        try:
            try:
                return bool(curses.tigetnum("colors") > 2)
            except curses.error:
                curses.setupterm()
                return bool(curses.tigetnum("colors") > 2)
        except BaseException:
            return False

    def write(self, text: str, color: str) -> None:
        self.stream.write(f"\x1b[{self._colors[color]};1m{text}\x1b[0m")


class _Win32Colorizer:
    """Colours for the Windows console (unsupported here: never chosen)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    @classmethod
    def supported(cls, stream: Any = sys.stdout) -> bool:
        return False

    def write(self, text: str, color: str) -> None:
        self.stream.write(text)


class _NullColorizer:
    """Writes text without colour."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    @classmethod
    def supported(cls, stream: Any = sys.stdout) -> bool:
        return True

    def write(self, text: str, color: str) -> None:
        self.stream.write(text)


class TreeReporter(Reporter):
    """The ``verbose`` reporter (trial's default)."""

    currentLine = ""
    indent = "  "
    columns = 79

    FAILURE = "red"
    ERROR = "red"
    TODO = "blue"
    SKIP = "blue"
    TODONE = "red"
    SUCCESS = "green"

    def __init__(self, stream: Any = sys.stdout, *args: Any, **kwargs: Any) -> None:
        super().__init__(stream, *args, **kwargs)
        self._lastTest: list[str] = []
        for colorizer in (_Win32Colorizer, _AnsiColorizer):
            if colorizer.supported(stream):
                self._colorizer: Any = colorizer(stream)
                break
        else:
            self._colorizer = _NullColorizer(stream)

    def getDescription(self, test: Any) -> str:
        """The last segment of the test's id (its method name)."""
        return str(test.id().split(".")[-1])

    def addSuccess(self, test: Any) -> None:
        super().addSuccess(test)
        self.endLine("[OK]", self.SUCCESS)

    def addError(self, *args: Any) -> None:  # type: ignore[override]
        super().addError(*args)
        self.endLine("[ERROR]", self.ERROR)

    def addFailure(self, *args: Any) -> None:  # type: ignore[override]
        super().addFailure(*args)
        self.endLine("[FAIL]", self.FAILURE)

    def addSkip(self, *args: Any) -> None:
        super().addSkip(*args)
        self.endLine("[SKIPPED]", self.SKIP)

    def addExpectedFailure(self, *args: Any) -> None:  # type: ignore[override]
        super().addExpectedFailure(*args)
        self.endLine("[TODO]", self.TODO)

    def addUnexpectedSuccess(self, *args: Any) -> None:  # type: ignore[override]
        super().addUnexpectedSuccess(*args)
        self.endLine("[SUCCESS!?!]", self.TODONE)

    def _write(self, format: Any, *args: Any) -> None:
        if args:
            format = format % args
        self.currentLine = str(format)
        super()._write(self.currentLine)

    def _getPreludeSegments(self, testID: str) -> list[str]:
        """The module and class parts of a test id (``a.b.C.test`` -> ``["a.b", "C"]``)."""
        segments = testID.split(".")
        if len(segments) == 1:
            return []
        segments = segments[:-1]
        if len(segments) == 1:
            return segments
        return [".".join(segments[:-1]), segments[-1]]

    def _testPrelude(self, testID: str) -> None:
        """Write the module/class lines that differ from the previous test's."""
        segments = self._getPreludeSegments(testID)
        indentLevel = 0
        for seg in segments:
            if indentLevel < len(self._lastTest):
                if seg != self._lastTest[indentLevel]:
                    self._write(f"{self.indent * indentLevel}{seg}\n")
            else:
                self._write(f"{self.indent * indentLevel}{seg}\n")
            indentLevel += 1
        self._lastTest = segments

    def cleanupErrors(self, errs: Any) -> None:
        self._colorizer.write("    cleanup errors", self.ERROR)
        self.endLine("[ERROR]", self.ERROR)
        super().cleanupErrors(errs)

    def upDownError(
        self, method: Any, error: Any, warn: bool = True, printStatus: bool = True
    ) -> None:
        self._colorizer.write(f"  {method}", self.ERROR)
        if printStatus:
            self.endLine("[ERROR]", self.ERROR)
        super().upDownError(method, error, warn, printStatus)

    def startTest(self, test: Any) -> None:
        self._testPrelude(test.id())
        self._write(f"{self.indent * (len(self._lastTest))}{self.getDescription(test)} ... ")
        super().startTest(test)

    def endLine(self, message: str, color: str) -> None:
        """Write ``message`` right-aligned at the last column, in ``color``."""
        spaces = " " * (self.columns - len(self.currentLine) - len(message))
        super()._write(spaces)
        self._colorizer.write(message, color)
        super()._write("\n")

    def _printSummary(self) -> None:
        summary = self._getSummary()
        if self.wasSuccessful():
            status, color = "PASSED", self.SUCCESS
        else:
            status, color = "FAILED", self.FAILURE
        self._colorizer.write(status, color)
        self._write(" " + summary + "\n" if summary else "\n")
