"""Emitting events: :class:`Logger`."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol

from twistio.logger._interfaces import ILogObserver, LogEvent
from twistio.logger._levels import InvalidLogLevelError, LogLevel
from twistio.python.failure import Failure

__name__ = "twisted.logger._logger"

__all__ = ["Logger", "Operation", "_loggerFor"]

#: Every valid level (what ``LogLevel.iterconstants()`` yields), checked per event.
_LEVELS = tuple(LogLevel.iterconstants())


class Operation(Protocol):
    """What :meth:`Logger.failuresHandled` yields: whether the block succeeded or failed
    (both ``False`` while it runs)."""

    @property
    def succeeded(self) -> bool: ...

    @property
    def failed(self) -> bool: ...


class _FailCtxMgr:
    """One use of :meth:`Logger.failuresHandled`."""

    succeeded = False
    failed = False

    def __init__(self, fail: Callable[[Failure], None]) -> None:
        self._fail = fail

    def __enter__(self) -> _FailCtxMgr:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        if exc_value is not None:
            self.failed = True
            self._fail(Failure(exc_value, exc_type, tb))
        else:
            self.succeeded = True
        return True


class _FastFailCtxMgr:
    """The reusable context manager of :meth:`Logger.failureHandler`."""

    def __init__(self, fail: Callable[[Failure], None]) -> None:
        self._fail = fail

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        if exc_value is not None:
            self._fail(Failure(exc_value, exc_type, tb))
        return True


class Logger:
    """Emits structured log events to an observer (the global publisher by default).

    Used as a class attribute, a Logger is a descriptor: ``self.log`` is a Logger whose
    namespace is the class's qualified name and whose ``source`` is the instance (or the
    class, when got from the class).
    """

    @staticmethod
    def _namespaceFromCallingContext() -> str:
        """The ``__name__`` of the module that created the Logger, or ``"<unknown>"``."""
        try:
            return str(sys._getframe(2).f_globals["__name__"])
        except KeyError:
            return "<unknown>"

    def __init__(
        self,
        namespace: str | None = None,
        source: object | None = None,
        observer: ILogObserver | None = None,
    ) -> None:
        if namespace is None:
            namespace = self._namespaceFromCallingContext()
        self.namespace = namespace
        self.source = source
        # None means the global publisher, looked up when first needed: the global
        # publisher's own module makes Loggers while it is being imported.
        self._observer = observer

    @property
    def observer(self) -> ILogObserver:
        """Where this Logger's events go."""
        observer = self._observer
        if observer is None:
            from twistio.logger._global import globalLogPublisher

            observer = self._observer = globalLogPublisher
        return observer

    @observer.setter
    def observer(self, observer: ILogObserver) -> None:
        self._observer = observer

    def __get__(self, instance: object, owner: type | None = None) -> Logger:
        assert owner is not None
        source: object = owner if instance is None else instance
        return self.__class__(
            ".".join([owner.__module__, owner.__name__]), source, observer=self.observer
        )

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} {self.namespace!r}>"

    def emit(self, level: Any, format: str | None = None, **kwargs: object) -> None:
        """Emit an event at ``level`` with the PEP 3101 ``format`` and fields ``kwargs``.

        An invalid level is itself logged (as a failure) instead.
        """
        if level not in _LEVELS:
            self.failure(
                "Got invalid log level {invalidLevel!r} in {logger}.emit().",
                Failure(InvalidLogLevelError(level)),
                invalidLevel=level,
                logger=self,
            )
            return

        event: LogEvent = kwargs
        # (Item by item: an update() call would first build a dict of its own.)
        event["log_logger"] = self
        event["log_level"] = level
        event["log_namespace"] = self.namespace
        event["log_source"] = self.source
        event["log_format"] = format
        event["log_time"] = time.time()
        observer = self._observer
        if observer is None:
            observer = self.observer
        if "log_trace" in event:
            event["log_trace"].append((self, observer))
        observer(event)

    def failure(
        self,
        format: str,
        failure: Failure | None = None,
        level: Any = LogLevel.critical,
        **kwargs: object,
    ) -> None:
        """Log ``failure`` (by default, the exception being handled) with ``format``."""
        if failure is None:
            failure = Failure()
        self.emit(level, format, log_failure=failure, **kwargs)

    def debug(self, format: str | None = None, **kwargs: object) -> None:
        """Emit at ``LogLevel.debug``."""
        self.emit(LogLevel.debug, format, **kwargs)

    def info(self, format: str | None = None, **kwargs: object) -> None:
        """Emit at ``LogLevel.info``."""
        self.emit(LogLevel.info, format, **kwargs)

    def warn(self, format: str | None = None, **kwargs: object) -> None:
        """Emit at ``LogLevel.warn``."""
        self.emit(LogLevel.warn, format, **kwargs)

    def error(self, format: str | None = None, **kwargs: object) -> None:
        """Emit at ``LogLevel.error``."""
        self.emit(LogLevel.error, format, **kwargs)

    def critical(self, format: str | None = None, **kwargs: object) -> None:
        """Emit at ``LogLevel.critical``."""
        self.emit(LogLevel.critical, format, **kwargs)

    def failuresHandled(
        self, format: str, level: Any = LogLevel.critical, **kwargs: object
    ) -> _FailCtxMgr:
        """A context manager that logs (and swallows) any exception from its block; it
        yields an :class:`Operation` telling whether the block succeeded."""
        return _FailCtxMgr(lambda f: self.failure(format, f, level, **kwargs))

    def failureHandler(
        self, format: str, level: Any = LogLevel.critical, **kwargs: object
    ) -> _FastFailCtxMgr:
        """Like :meth:`failuresHandled` but reusable, and yielding ``None``."""
        return _FastFailCtxMgr(lambda f: self.failure(format, f, level, **kwargs))


_log = Logger()


def _loggerFor(obj: object) -> Logger:
    """The Logger that ``obj`` would get from a Logger class attribute."""
    return _log.__get__(obj, obj.__class__)
