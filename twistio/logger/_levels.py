"""Log levels: :class:`LogLevel` and :class:`InvalidLogLevelError`."""

from __future__ import annotations

from twistio.python._constants import NamedConstant, Names

__name__ = "twisted.logger._levels"

__all__ = ["InvalidLogLevelError", "LogLevel", "NamedConstant", "Names"]


class InvalidLogLevelError(Exception):
    """Someone used a log level that is not one of :class:`LogLevel`'s."""

    def __init__(self, level: object) -> None:
        super().__init__(str(level))
        self.level = level


class LogLevel(Names):
    """The levels of log events, from least to most severe.

    Levels order by severity (``LogLevel.info < LogLevel.warn``).
    """

    debug = NamedConstant()
    info = NamedConstant()
    warn = NamedConstant()
    error = NamedConstant()
    critical = NamedConstant()

    @classmethod
    def levelWithName(cls, name: str) -> NamedConstant:
        """The level named ``name``; :class:`InvalidLogLevelError` if there is none."""
        try:
            return cls.lookupByName(name)  # type: ignore[no-any-return]
        except ValueError:
            raise InvalidLogLevelError(name)
