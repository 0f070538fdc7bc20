"""twisted.internet.tcp: TCP ports, connectors and connections (asyncio-backed)."""

from __future__ import annotations

import errno as _errno

from twistio._aio.tcp import Client, Connection, Connector, Port, Server
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


def makeBinding(
    interface: str = "", port: int = 0, reuseAddress: bool = False, reusePort: bool = False
) -> Binding:
    """A description of a local binding (address, port, SO_REUSEADDR, SO_REUSEPORT)."""
    return Binding(_Binding(interface, port, reuseAddress, reusePort))


__all__ = ["Client", "Connection", "Connector", "Port", "Server"]
