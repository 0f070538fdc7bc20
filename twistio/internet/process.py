"""twisted.internet.process: the POSIX child-process transport."""

from __future__ import annotations

from twistio._aio.process import Process, PTYProcess, reapProcessHandlers
from twistio.internet._processfds import _getFileActions

__name__ = "twisted.internet.process"


def reapAllProcesses() -> None:
    """Twisted's SIGCHLD reaping entry point: nothing to do, the loop reaps children."""


__all__ = ["Process", "PTYProcess", "_getFileActions", "reapProcessHandlers", "reapAllProcesses"]
