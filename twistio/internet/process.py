"""twisted.internet.process: the POSIX child-process transport."""

from __future__ import annotations

from typing import Any

from twistio._aio.process import Process

__name__ = "twisted.internet.process"

#: Twisted's SIGCHLD bookkeeping (pid -> process).  Children are reaped by the asyncio
#: loop here, so this stays empty; Twisted's reactor tests read it.
reapProcessHandlers: dict[int, Any] = {}


def reapAllProcesses() -> None:
    """Twisted's SIGCHLD reaping entry point: nothing to do, the loop reaps children."""


__all__ = ["Process"]
