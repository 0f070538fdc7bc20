"""Ending the process with a status from ``sysexits.h`` and an optional message."""

from __future__ import annotations

from enum import IntEnum
from sys import exit as sysexit
from sys import stderr, stdout
from typing import NoReturn, Union

__name__ = "twisted.application.runner._exit"

__all__ = ["ExitStatus", "exit"]


class ExitStatus(IntEnum):
    """The exit statuses of ``sysexits.h``."""

    EX_OK = 0
    EX_USAGE = 64
    EX_DATAERR = 65
    EX_NOINPUT = 66
    EX_NOUSER = 67
    EX_NOHOST = 68
    EX_UNAVAILABLE = 69
    EX_SOFTWARE = 70
    EX_OSERR = 71
    EX_OSFILE = 72
    EX_CANTCREAT = 73
    EX_IOERR = 74
    EX_TEMPFAIL = 75
    EX_PROTOCOL = 76
    EX_NOPERM = 77
    EX_CONFIG = 78


Status = Union[int, ExitStatus]


def exit(status: Status, message: str = "") -> NoReturn:
    """Exit with ``status``, first printing ``message`` (if any) to standard output when the
    status is zero, to standard error otherwise."""
    code = int(status)
    if message:
        out = stdout if code == 0 else stderr
        out.write(message)
        out.write("\n")
    sysexit(code)
