"""twisted.internet.fdesc: small helpers for raw, non-blocking file descriptors.

``readFromFD`` and ``writeToFD`` report the end of a descriptor the way selectables' ``doRead``
and ``doWrite`` do: ``CONNECTION_DONE`` for a clean end of input, ``CONNECTION_LOST`` for an
error, ``None`` (read) or a byte count (write) otherwise; "try again" conditions are not errors.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Callable

from twistio.internet.main import CONNECTION_DONE, CONNECTION_LOST

__name__ = "twisted.internet.fdesc"

#: errnos that mean "nothing can be done right now", not a failure.
_RETRY = (errno.EAGAIN, errno.EWOULDBLOCK, errno.EINTR)


def _setFlag(fd: int, command: tuple[int, int], flag: int, on: bool) -> None:
    get, set_ = command
    flags = fcntl.fcntl(fd, get)
    fcntl.fcntl(fd, set_, (flags | flag) if on else (flags & ~flag))


def setNonBlocking(fd: int) -> None:
    """Make reads and writes on ``fd`` return at once instead of waiting."""
    _setFlag(fd, (fcntl.F_GETFL, fcntl.F_SETFL), os.O_NONBLOCK, True)


def setBlocking(fd: int) -> None:
    """Make reads and writes on ``fd`` wait again."""
    _setFlag(fd, (fcntl.F_GETFL, fcntl.F_SETFL), os.O_NONBLOCK, False)


def _setCloseOnExec(fd: int) -> None:
    """Do not let processes started with exec inherit ``fd``."""
    _setFlag(fd, (fcntl.F_GETFD, fcntl.F_SETFD), fcntl.FD_CLOEXEC, True)


def _unsetCloseOnExec(fd: int) -> None:
    """Let processes started with exec inherit ``fd``."""
    _setFlag(fd, (fcntl.F_GETFD, fcntl.F_SETFD), fcntl.FD_CLOEXEC, False)


def readFromFD(fd: int, callback: Callable[[bytes], object]) -> object:
    """Read what ``fd`` has (up to 8 KiB) and pass it to ``callback``.

    Returns ``CONNECTION_DONE`` at end of input, ``CONNECTION_LOST`` on an error, and
    ``None`` after data was handed over or when nothing was ready.
    """
    try:
        output = os.read(fd, 8192)
    except OSError as e:
        if e.errno in _RETRY:
            return None
        return CONNECTION_LOST
    if not output:
        return CONNECTION_DONE
    callback(output)
    return None


def writeToFD(fd: int, data: bytes) -> object:
    """Write as much of ``data`` to ``fd`` as it takes now.

    Returns the number of bytes written (0 when the descriptor is not ready), or
    ``CONNECTION_LOST`` on an error (a closed descriptor or a reader that went away).
    """
    try:
        return os.write(fd, data)
    except OSError as e:
        if e.errno in _RETRY:
            return 0
        return CONNECTION_LOST


__all__ = ["setNonBlocking", "setBlocking", "readFromFD", "writeToFD"]
