"""Writing events to files: :class:`FileLogObserver`, :func:`textFileLogObserver`."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from zope.interface import implementer

from twistio.logger._format import formatEventAsClassicLogText, formatTime, timeFormatRFC3339
from twistio.logger._interfaces import ILogObserver, LogEvent
from twistio.python.compat import ioType

__name__ = "twisted.logger._file"

__all__ = ["FileLogObserver", "textFileLogObserver"]


@implementer(ILogObserver)
class FileLogObserver:
    """Writes ``formatEvent(event)`` to a file (UTF-8 encoded if the file takes bytes) and
    flushes; events formatted as ``None`` or empty text are skipped."""

    def __init__(self, outFile: IO[Any], formatEvent: Callable[[LogEvent], str | None]) -> None:
        if ioType(outFile) is not str:
            self._encoding: str | None = "utf-8"
        else:
            self._encoding = None
        self._outFile = outFile
        self.formatEvent = formatEvent

    def __call__(self, event: LogEvent) -> None:
        text = self.formatEvent(event)
        if text:
            if self._encoding is None:
                self._outFile.write(text)
            else:
                self._outFile.write(text.encode(self._encoding))
            self._outFile.flush()


def textFileLogObserver(outFile: IO[Any], timeFormat: str | None = timeFormatRFC3339) -> FileLogObserver:
    """A :class:`FileLogObserver` writing Twisted's classic text log lines
    (``<time> [<system>] <text>``) with time stamps in ``timeFormat``."""

    def formatEvent(event: LogEvent) -> str | None:
        return formatEventAsClassicLogText(
            event, formatTime=lambda when: formatTime(when, timeFormat)
        )

    return FileLogObserver(outFile, formatEvent)
