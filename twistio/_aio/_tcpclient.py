"""Outgoing TCP connections and their connectors (see twistio._aio.tcp)."""

from __future__ import annotations

import asyncio
import os
import socket
from typing import Any

from zope.interface import implementer

from twistio._aio._tcpconn import (
    Connection,
    _FixedPrefix,
)
from twistio._aio._tcpserver import _logPrefixOf
from twistio.internet import error
from twistio.internet.abstract import isIPAddress, isIPv6Address
from twistio.internet.address import IPv4Address, IPv6Address
from twistio.internet.interfaces import (
    IConnector,
)
from twistio.python.failure import Failure

__name__ = "twisted.internet.tcp"



def _bindTarget(sock: socket.socket, bindAddress: Any) -> Any:
    """The address to bind ``sock`` to; a Binding (``tcp.makeBinding``) also sets the
    SO_REUSEADDR/SO_REUSEPORT options it asks for."""
    from twistio.internet.interfaces import _Binding

    if not isinstance(bindAddress, _Binding):
        return bindAddress
    if bindAddress._reuseAddress:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if bindAddress._reusePort:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    host = bindAddress._address or ""
    if isinstance(host, bytes):
        host = host.decode("ascii")
    return (host, bindAddress._port)

class Client(Connection):
    """An outgoing connection made for a :class:`Connector`."""

    _task: asyncio.Task[Any] | None = None
    _failed = False

    def __init__(self, connector: Connector) -> None:
        Connection.__init__(self, connector.reactor)
        self.connector = connector
        self.addr = (connector.host, connector.port)

    def _start(self) -> None:
        # The task is made from the loop, so an attempt abandoned before the loop runs
        # never creates a coroutine at all.
        self.reactor._asyncioEventloop.call_soon(self._begin)

    def _begin(self) -> None:
        if not self._failed:
            self._task = self.reactor._asyncioEventloop.create_task(self._connect())

    async def _open(self, loop: asyncio.AbstractEventLoop) -> None:
        connector = self.connector
        host = connector.host
        if not (isIPAddress(host) or isIPv6Address(host)):
            host = await self.reactor.resolve(host).asFuture(loop)
        family = socket.AF_INET6 if isIPv6Address(host) else socket.AF_INET
        self.addr = (host, connector.port)
        if connector.bindAddress is None:
            await loop.create_connection(self._self, host, connector.port, family=family)
            return
        # Bound here rather than by the loop: a bind failure must be ConnectBindError, and
        # the local port must not be shared (no SO_REUSEADDR), as with Twisted.
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setblocking(False)
            try:
                sock.bind(_bindTarget(sock, connector.bindAddress))
            except OSError as e:
                raise error.ConnectBindError(e.errno, e.strerror) from None
            await loop.sock_connect(sock, (host, connector.port))
        except BaseException:
            sock.close()
            raise
        await loop.create_connection(self._self, sock=sock)

    async def _connect(self) -> None:
        try:
            await self._open(self.reactor._asyncioEventloop)
        except asyncio.CancelledError:
            return
        except (error.DNSLookupError, error.ConnectBindError) as e:
            self.failIfNotConnected(e)
        except OSError as e:
            if e.errno:
                # The OS's own wording ("Connection refused"), as Twisted reports it; the
                # stdlib loop words it "Connect call failed (...)".
                self.failIfNotConnected(error.getConnectError((e.errno, os.strerror(e.errno))))
            else:
                self.failIfNotConnected(error.ConnectError(string=str(e)))
        except BaseException as e:
            self.failIfNotConnected(e)

    def _self(self) -> Client:
        return self

    def failIfNotConnected(self, err: BaseException | Failure) -> None:
        """Give up connecting (timeout, stopConnecting, error) with ``err`` as the reason."""
        if self.connected or self.disconnected or self._failed:
            return
        self._failed = True
        self.disconnected = 1
        task = self._task
        if (
            task is not None
            and not task.done()
            and task is not asyncio.current_task(self.reactor._asyncioEventloop)
        ):
            task.cancel()
        reason = err if isinstance(err, Failure) else Failure(err)
        self.connector.connectionFailed(reason)

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        if self._failed:
            transport.abort()
            return
        self._attach(transport)
        proto = self.connector.buildProtocol(self._peer)
        if proto is None:
            self.logstr = "client"
            transport.abort()
            return
        # As in Twisted, logstr is set before connectionMade, but what connectionMade logs is
        # tagged with the prefix from before ("Uninitialized").
        before = _FixedPrefix(self.logPrefix(), self._ownerThread)
        self.logstr = f"{_logPrefixOf(proto)},client"
        self._startProtocol(proto, before)

    def _connectionEnded(self, reason: Failure) -> None:
        self.connector.connectionLost(reason)

    def __repr__(self) -> str:
        return f"<{Client!r} to {self.addr} at {id(self):x}>"


@implementer(IConnector)
class Connector:
    """Makes (and remakes, on ``connect()``) a TCP connection for a client factory."""

    timeoutID: Any = None
    factoryStarted = 0
    _transportClass: Any = Client

    def __init__(
        self,
        host: str,
        port: int | str,
        factory: Any,
        timeout: float | None,
        bindAddress: Any,
        reactor: Any = None,
    ) -> None:
        if reactor is None:
            from twistio.internet import reactor as _reactor

            reactor = _reactor
        if isinstance(port, str):
            try:
                port = socket.getservbyname(port, "tcp")
            except OSError as e:
                raise error.ServiceNameUnknownError(string=f"{e} ({port!r})") from None
        self.host = host
        self.port = port
        if isIPv6Address(host):
            self._addressType: type[IPv4Address] | type[IPv6Address] = IPv6Address
        else:
            self._addressType = IPv4Address
        self.bindAddress = bindAddress
        self.factory = factory
        self.timeout = timeout
        self.reactor = reactor
        self.state = "disconnected"
        self.transport: Any = None

    def connect(self) -> None:
        """Start connecting (RuntimeError unless disconnected)."""
        if self.state != "disconnected":
            raise RuntimeError("can't connect in this state")
        self.state = "connecting"
        if not self.factoryStarted:
            self.factory.doStart()
            self.factoryStarted = 1
        self.transport = transport = self._transportClass(self)
        if self.timeout is not None:
            self.timeoutID = self.reactor.callLater(
                self.timeout, transport.failIfNotConnected, error.TimeoutError()
            )
        transport._start()
        self.factory.startedConnecting(self)

    def stopConnecting(self) -> None:
        """Abandon the attempt in progress (NotConnectingError if there is none)."""
        if self.state != "connecting":
            raise error.NotConnectingError("we're not trying to connect")
        self.state = "disconnected"
        self.transport.failIfNotConnected(error.UserError())
        del self.transport

    def disconnect(self) -> None:
        """Stop connecting, or drop the connection."""
        if self.state == "connecting":
            self.stopConnecting()
        elif self.state == "connected":
            self.transport.loseConnection()

    def _cancelTimeout(self) -> None:
        if self.timeoutID is not None:
            if self.timeoutID.active():
                self.timeoutID.cancel()
            self.timeoutID = None

    def buildProtocol(self, addr: Any) -> Any:
        self.state = "connected"
        self._cancelTimeout()
        return self.factory.buildProtocol(addr)

    def connectionFailed(self, reason: Failure) -> None:
        self._cancelTimeout()
        self.transport = None
        self.state = "disconnected"
        self.factory.clientConnectionFailed(self, reason)
        if self.state == "disconnected":
            self.factory.doStop()
            self.factoryStarted = 0

    def connectionLost(self, reason: Failure) -> None:
        self.state = "disconnected"
        self.factory.clientConnectionLost(self, reason)
        if self.state == "disconnected":
            self.factory.doStop()
            self.factoryStarted = 0

    def getDestination(self) -> Any:
        return self._addressType("TCP", self.host, self.port)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__module__}.{type(self).__name__} instance at 0x{id(self):x} "
            f"{self.state} {self.getDestination()}>"
        )
