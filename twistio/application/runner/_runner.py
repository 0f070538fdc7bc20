"""The runner behind ``twist``: optionally kill a running instance, hold the PID file, start
logging, run the reactor with start and exit hooks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from os import kill
from signal import SIGTERM
from sys import stderr
from typing import Any, TextIO

from attr import Factory, attrib, attrs

from twistio.application.runner._exit import ExitStatus, exit
from twistio.application.runner._pidfile import (
    AlreadyRunningError,
    InvalidPIDFileError,
    IPIDFile,
    nonePIDFile,
)
from twistio.internet.interfaces import IReactorCore
from twistio.logger import (
    FileLogObserver,
    FilteringLogObserver,
    Logger,
    LogLevel,
    LogLevelFilterPredicate,
    globalLogBeginner,
    textFileLogObserver,
)

__name__ = "twisted.application.runner._runner"

__all__ = ["Runner"]


def _noHook(**kwargs: Any) -> None:
    """The default start and exit hook: do nothing."""


@attrs(frozen=True)
class Runner:
    """Runs ``reactor``: ``run()`` kills the process in ``pidFile`` instead when ``kill`` is
    set; otherwise it holds ``pidFile`` (refusing with EX_CONFIG if its process runs), logs to
    ``logFile`` at ``defaultLogLevel`` and above, calls ``whenRunning(**whenRunningArguments)``
    once the reactor runs and ``reactorExited(**reactorExitedArguments)`` after it stops."""

    _reactor = attrib(type=IReactorCore)
    _pidFile = attrib(type=IPIDFile, default=nonePIDFile)
    _kill = attrib(type=bool, default=False)
    _defaultLogLevel = attrib(type=Any, default=LogLevel.info)
    _logFile = attrib(type=TextIO, default=stderr)
    _fileLogObserverFactory = attrib(
        type=Callable[[TextIO], FileLogObserver], default=textFileLogObserver
    )
    _whenRunning = attrib(type=Callable[..., None], default=_noHook)
    _whenRunningArguments = attrib(type=Mapping[str, Any], default=Factory(dict))
    _reactorExited = attrib(type=Callable[..., None], default=_noHook)
    _reactorExitedArguments = attrib(type=Mapping[str, Any], default=Factory(dict))

    _log = Logger()

    def run(self) -> None:
        """Kill if asked; else hold the PID file, start logging and run the reactor."""
        self.killIfRequested()
        try:
            with self._pidFile:
                self.startLogging()
                self.startReactor()
                self.reactorExited()
        except AlreadyRunningError:
            exit(ExitStatus.EX_CONFIG, "Already running.")

    def killIfRequested(self) -> None:
        """With ``kill``: SIGTERM the process in the PID file and exit (EX_USAGE without a PID
        file, EX_IOERR if it cannot be read, EX_DATAERR if it holds no PID)."""
        if not self._kill:
            return
        if self._pidFile is nonePIDFile:
            exit(ExitStatus.EX_USAGE, "No PID file specified.")
            return
        try:
            pid = self._pidFile.read()
        except OSError:
            exit(ExitStatus.EX_IOERR, "Unable to read PID file.")
            return
        except InvalidPIDFileError:
            exit(ExitStatus.EX_DATAERR, "Invalid PID file.")
            return
        kill(pid, SIGTERM)
        exit(ExitStatus.EX_OK)

    def startLogging(self) -> None:
        """Begin logging to a file observer on ``logFile``, filtered by level."""
        fileLogObserver = self._fileLogObserverFactory(self._logFile)
        predicate = LogLevelFilterPredicate(defaultLogLevel=self._defaultLogLevel)
        filtering = FilteringLogObserver(fileLogObserver, [predicate])
        globalLogBeginner.beginLoggingTo([filtering])

    def startReactor(self) -> None:
        """Run the reactor, calling :meth:`whenRunning` once it runs."""
        self._reactor.callWhenRunning(self.whenRunning)
        self._log.info("Starting reactor...")
        self._reactor.run()

    def whenRunning(self) -> None:
        """Call the start hook."""
        self._whenRunning(**self._whenRunningArguments)

    def reactorExited(self) -> None:
        """Call the exit hook."""
        self._reactorExited(**self._reactorExitedArguments)
