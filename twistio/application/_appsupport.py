"""twistd's logging setup (AppLogger) and profilers (AppProfiler), re-exported by ``app``."""

from __future__ import annotations

import sys
import warnings
from typing import Any

from twistio import copyright as _copyright
from twistio import logger
from twistio.logger import ILogObserver, globalLogBeginner, globalLogPublisher
from twistio.logger._legacy import LegacyLogObserverWrapper
from twistio.python import logfile, runtime
from twistio.python.log import ILogObserver as LegacyILogObserver
from twistio.python.reflect import qual

__name__ = "twisted.application.app"

_UNMARKED_OBSERVER = (
    "Passing a logger factory which makes log observers which do not implement "
    "twisted.logger.ILogObserver or twisted.python.log.ILogObserver to "
    "twisted.application.app.AppLogger was deprecated in Twisted 16.2. Please use a "
    "factory that produces twisted.logger.ILogObserver (or the legacy "
    "twisted.python.log.ILogObserver) implementing objects instead."
)


class AppLogger:
    """Starts twistd's logging: to the ``--logger`` factory's observer, else the
    application's ILogObserver (or legacy ILogObserver) component, else a text file observer
    on ``--logfile`` (standard output for "-" or nothing)."""

    _observer: Any = None
    _log = logger.Logger()

    def __init__(self, options: Any) -> None:
        self._logfilename = options.get("logfile", "")
        self._observerFactory = options.get("logger") or None

    def start(self, application: Any) -> None:
        """Begin logging to the chosen observer and log twistd's start-up lines."""
        if self._observerFactory is not None:
            observer = self._observerFactory()
        else:
            observer = application.getComponent(ILogObserver, None)
            if observer is None:
                observer = application.getComponent(LegacyILogObserver, None)
            if observer is None:
                observer = self._getLogObserver()
        self._observer = observer
        if ILogObserver.providedBy(observer):
            observers = [observer]
        elif LegacyILogObserver.providedBy(observer):
            observers = [LegacyLogObserverWrapper(observer)]
        else:
            warnings.warn(_UNMARKED_OBSERVER, DeprecationWarning, stacklevel=2)
            observers = [LegacyLogObserverWrapper(observer)]
        globalLogBeginner.beginLoggingTo(observers)
        self._initialLog()

    def _initialLog(self) -> None:
        from twistio.internet import reactor

        self._log.info(
            "twistd {version} ({exe} {pyVersion}) starting up.",
            version=_copyright.version,
            exe=sys.executable,
            pyVersion=runtime.shortPythonVersion(),
        )
        self._log.info("reactor class: {reactor}.", reactor=qual(reactor.__class__))

    def _getLogObserver(self) -> Any:
        if self._logfilename == "-" or not self._logfilename:
            logFile: Any = sys.stdout
        else:
            logFile = logfile.LogFile.fromFullPath(self._logfilename)
        return logger.textFileLogObserver(logFile)

    def stop(self) -> None:
        """Stop sending events to the observer started by :meth:`start` (idempotent)."""
        self._log.info("Server Shut Down.")
        if self._observer is not None:
            globalLogPublisher.removeObserver(self._observer)
            self._observer = None


class _BasicProfiler:
    """Runs the reactor under a profiler, writing to ``profileOutput``."""

    def __init__(self, profileOutput: str | None, saveStats: bool) -> None:
        self.profileOutput = profileOutput
        self.saveStats = saveStats

    def _reportImportError(self, module: str, e: ImportError) -> None:
        raise SystemExit(f"Failed to import module {module}: {e}")

    def run(self, reactor: Any) -> None:
        raise NotImplementedError()


class ProfileRunner(_BasicProfiler):
    """The pure-Python ``profile`` profiler."""

    def run(self, reactor: Any) -> None:
        try:
            import profile
        except ImportError as e:
            self._reportImportError("profile", e)
            return
        assert self.profileOutput is not None
        p = profile.Profile()
        p.runcall(reactor.run)
        if self.saveStats:
            p.dump_stats(self.profileOutput)
            return
        saved = sys.stdout
        out = open(self.profileOutput, "a")  # noqa: SIM115 - restored below
        sys.stdout = out
        try:
            p.print_stats()
        finally:
            sys.stdout = saved
            out.close()


class CProfileRunner(_BasicProfiler):
    """The ``cProfile`` profiler."""

    def run(self, reactor: Any) -> None:
        try:
            import cProfile
            import pstats
        except ImportError as e:
            self._reportImportError("cProfile", e)
            return
        assert self.profileOutput is not None
        p = cProfile.Profile()
        p.runcall(reactor.run)
        if self.saveStats:
            p.dump_stats(self.profileOutput)
            return
        with open(self.profileOutput, "w") as stream:
            stats = pstats.Stats(p, stream=stream)
            stats.strip_dirs()
            stats.sort_stats(-1)
            stats.print_stats()


class AppProfiler:
    """Chooses the profiler named by the ``profiler`` option ("profile" or "cprofile", any
    case); ``run(reactor)`` runs the reactor under it."""

    profilers: dict[str, type[_BasicProfiler]] = {
        "profile": ProfileRunner,
        "cprofile": CProfileRunner,
    }

    def __init__(self, options: Any) -> None:
        saveStats = options.get("savestats", False)
        profileOutput = options.get("profile", None)
        self.profiler = options.get("profiler", "cprofile").lower()
        if self.profiler not in self.profilers:
            raise SystemExit(f"Unsupported profiler name: {self.profiler}")
        self.run = self.profilers[self.profiler](profileOutput, saveStats).run
