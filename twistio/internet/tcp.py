"""twisted.internet.tcp: TCP ports, connectors and connections (asyncio-backed)."""

from __future__ import annotations

import errno as _errno
import socket as _socket
from typing import Any

from twistio._aio.tcp import Client, Connection, Connector, Port, Server

# Private names code written for Twisted imports from here (its own tests do).
from twistio.internet._fdreserve import _BuffersLogs as _BuffersLogs
from twistio.internet._fdreserve import _FileDescriptorReservation as _FileDescriptorReservation
from twistio.internet._fdreserve import _IFileDescriptorReservation as _IFileDescriptorReservation
from twistio.internet._fdreserve import (
    _NullFileDescriptorReservation as _NullFileDescriptorReservation,
)
from twistio.internet._fdreserve import _reservedFD as _reservedFD
from twistio.internet.interfaces import Binding, _Binding

__name__ = "twisted.internet.tcp"

# errno names code imports from this module, as it can from Twisted's.
EAGAIN = _errno.EAGAIN
EALREADY = _errno.EALREADY
ECONNABORTED = _errno.ECONNABORTED
EINPROGRESS = _errno.EINPROGRESS
EISCONN = _errno.EISCONN
EMFILE = _errno.EMFILE
ENFILE = _errno.ENFILE
ENOBUFS = _errno.ENOBUFS
ENOMEM = _errno.ENOMEM
EPERM = _errno.EPERM
EWOULDBLOCK = _errno.EWOULDBLOCK


#: getaddrinfo flags that forbid any lookup: the host and the service must both be numeric.
_NUMERIC_ONLY = _socket.AI_NUMERICHOST | _socket.AI_NUMERICSERV


def _resolveIPv6(ip: str, port: int | str) -> tuple[str, int | str, int, int]:
    """``(address, port, flowinfo, scope_id)`` for a numeric IPv6 ``ip`` (``"fe80::1%lo"``
    gives the interface's scope id), without ever blocking on a lookup.

    ``port`` comes back exactly as given, even outside 0-65535: getaddrinfo would reject or
    wrap such a port, so only a port given as text is passed to it (and must be numeric).
    A non-numeric host or service raises ``socket.gaierror`` (``EAI_NONAME``).
    """
    service = port if isinstance(port, str) else 0
    info: Any = _socket.getaddrinfo(ip, service, 0, 0, 0, _NUMERIC_ONLY)[0][4]
    return (str(info[0]), port, int(info[2]), int(info[3]))


def makeBinding(
    interface: str = "", port: int = 0, reuseAddress: bool = False, reusePort: bool = False
) -> Binding:
    """A description of a local binding (address, port, SO_REUSEADDR, SO_REUSEPORT)."""
    return Binding(_Binding(interface, port, reuseAddress, reusePort))


__all__ = ["Client", "Connection", "Connector", "Port", "Server"]
