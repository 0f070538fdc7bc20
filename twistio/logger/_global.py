"""The global log publisher and :class:`LogBeginner`, which starts logging for real."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterable
from typing import IO, Any

from twistio.logger._buffer import LimitedHistoryLogObserver
from twistio.logger._file import FileLogObserver
from twistio.logger._filter import FilteringLogObserver, LogLevelFilterPredicate
from twistio.logger._format import eventAsText
from twistio.logger._interfaces import ILogObserver, LogEvent
from twistio.logger._io import LoggingFile
from twistio.logger._levels import LogLevel
from twistio.logger._logger import Logger
from twistio.logger._observer import LogPublisher
from twistio.python.reflect import qual

__name__ = "twisted.logger._global"

__all__ = ["LogBeginner", "globalLogPublisher", "globalLogBeginner", "MORE_THAN_ONCE_WARNING"]

MORE_THAN_ONCE_WARNING = (
    "Warning: primary log target selected twice at <{fileNow}:{lineNow}> - "
    "previously selected at <{fileThen}:{lineThen}>.  Remove one of the calls to "
    "beginLoggingTo."
)


class LogBeginner:
    """Buffers events until :meth:`beginLoggingTo` says where they go.

    Until then the last ``initialBufferSize`` events are kept (and replayed to the first
    observers given), and critical events are also written to ``errorStream`` so that a
    program that dies early does not die silently.
    """

    _DEFAULT_BUFFER_SIZE = 200

    def __init__(
        self,
        publisher: LogPublisher,
        errorStream: IO[Any],
        stdio: Any,
        warningsModule: Any,
        initialBufferSize: int | None = None,
    ) -> None:
        if initialBufferSize is None:
            initialBufferSize = self._DEFAULT_BUFFER_SIZE
        self._initialBuffer = LimitedHistoryLogObserver(size=initialBufferSize)
        self._publisher = publisher
        self._log = Logger(observer=publisher)
        self._stdio = stdio
        self._warningsModule = warningsModule

        def formatCritical(event: LogEvent) -> str:
            return eventAsText(event, includeTimestamp=False, includeSystem=False) + "\n"

        self._temporaryObserver: LogPublisher | None = LogPublisher(
            self._initialBuffer,
            FilteringLogObserver(
                FileLogObserver(errorStream, formatCritical),
                [LogLevelFilterPredicate(defaultLogLevel=LogLevel.critical)],
            ),
        )
        self._previousBegin: tuple[str, int] = ("", 0)
        publisher.addObserver(self._temporaryObserver)
        self._oldshowwarning = warningsModule.showwarning

    def beginLoggingTo(
        self,
        observers: Iterable[ILogObserver],
        discardBuffer: bool = False,
        redirectStandardIO: bool = True,
    ) -> None:
        """Send all events to ``observers`` from now on (replaying the buffered ones unless
        ``discardBuffer``), route warnings into the log and, with ``redirectStandardIO``,
        replace ``stdout``/``stderr`` with :class:`LoggingFile` objects.

        A second call adds its observers and logs a warning naming both call sites.
        """
        caller = sys._getframe(1)
        filename, lineno = caller.f_code.co_filename, caller.f_lineno

        for observer in observers:
            self._publisher.addObserver(observer)

        if self._temporaryObserver is not None:
            self._publisher.removeObserver(self._temporaryObserver)
            if not discardBuffer:
                self._initialBuffer.replayTo(self._publisher)
            self._temporaryObserver = None
            self._warningsModule.showwarning = self.showwarning
        else:
            previousFile, previousLine = self._previousBegin
            self._log.warn(
                MORE_THAN_ONCE_WARNING,
                fileNow=filename,
                lineNow=lineno,
                fileThen=previousFile,
                lineThen=previousLine,
            )

        self._previousBegin = (filename, lineno)
        if redirectStandardIO:
            streams = [("stdout", LogLevel.info), ("stderr", LogLevel.error)]
        else:
            streams = []

        for stream, level in streams:
            oldStream = getattr(self._stdio, stream)
            loggingFile = LoggingFile(
                logger=Logger(namespace=stream, observer=self._publisher),
                level=level,
                encoding=getattr(oldStream, "encoding", None),
            )
            setattr(self._stdio, stream, loggingFile)

    def showwarning(
        self,
        message: str | Warning,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: IO[Any] | None = None,
        line: str | None = None,
    ) -> None:
        """Log warnings shown without a ``file``; show the others as before."""
        if file is None:
            self._log.warn(
                "{filename}:{lineno}: {category}: {warning}",
                warning=message,
                category=qual(category),
                filename=filename,
                lineno=lineno,
            )
        else:
            if self._oldshowwarning is getattr(warnings, "_showwarning_orig", None):
                # The standard one writes this text to ``file``; doing it here keeps a warnings
                # recorder (catch_warnings(record=True), as pytest uses) from swallowing it.
                try:
                    file.write(warnings.formatwarning(message, category, filename, lineno, line))
                except OSError:
                    pass
            else:
                self._oldshowwarning(message, category, filename, lineno, file, line)


globalLogPublisher = LogPublisher()
globalLogBeginner = LogBeginner(globalLogPublisher, sys.stderr, sys, warnings)
