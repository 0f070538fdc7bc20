"""twisted.python.sendmsg: ``sendmsg``/``recvmsg`` with ancillary data on a socket.

Thin helpers over the standard library's ``socket.sendmsg``/``socket.recvmsg``, with
Twisted's argument conventions: ``recvmsg``'s ``cmsgSize`` is the payload size of the
ancillary data wanted (the buffer is ``CMSG_SPACE(cmsgSize)`` bytes), and it answers a
:class:`ReceivedMessage`.  ``SCM_RIGHTS`` is the control message type that carries file
descriptors.
"""

from __future__ import annotations

import socket as _socket
from typing import NamedTuple

__name__ = "twisted.python.sendmsg"

SCM_RIGHTS = _socket.SCM_RIGHTS
CMSG_SPACE = _socket.CMSG_SPACE

__all__ = ["sendmsg", "recvmsg", "getSocketFamily", "SCM_RIGHTS"]


class ReceivedMessage(NamedTuple):
    """What :func:`recvmsg` read: the bytes, the ``(level, type, data)`` control messages
    and the message flags (``MSG_CTRUNC`` when ancillary data did not fit)."""

    data: bytes
    ancillary: list[tuple[int, int, bytes]]
    flags: int


def sendmsg(
    socket: _socket.socket,
    data: bytes,
    ancillary: list[tuple[int, int, bytes]] = [],  # noqa: B006 - Twisted's signature
    flags: int = 0,
) -> int:
    """Send ``data`` with the control messages ``ancillary``; answer how many bytes of
    ``data`` went out.  ``OSError`` as ``socket.sendmsg`` raises it."""
    return socket.sendmsg([data], ancillary, flags)


def recvmsg(
    socket: _socket.socket, maxSize: int = 8192, cmsgSize: int = 4096, flags: int = 0
) -> ReceivedMessage:
    """Read up to ``maxSize`` bytes and up to ``cmsgSize`` bytes of control-message payload."""
    data, ancillary, msgFlags, _ = socket.recvmsg(maxSize, CMSG_SPACE(cmsgSize), flags)
    return ReceivedMessage(data=data, ancillary=ancillary, flags=msgFlags)


def getSocketFamily(socket: _socket.socket) -> int:
    """The address family of ``socket`` (``AF_UNIX``, ``AF_INET``, ...)."""
    return int(socket.family)
