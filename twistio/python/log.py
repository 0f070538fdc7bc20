"""twisted.python.log: the legacy logging API, built on :mod:`twisted.logger`.

Legacy events are dictionaries with ``message`` (a tuple of objects to join), ``isError``,
``time``, ``system`` and, for errors, ``failure`` and ``why``.  ``msg``/``err`` events go
to the global new-style publisher (so :mod:`twisted.logger` observers see them) and
legacy observers added with :func:`addObserver` receive new-style events converted back.
"""

from __future__ import annotations

import sys
import time
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import UTC, datetime
from io import UnsupportedOperation
from typing import IO, Any, NoReturn, TypeVar

from zope.interface import Interface

from twistio.logger._global import LogBeginner
from twistio.logger._global import globalLogBeginner as newGlobalLogBeginner
from twistio.logger._global import globalLogPublisher as newGlobalLogPublisher
from twistio.logger._io import LoggingFile
from twistio.logger._legacy import LegacyLogObserverWrapper
from twistio.logger._legacy import publishToNewObserver as _publishNew
from twistio.logger._levels import LogLevel as NewLogLevel
from twistio.logger._logger import Logger as NewLogger
from twistio.logger._observer import LogPublisher as NewPublisher
from twistio.logger._stdlib import STDLibLogObserver as NewSTDLibLogObserver
from twistio.python import _logsystem, context, failure, reflect

__name__ = "twisted.python.log"

__all__ = [
    "ILogContext",
    "ILogObserver",
    "EventDict",
    "callWithContext",
    "callWithLogger",
    "Logger",
    "LogPublisher",
    "theLogPublisher",
    "msg",
    "err",
    "deferr",
    "addObserver",
    "removeObserver",
    "showwarning",
    "textFromEventDict",
    "FileLogObserver",
    "PythonLoggingObserver",
    "StdioOnnaStick",
    "startLogging",
    "startLoggingWithObserver",
    "discardLogs",
    "DefaultObserver",
    "NullFile",
    "logfile",
    "logerr",
]

_T = TypeVar("_T")

#: A legacy event.
EventDict = dict[str, Any]


class ILogContext:
    """The context key under which the current logging context (a dictionary of keys added
    to every event, such as ``system``) is kept."""


class ILogObserver(Interface):
    """A legacy observer: a callable taking a legacy event dictionary."""

    def __call__(eventDict: EventDict) -> None:  # type: ignore[misc]
        """Observe ``eventDict``."""


class _CallbackLogContext(dict[str, Any]):
    """The logging context outside any callWithContext: ``system`` is "-", or, inside a
    protocol callback, that protocol's transport's prefix (see twistio.python._logsystem).

    Twisted pushes a context per callback (``callWithLogger``); twistio resolves the prefix
    only when someone reads it (``context.get(ILogContext)["system"]``, a copy, an event).
    """

    def __getitem__(self, key: str) -> Any:
        if key == "system":
            callbackSystem = _logsystem.system()
            if callbackSystem is not None:
                return callbackSystem
        return dict.__getitem__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default

    def copy(self) -> dict[str, Any]:  # type: ignore[override]
        copied = dict(self)
        callbackSystem = _logsystem.system()
        if callbackSystem is not None:
            copied["system"] = callbackSystem
        return copied


_defaultLogContext: dict[str, Any] = _CallbackLogContext(system="-")
context.setDefault(ILogContext, _defaultLogContext)


def callWithContext(ctx: dict[str, Any], func: Callable[..., _T], *args: Any, **kw: Any) -> _T:
    """Call ``func`` with the keys of ``ctx`` added to every event it logs."""
    newCtx = context.get(ILogContext).copy()
    newCtx.update(ctx)
    return context.call({ILogContext: newCtx}, func, *args, **kw)  # type: ignore[no-any-return]


def callWithLogger(logger: Any, func: Callable[..., _T], *args: Any, **kw: Any) -> _T | None:
    """Call ``func`` with events logged as from ``logger`` (``system`` is its
    ``logPrefix()``); exceptions are logged, not raised."""
    try:
        lp = logger.logPrefix()
    except KeyboardInterrupt:
        raise
    except BaseException:
        lp = "(buggy logPrefix method)"
        err(system=lp)
    try:
        return callWithContext({"system": lp}, func, *args, **kw)
    except KeyboardInterrupt:
        raise
    except BaseException:
        err(system=lp)
        return None


def err(_stuff: Any = None, _why: str | None = None, **kw: Any) -> None:
    """Log an error: a Failure, an exception, the exception being handled (by default) or
    any other object (logged by repr).  ``_why`` says what was going on."""
    if _stuff is None:
        _stuff = failure.Failure()
    if isinstance(_stuff, failure.Failure):
        msg(failure=_stuff, why=_why, isError=1, **kw)
    elif isinstance(_stuff, Exception):
        msg(failure=failure.Failure(_stuff), why=_why, isError=1, **kw)
    else:
        msg(repr(_stuff), why=_why, isError=1, **kw)


deferr = err


class Logger:
    """Base for objects that name the ``system`` of events logged on their behalf."""

    def logPrefix(self) -> str:
        """The ``system`` of events logged for this object."""
        return "-"


class LogPublisher:
    """The legacy publisher: legacy observers in, legacy events out, over new-style
    publishers (by default, fresh ones)."""

    synchronized = ["msg"]

    def __init__(
        self,
        observerPublisher: NewPublisher | None = None,
        publishPublisher: NewPublisher | None = None,
        logBeginner: LogBeginner | None = None,
        warningsModule: Any = warnings,
    ) -> None:
        if publishPublisher is None:
            publishPublisher = NewPublisher()
            if observerPublisher is None:
                observerPublisher = publishPublisher
        if observerPublisher is None:
            observerPublisher = NewPublisher()
        self._observerPublisher = observerPublisher
        self._publishPublisher = publishPublisher
        self._legacyObservers: list[LegacyLogObserverWrapper] = []
        if logBeginner is None:
            # This publisher's own beginner must not write early critical events anywhere.
            logBeginner = LogBeginner(observerPublisher, NullFile(), sys, warnings)  # type: ignore[arg-type]
        self._logBeginner = logBeginner
        self._warningsModule = warningsModule
        self._oldshowwarning = warningsModule.showwarning
        self.showwarning = self._logBeginner.showwarning

    @property
    def observers(self) -> list[Callable[[EventDict], None]]:
        """The legacy observers added."""
        return [x.legacyObserver for x in self._legacyObservers]

    def _startLogging(self, other: Callable[[EventDict], None], setStdout: int | bool) -> None:
        wrapped = LegacyLogObserverWrapper(other)
        self._legacyObservers.append(wrapped)
        self._logBeginner.beginLoggingTo([wrapped], True, bool(setStdout))

    def _stopLogging(self) -> None:
        if self._warningsModule.showwarning == self.showwarning:
            self._warningsModule.showwarning = self._oldshowwarning

    def addObserver(self, other: Callable[[EventDict], None]) -> None:
        """Send every event (as a legacy event) to ``other``."""
        wrapped = LegacyLogObserverWrapper(other)
        self._legacyObservers.append(wrapped)
        self._observerPublisher.addObserver(wrapped)

    def removeObserver(self, other: Callable[[EventDict], None]) -> None:
        """Stop sending events to ``other``."""
        for observer in self._legacyObservers:
            if observer.legacyObserver == other:
                self._legacyObservers.remove(observer)
                self._observerPublisher.removeObserver(observer)
                break

    def msg(self, *message: Any, **kw: Any) -> None:
        """Log ``message`` (objects joined by spaces) with the event keys ``kw`` (and the
        current logging context's)."""
        ctx = context.get(ILogContext)
        # The default context's copy carries the running protocol callback's system.
        actualEventDict: EventDict = (ctx or {}).copy()
        actualEventDict.update(kw)
        actualEventDict["message"] = message
        actualEventDict["time"] = time.time()
        if "isError" not in actualEventDict:
            actualEventDict["isError"] = 0
        _publishNew(self._publishPublisher, actualEventDict, textFromEventDict)


theLogPublisher = LogPublisher(
    observerPublisher=newGlobalLogPublisher,
    publishPublisher=newGlobalLogPublisher,
    logBeginner=newGlobalLogBeginner,
)

addObserver = theLogPublisher.addObserver
removeObserver = theLogPublisher.removeObserver
msg = theLogPublisher.msg
showwarning = theLogPublisher.showwarning


def _safeFormat(fmtString: str, fmtDict: dict[str, Any]) -> str:
    """``fmtString % fmtDict``, or text saying why it could not be done."""
    try:
        text = fmtString % fmtDict
    except KeyboardInterrupt:
        raise
    except BaseException:
        try:
            text = (
                "Invalid format string or unformattable object in log message: "
                f"{fmtString!r}, {fmtDict}"
            )
        except BaseException:
            try:
                text = (
                    f"UNFORMATTABLE OBJECT WRITTEN TO LOG with fmt {fmtString!r}, MESSAGE LOST"
                )
            except BaseException:
                text = (
                    "PATHOLOGICAL ERROR IN BOTH FORMAT STRING AND MESSAGE DETAILS, "
                    "MESSAGE LOST"
                )
    return text


def textFromEventDict(eventDict: EventDict) -> str | None:
    """The text of a legacy event: its message parts, its error and traceback, or its
    ``format`` applied to it; ``None`` if it has none of these."""
    edm = eventDict["message"]
    if not edm:
        if eventDict["isError"] and "failure" in eventDict:
            why = eventDict.get("why")
            if why:
                why = reflect.safe_str(why)
            else:
                why = "Unhandled Error"
            try:
                traceback: str = eventDict["failure"].getTraceback()
            except Exception as e:
                traceback = "(unable to obtain traceback): " + str(e)
            return why + "\n" + traceback
        elif "format" in eventDict:
            fmt: str = eventDict["format"]
            return _safeFormat(fmt, eventDict)
        else:
            return None
    return " ".join(map(reflect.safe_str, edm))


class _GlobalStartStopObserver(ABC):
    """A legacy observer that can add itself to, and remove itself from, the global
    publisher."""

    @abstractmethod
    def emit(self, eventDict: EventDict) -> None:
        """Observe ``eventDict``."""

    def start(self) -> None:
        """Start observing global events."""
        addObserver(self.emit)

    def stop(self) -> None:
        """Stop observing global events."""
        removeObserver(self.emit)


class FileLogObserver(_GlobalStartStopObserver):
    """Writes legacy events to a file as ``<time> [<system>] <text>`` lines."""

    timeFormat: str | None = None

    def __init__(self, f: IO[Any]) -> None:
        self.write = f.write
        self.flush = f.flush

    def getTimezoneOffset(self, when: float) -> int:
        """Seconds west of UTC of local time at ``when``."""
        offset = datetime.fromtimestamp(when, UTC).replace(tzinfo=None) - datetime.fromtimestamp(when)
        return offset.days * (60 * 60 * 24) + offset.seconds

    def formatTime(self, when: float) -> str:
        """``when`` as ``YYYY-MM-DD HH:MM:SS+HHMM`` in local time (or per ``timeFormat``)."""
        if self.timeFormat is not None:
            return datetime.fromtimestamp(when).strftime(self.timeFormat)
        tzOffset = -self.getTimezoneOffset(when)
        local = datetime.fromtimestamp(when + tzOffset, UTC)
        tzHour = abs(int(tzOffset / 60 / 60))
        tzMin = abs(int(tzOffset / 60 % 60))
        tzSign = "-" if tzOffset < 0 else "+"
        return "%d-%02d-%02d %02d:%02d:%02d%s%02d%02d" % (  # noqa: UP031
            local.year,
            local.month,
            local.day,
            local.hour,
            local.minute,
            local.second,
            tzSign,
            tzHour,
            tzMin,
        )

    def emit(self, eventDict: EventDict) -> None:
        """Write ``eventDict`` as one (tab-continued) entry."""
        text = textFromEventDict(eventDict)
        if text is None:
            return
        timeStr = self.formatTime(eventDict["time"])
        fmtDict = {"system": eventDict["system"], "text": text.replace("\n", "\n\t")}
        msgStr = _safeFormat("[%(system)s] %(text)s\n", fmtDict)
        _untilConcludes(self.write, timeStr + " " + msgStr)
        _untilConcludes(self.flush)


def _untilConcludes(f: Callable[..., _T], *a: Any) -> _T:
    while True:
        try:
            return f(*a)
        except InterruptedError:
            continue


class PythonLoggingObserver(_GlobalStartStopObserver):
    """Sends legacy events to the standard library's :mod:`logging` (logger
    ``loggerName``); ``logLevel`` in an event picks its level."""

    def __init__(self, loggerName: str = "twisted") -> None:
        self._newObserver = NewSTDLibLogObserver(loggerName)

    def emit(self, eventDict: EventDict) -> None:
        """Log ``eventDict`` if it has anything to say."""
        if "log_format" in eventDict:
            _publishNew(self._newObserver, eventDict, textFromEventDict)


class StdioOnnaStick:
    """A file that logs each line written to it (with ``printed=1``)."""

    closed = 0
    softspace = 0
    mode = "wb"
    name = "<stdio (log)>"

    def __init__(self, isError: int = 0, encoding: str | None = None) -> None:
        self.isError = isError
        if encoding is None:
            encoding = sys.getdefaultencoding()
        self.encoding = encoding
        self.buf = ""

    def close(self) -> None:
        pass

    def fileno(self) -> NoReturn:
        raise UnsupportedOperation()

    def flush(self) -> None:
        pass

    def read(self) -> NoReturn:
        raise OSError("can't read from the log!")

    readline = read
    readlines = read
    seek = read
    tell = read

    def write(self, data: str) -> None:
        d = (self.buf + data).split("\n")
        self.buf = d[-1]
        for message in d[0:-1]:
            msg(message, printed=1, isError=self.isError)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            msg(line, printed=1, isError=self.isError)


def startLogging(file: Any, *a: Any, **kw: Any) -> FileLogObserver | None:
    """Log to ``file`` (as :class:`FileLogObserver` text), replacing stdout/stderr with
    logging files unless ``setStdout=False``."""
    if isinstance(file, LoggingFile):
        return None
    flo = FileLogObserver(file)
    startLoggingWithObserver(flo.emit, *a, **kw)
    return flo


def startLoggingWithObserver(observer: Callable[[EventDict], None], setStdout: int | bool = 1) -> None:
    """Log to the legacy ``observer``; see :func:`startLogging`."""
    theLogPublisher._startLogging(observer, setStdout)
    msg("Log opened.")


class NullFile:
    """A file that discards what is written to it."""

    softspace = 0

    def read(self) -> None:
        pass

    def write(self, bytes: Any) -> None:
        pass

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def discardLogs() -> None:
    """Throw away what is written to :data:`logfile` and :data:`logerr`."""
    global logfile, logerr
    logfile = logerr = NullFile()  # type: ignore[assignment]


#: A file whose lines are logged at info level.
logfile: Any = LoggingFile(
    logger=NewLogger(namespace="twisted.python.log"),
    level=NewLogLevel.info,
    encoding=getattr(sys.stdout, "encoding", None),
)
#: A file whose lines are logged at error level (``Failure.printTraceback`` writes here).
logerr: Any = LoggingFile(
    logger=NewLogger(namespace="twisted.python.log"),
    level=NewLogLevel.error,
    encoding=getattr(sys.stderr, "encoding", None),
)


class DefaultObserver(_GlobalStartStopObserver):
    """Writes error events to ``stderr``."""

    stderr: Any = sys.stderr

    def emit(self, eventDict: EventDict) -> None:
        if eventDict["isError"]:
            text = textFromEventDict(eventDict)
            if text is not None:
                self.stderr.write(text)
                self.stderr.flush()


