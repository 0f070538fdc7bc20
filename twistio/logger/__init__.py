"""twisted.logger: structured logging.

Code emits events through a :class:`Logger`; events are dictionaries that observers
(:class:`ILogObserver`) receive through publishers, filter, format and write out.
"""

from __future__ import annotations

from twistio._package import submodule_getattr
from twistio.logger._buffer import LimitedHistoryLogObserver
from twistio.logger._capture import capturedLogs
from twistio.logger._file import FileLogObserver, textFileLogObserver
from twistio.logger._filter import (
    FilteringLogObserver,
    ILogFilterPredicate,
    LogLevelFilterPredicate,
    PredicateResult,
)
from twistio.logger._flatten import extractField
from twistio.logger._format import (
    eventAsText,
    formatEvent,
    formatEventAsClassicLogText,
    formatTime,
    timeFormatRFC3339,
)
from twistio.logger._global import LogBeginner, globalLogBeginner, globalLogPublisher
from twistio.logger._interfaces import ILogObserver, LogEvent
from twistio.logger._io import LoggingFile
from twistio.logger._json import (
    eventAsJSON,
    eventFromJSON,
    eventsFromJSONLogFile,
    jsonFileLogObserver,
)
from twistio.logger._legacy import LegacyLogObserverWrapper
from twistio.logger._levels import InvalidLogLevelError, LogLevel
from twistio.logger._logger import Logger, Operation, _loggerFor
from twistio.logger._observer import LogPublisher
from twistio.logger._stdlib import STDLibLogObserver

__name__ = "twisted.logger"

__getattr__ = submodule_getattr("twistio.logger", __name__)

__all__ = [
    # From ._levels
    "InvalidLogLevelError",
    "LogLevel",
    # From ._format
    "formatEvent",
    "formatEventAsClassicLogText",
    "formatTime",
    "timeFormatRFC3339",
    "eventAsText",
    # From ._flatten
    "extractField",
    # From ._interfaces
    "ILogObserver",
    "LogEvent",
    # From ._logger
    "Logger",
    "Operation",
    "_loggerFor",
    # From ._observer
    "LogPublisher",
    # From ._buffer
    "LimitedHistoryLogObserver",
    # From ._file
    "FileLogObserver",
    "textFileLogObserver",
    # From ._filter
    "PredicateResult",
    "ILogFilterPredicate",
    "FilteringLogObserver",
    "LogLevelFilterPredicate",
    # From ._stdlib
    "STDLibLogObserver",
    # From ._io
    "LoggingFile",
    # From ._legacy
    "LegacyLogObserverWrapper",
    # From ._global
    "globalLogPublisher",
    "globalLogBeginner",
    "LogBeginner",
    # From ._json
    "eventAsJSON",
    "eventFromJSON",
    "jsonFileLogObserver",
    "eventsFromJSONLogFile",
    # From ._capture
    "capturedLogs",
]
