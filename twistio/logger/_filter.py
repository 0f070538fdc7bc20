"""Filtering events: :class:`FilteringLogObserver` and predicates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from zope.interface import Interface, implementer

from twistio.logger._interfaces import ILogObserver, LogEvent
from twistio.logger._levels import InvalidLogLevelError, LogLevel, NamedConstant, Names
from twistio.logger._observer import bitbucketLogObserver

__name__ = "twisted.logger._filter"

__all__ = [
    "PredicateResult",
    "ILogFilterPredicate",
    "shouldLogEvent",
    "FilteringLogObserver",
    "LogLevelFilterPredicate",
]


class PredicateResult(Names):
    """What a filter predicate says: ``yes`` (log it), ``no`` (drop it) or ``maybe`` (ask
    the next predicate)."""

    yes = NamedConstant()
    no = NamedConstant()
    maybe = NamedConstant()


class ILogFilterPredicate(Interface):
    """A predicate deciding whether an event is to be observed."""

    def __call__(event: LogEvent) -> NamedConstant:  # type: ignore[misc]
        """A :class:`PredicateResult` for ``event``."""


def shouldLogEvent(predicates: Iterable[ILogFilterPredicate], event: LogEvent) -> bool:
    """Whether ``event`` passes ``predicates`` (the first non-``maybe`` answer decides;
    all ``maybe`` means yes).

    :raises TypeError: a predicate returned something else than a :class:`PredicateResult`.
    """
    for predicate in predicates:
        result = predicate(event)
        if result == PredicateResult.yes:
            return True
        if result == PredicateResult.no:
            return False
        if result == PredicateResult.maybe:
            continue
        raise TypeError(f"Invalid predicate result: {result!r}")
    return True


@implementer(ILogObserver)
class FilteringLogObserver:
    """Forwards to ``observer`` the events that pass ``predicates``; the others go to
    ``negativeObserver``."""

    def __init__(
        self,
        observer: ILogObserver,
        predicates: Iterable[ILogFilterPredicate],
        negativeObserver: ILogObserver = bitbucketLogObserver,
    ) -> None:
        self._observer = observer
        self._predicates = list(predicates)
        self._negativeObserver = negativeObserver

    def __call__(self, event: LogEvent) -> None:
        # shouldLogEvent inlined (every event passes here); its rules, its TypeError.
        log = True
        for predicate in self._predicates:
            result = predicate(event)
            if result is PredicateResult.maybe:
                continue
            if result == PredicateResult.yes:
                break
            if result == PredicateResult.no:
                log = False
                break
            if result == PredicateResult.maybe:
                continue
            raise TypeError(f"Invalid predicate result: {result!r}")
        if log:
            if "log_trace" in event:
                event["log_trace"].append((self, self._observer))
            self._observer(event)
        else:
            self._negativeObserver(event)


@implementer(ILogFilterPredicate)
class LogLevelFilterPredicate:
    """Drops events below the level set for their namespace (or its closest parent
    namespace that has one; ``defaultLogLevel`` otherwise)."""

    defaultLogLevel = LogLevel.info

    def __init__(self, defaultLogLevel: Any = defaultLogLevel) -> None:
        self._logLevelsByNamespace: dict[str | None, Any] = {}
        self.defaultLogLevel = defaultLogLevel
        self.clearLogLevels()

    #: Answers of logLevelForNamespace, forgotten whenever a level is set or cleared.
    _levelCache: dict[str | None, Any]
    _MAX_CACHED_NAMESPACES = 1000

    def logLevelForNamespace(self, namespace: str | None) -> Any:
        """The level in force for ``namespace``."""
        # Every event asks (for a handful of namespaces): walk the parents once each.
        cache = self._levelCache
        level = cache.get(namespace)
        if level is None:
            level = self._findLogLevel(namespace)
            if len(cache) >= self._MAX_CACHED_NAMESPACES:
                cache.clear()
            cache[namespace] = level
        return level

    def _findLogLevel(self, namespace: str | None) -> Any:
        if not namespace:
            return self._logLevelsByNamespace[None]
        if namespace in self._logLevelsByNamespace:
            return self._logLevelsByNamespace[namespace]
        segments = namespace.split(".")
        index = len(segments) - 1
        while index > 0:
            namespace = ".".join(segments[:index])
            if namespace in self._logLevelsByNamespace:
                return self._logLevelsByNamespace[namespace]
            index -= 1
        return self._logLevelsByNamespace[None]

    def setLogLevelForNamespace(self, namespace: str | None, level: Any) -> None:
        """Set the level for ``namespace`` (and its children without one of their own).

        :raises InvalidLogLevelError: ``level`` is not a :class:`LogLevel`.
        """
        if level not in LogLevel.iterconstants():
            raise InvalidLogLevelError(level)
        if namespace:
            self._logLevelsByNamespace[namespace] = level
        else:
            self._logLevelsByNamespace[None] = level
        self._levelCache = {}

    def clearLogLevels(self) -> None:
        """Forget every namespace's level."""
        self._logLevelsByNamespace = {None: self.defaultLogLevel}
        self._levelCache = {}

    def __call__(self, event: LogEvent) -> NamedConstant:
        eventLevel = event.get("log_level", None)
        namespace = event.get("log_namespace", None)
        # Events without a level or a namespace come from no Logger; they are dropped.
        if eventLevel is None or not namespace:
            return PredicateResult.no
        namespaceLevel = self.logLevelForNamespace(namespace)
        if eventLevel < namespaceLevel:
            return PredicateResult.no
        return PredicateResult.maybe
