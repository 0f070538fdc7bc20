"""The logging interfaces: :class:`ILogObserver` and the ``LogEvent`` type."""

from __future__ import annotations

from typing import Any

from zope.interface import Interface

__name__ = "twisted.logger._interfaces"

__all__ = ["ILogObserver", "LogEvent", "LogTrace"]

#: A log event: a dictionary of ``log_*`` keys and the emitter's own fields.
LogEvent = dict[str, Any]
#: The ``log_trace`` value: ``(emitter, observer)`` pairs the event passed through.
LogTrace = list[tuple[Any, Any]]


class ILogObserver(Interface):
    """Something that receives log events."""

    def __call__(event: LogEvent) -> None:  # type: ignore[misc]
        """Observe ``event``; must not raise and should not block."""
