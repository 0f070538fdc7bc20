"""``twisted.internet.base.BasePort``: what listening ports share (the socket they make).

Twisted's ports are file descriptors it polls itself; twistio's hand their socket to the
asyncio loop, so this base keeps only the part code relies on: ``addressFamily`` and
``socketType`` say what socket ``createInternetSocket()`` makes (non-blocking, and, as every
socket Python makes, not inherited by child processes).  Ports call it for their listening
socket, so patching it (as tests do) changes how every port gets its socket.
"""

from __future__ import annotations

import socket

__name__ = "twisted.internet.base"


class BasePort:
    """A listening port: the family and type of its socket, and how it is made."""

    addressFamily: int | None = None
    socketType: int | None = None

    def createInternetSocket(self) -> socket.socket:
        """A new non-blocking socket of ``addressFamily`` and ``socketType``."""
        assert self.addressFamily is not None and self.socketType is not None
        sock = socket.socket(self.addressFamily, self.socketType)
        sock.setblocking(False)
        return sock

    def doWrite(self) -> None:
        """A port never writes: being asked to is a bug (``RuntimeError``)."""
        cls = type(self)
        raise RuntimeError(f"doWrite called on a {cls.__module__}.{cls.__qualname__}")
