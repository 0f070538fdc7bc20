"""twisted.python.win32: Windows error codes and command-line quoting."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from twistio.python.deprecate import deprecatedModuleAttribute
from twistio.python.versions import Version

__name__ = "twisted.python.win32"

__all__ = [
    "ERROR_FILE_NOT_FOUND",
    "ERROR_PATH_NOT_FOUND",
    "ERROR_INVALID_NAME",
    "ERROR_DIRECTORY",
    "O_BINARY",
    "cmdLineQuote",
    "quoteArguments",
    "formatError",
    "FakeWindowsError",
    "WindowsError",
]

# Windows error numbers, as found in OSError.winerror.
ERROR_FILE_NOT_FOUND = 2
ERROR_PATH_NOT_FOUND = 3
ERROR_INVALID_NAME = 123
ERROR_DIRECTORY = 267

O_BINARY = getattr(os, "O_BINARY", 0)


class FakeWindowsError(OSError):
    """Deprecated stand-in for Windows' ``WindowsError``."""


WindowsError = FakeWindowsError

for _name in ("FakeWindowsError", "WindowsError"):
    deprecatedModuleAttribute(
        Version("Twisted", 21, 2, 0),
        "Catch OSError and check presence of 'winerror' attribute.",
        "twisted.python.win32",
        _name,
    )

_needsQuoting = re.compile(r'[\s"]')
_backslashesBeforeQuote = re.compile(r'(\\*)"')
_trailingBackslashes = re.compile(r"(\\*)$")


def cmdLineQuote(s: str) -> str:
    """Quote ``s`` as one argument of a Windows command line (double quotes, with quotes
    and the backslashes before them escaped); ``""`` for the empty string."""
    escaped = _backslashesBeforeQuote.sub(lambda m: m.group(1) * 2 + '\\"', s)
    escaped = _trailingBackslashes.sub(lambda m: m.group(1) * 2, escaped)
    if s and not _needsQuoting.search(s):
        return escaped
    return f'"{escaped}"'


def quoteArguments(arguments: Iterable[str]) -> str:
    """The arguments quoted and joined into one Windows command line."""
    return " ".join([cmdLineQuote(a) for a in arguments])


class _ErrorFormatter:
    """Describes Windows error numbers (with ``os.strerror`` elsewhere)."""

    def __init__(self, WinError: object, FormatMessage: object, errorTab: object) -> None:
        self.winError = WinError
        self.formatMessage = FormatMessage
        self.errorTab = errorTab

    @classmethod
    def fromEnvironment(cls) -> _ErrorFormatter:
        return cls(None, None, None)

    def formatError(self, errorcode: int) -> str:
        """A description of ``errorcode``."""
        return os.strerror(errorcode)


formatError = _ErrorFormatter.fromEnvironment().formatError
