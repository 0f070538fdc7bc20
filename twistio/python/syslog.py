"""twisted.python.syslog: send legacy log events to the system logger."""

from __future__ import annotations

import syslog as _stdsyslog
from typing import Any

from twistio.python import log

__name__ = "twisted.python.syslog"

__all__ = ["SyslogObserver", "startLogging", "DEFAULT_OPTIONS", "DEFAULT_FACILITY"]

DEFAULT_OPTIONS = 0
DEFAULT_FACILITY = _stdsyslog.LOG_USER


class SyslogObserver:
    """A legacy log observer writing each event's text to syslog under ``prefix``: errors at
    LOG_ALERT, others at LOG_INFO (or the event's ``syslogPriority``), one syslog line per
    text line, each prefixed with the event's ``system``."""

    openlog = staticmethod(_stdsyslog.openlog)
    syslog = staticmethod(_stdsyslog.syslog)

    def __init__(
        self, prefix: str, options: int = DEFAULT_OPTIONS, facility: int = DEFAULT_FACILITY
    ) -> None:
        self.openlog(prefix, options, facility)

    def emit(self, eventDict: dict[str, Any]) -> None:
        """Write one legacy event (ignored when it has no text)."""
        text = log.textFromEventDict(eventDict)
        if text is None:
            return
        priority = _stdsyslog.LOG_INFO
        facility = 0
        if eventDict.get("isError"):
            priority = _stdsyslog.LOG_ALERT
        if "syslogPriority" in eventDict:
            priority = int(eventDict["syslogPriority"])
        if "syslogFacility" in eventDict:
            facility = int(eventDict["syslogFacility"])
        system = eventDict.get("system", "-")
        lines = text.rstrip("\n").splitlines() or [""]
        # Continuation lines are indented so a reader sees where a message ends.
        self.syslog(priority | facility, f"[{system}] {lines[0]}")
        for line in lines[1:]:
            self.syslog(priority | facility, f"[{system}] \t{line}")


def startLogging(
    prefix: str = "Twisted", options: int = DEFAULT_OPTIONS, setStdout: bool = True
) -> None:
    """Send all legacy log events to syslog under ``prefix``."""
    observer = SyslogObserver(prefix, options)
    log.startLoggingWithObserver(observer.emit, setStdout=setStdout)
