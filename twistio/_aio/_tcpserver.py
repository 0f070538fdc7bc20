"""Listening TCP ports and the connections they accept (see twistio._aio.tcp)."""

from __future__ import annotations

import os
import socket
from typing import Any

from zope.interface import implementer

from twistio._aio import _accept
from twistio._aio._handover import handOver
from twistio._aio._tcpconn import (
    Connection,
    _address,
    _run_sync,
)
from twistio.internet import error
from twistio.internet._baseport import BasePort
from twistio.internet._fdreserve import _reservedFD
from twistio.internet.abstract import isIPv6Address
from twistio.internet.address import IPv4Address, IPv6Address
from twistio.internet.interfaces import (
    IListeningPort,
    ILoggingContext,
    ISystemHandle,
    _Binding,
)
from twistio.internet.protocol import Protocol
from twistio.python import log
from twistio.python.failure import Failure

__name__ = "twisted.internet.tcp"


class Server(Connection):
    """An accepted connection."""

    _serverSide = True
    #: The protocol adoptStreamConnection built before the loop wrapped the socket.
    _prebuilt: Any = None

    def __init__(
        self,
        port: Port,
        sessionno: Any,
        client: Any = None,
        server: Any = None,
        sessionno_: int = 0,
        reactor: Any = None,
    ) -> None:
        """``Server(port, sessionno)``: a connection ``port`` accepts (the loop drives it).

        ``Server(skt, protocol, client, server, sessionno, reactor)`` is Twisted's form, over
        a socket the reactor was never given (see ``Connection.__init__``).
        """
        if client is None:
            Connection.__init__(self, port.reactor)
            self.server = port
            self.sessionno = sessionno
            return
        Connection.__init__(self, port, sessionno, reactor)
        self.server = server
        self.sessionno = sessionno_
        self._peer = _address(client)

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        self._attach(transport)
        port = self.server
        if self._removed or not port.connected:
            transport.abort()
            return
        proto = self._prebuilt
        if proto is None:
            proto = port.factory.buildProtocol(self._peer)
        else:
            self._prebuilt = None
        if proto is None:
            self.connected = 0
            self.disconnected = 1
            self.reactor._selectables.discard(self)
            transport.abort()
            return
        cls = self._logClass = proto.__class__
        if getattr(cls, "logPrefix", None) is not _CLASS_NAME_PREFIX:
            # A protocol with its own logPrefix names the connection by it, as in Twisted.
            self._logName = _logPrefixOf(proto)
        # As in Twisted, a server's connectionMade logs under the listening port's prefix.
        port._ownerThread = self._ownerThread
        self._startProtocol(proto, port)

    def __repr__(self) -> str:
        return f"<{self._protocol.__class__.__name__} #{self.sessionno} on {self.server._realPortNumber}>"

    #: The class of the protocol built at accept time: logstr names it (as in Twisted, the
    #: prefix stays that of the first protocol), built when first asked for, as most
    #: connections never log.
    _logClass: type | None = None
    #: The protocol's own logPrefix() at accept time, when it has one (else the class name).
    _logName: str | None = None
    _logstr: str | None = None

    @property  # type: ignore[override]
    def logstr(self) -> str:
        """``"ProtocolClass,sessionno,peerhost"``, as Twisted tags a server connection's log."""
        if self._logstr is not None:
            return self._logstr
        cls = self._logClass
        if cls is None:
            return "Uninitialized"
        name = self._logName or cls.__name__
        return f"{name},{self.sessionno},{self._logHost()}"

    @logstr.setter
    def logstr(self, value: str) -> None:
        self._logstr = value

    def _logHost(self) -> str:
        """The host part of logstr: the peer's address."""
        return str(getattr(self._peer, "host", ""))


class _AdoptedOrigin:
    """What an adopted connection (adoptStreamConnection) has in place of a listening port."""

    connected = True

    def __init__(self, factory: Any, reactor: Any, hostPort: Any) -> None:
        self.factory = factory
        self.reactor = reactor
        self._realPortNumber = hostPort


def adoptConnection(reactor: Any, sock: Any, factory: Any) -> Server | None:
    """Run ``factory``'s protocol over ``sock``, a connected socket the reactor now owns.

    As in Twisted, ``buildProtocol`` is called now, and the server-side transport is
    returned (its session number being the peer's port), or ``None`` (``sock`` closed) when
    ``buildProtocol`` returns ``None``.  Unlike Twisted, ``connectionMade`` happens once the
    loop has wrapped the socket (on its next iteration), not before this returns.
    """
    if sock.family == socket.AF_UNIX:
        from twistio._aio.unix import UNIXServer, _unixAddress

        origin = _AdoptedOrigin(factory, reactor, sock.getsockname())
        conn: Server = UNIXServer(origin, 0)  # type: ignore[arg-type]
        conn._adoptedName = os.fsdecode(sock.getsockname())  # type: ignore[attr-defined]
        peer: Any = _unixAddress(sock.getpeername())
    else:
        origin = _AdoptedOrigin(factory, reactor, sock.getsockname()[1])
        conn = Server(origin, sock.getpeername()[1])  # type: ignore[arg-type]
        peer = _address(sock.getpeername())
    proto = factory.buildProtocol(peer)
    if proto is None:
        sock.close()
        return None
    conn._prebuilt = proto
    loop = reactor._asyncioEventloop
    loop.create_task(handOver(loop, sock, loop.connect_accepted_socket(lambda: conn, sock)))
    return conn


#: ``Protocol.logPrefix``, which names a protocol by its class: most protocols keep it, so
#: their connection's logstr can be built from the class alone, when first asked for.
_CLASS_NAME_PREFIX = Protocol.logPrefix


def _logPrefixOf(obj: Any) -> str:
    if ILoggingContext.providedBy(obj):
        return str(obj.logPrefix())
    return str(obj.__class__.__name__)


@implementer(IListeningPort, ISystemHandle, ILoggingContext)
class Port(BasePort):
    """A listening TCP port feeding accepted connections to ``factory``."""

    socketType = socket.SOCK_STREAM

    connected = False
    disconnected = False
    disconnecting = False
    _realPortNumber: int | None = None
    _type = "TCP"
    #: Follows the factory's name in the "starting on" message (Twisted's TLS ports: " (TLS)").
    _startLabel = ""
    _server: Any = None
    socket: Any = None
    deferred: Any = None
    _lastHost: Any = None
    #: The thread whose callbacks log under this port's prefix (see _logsystem).
    _ownerThread: int | None = None

    #: Socket options the bind asks for: SO_REUSEADDR is always set on a port given by number
    #: (Twisted's long-standing default); a Binding (``tcp.makeBinding``) says for itself.
    _reuseAddress = True
    _reusePort = False

    def __init__(
        self,
        port: int | _Binding,
        factory: Any,
        backlog: int = 50,
        interface: str | bytes = "",
        reactor: Any = None,
    ) -> None:
        if isinstance(port, _Binding):
            # A Binding names the interface itself; an interface given as well must agree.
            if interface and interface != port._address:
                raise ValueError("Inconsistent interface vs Binding specifiers")
            interface = port._address or interface
            self._reuseAddress = port._reuseAddress
            self._reusePort = port._reusePort
            port = port._port
        self.port = port
        self.factory = factory
        self.backlog = backlog
        self.interface = interface
        self.reactor = reactor
        host = interface.decode("ascii") if isinstance(interface, bytes) else interface
        self._bindHost = host
        if isIPv6Address(host):
            self.addressFamily = socket.AF_INET6
            self._addressType: type[IPv4Address] | type[IPv6Address] = IPv6Address
        else:
            self.addressFamily = socket.AF_INET
            self._addressType = IPv4Address
        self.sessionno = 0

    def __repr__(self) -> str:
        if self._realPortNumber is not None:
            return f"<{type(self)!r} of {self.factory.__class__!r} on {self._realPortNumber}>"
        return f"<{type(self)!r} of {self.factory.__class__!r} (not listening)>"

    def startListening(self) -> None:
        """Bind and listen now (CannotListenError on failure)."""
        sock = _accept.listening(self._bindSocket())
        sock.setblocking(False)
        # The descriptor spent to turn peers away when out of them (see _accept).
        _reservedFD.reserve()
        self.socket = sock
        label = _logPrefixOf(self.factory) + self._startLabel
        log.msg(f"{label} starting on {self._realPortNumber!r}")
        self.factory.doStart()
        self.connected = True
        self.disconnected = False
        loop = self.reactor._asyncioEventloop
        self._server = _run_sync(
            loop.create_server(self._buildConnection, sock=sock, backlog=self.backlog)
        )
        self.reactor._selectables.add(self)

    #: A listening socket handed over by adoptStreamPort (already bound and listening).
    _adopted: Any = None

    @classmethod
    def _adopt(cls, sock: Any, factory: Any, reactor: Any) -> Port:
        """A port over ``sock``, a listening socket the reactor now owns (a duplicate)."""
        host = sock.getsockname()
        port = cls(host[1], factory, 50, host[0], reactor)
        port._adopted = sock
        return port

    def _bindSocket(self) -> Any:
        if self._adopted is not None:
            sock, self._adopted = self._adopted, None
            self._realPortNumber = sock.getsockname()[1]
            self._lastHost = _address(sock.getsockname())
            return sock
        try:
            sock = self.createInternetSocket()
        except OSError as le:
            raise error.CannotListenError(self._bindHost, self.port, le) from None
        try:
            if self._reuseAddress:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if self._reusePort:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            address: tuple[Any, ...] = (self._bindHost, self.port)
            if self.addressFamily == socket.AF_INET6:
                address = socket.getaddrinfo(
                    self._bindHost, self.port, socket.AF_INET6, socket.SOCK_STREAM
                )[0][4]
            sock.bind(address)
            sock.listen(self.backlog)
        except OSError as le:
            sock.close()
            raise error.CannotListenError(self._bindHost, self.port, le) from None
        self._realPortNumber = sock.getsockname()[1]
        self._lastHost = _address(sock.getsockname())
        return sock

    _connectionClass: Any = None

    def _buildConnection(self) -> Server:
        sessionno = self.sessionno
        self.sessionno = sessionno + 1
        return (self._connectionClass or Server)(self, sessionno)

    def stopListening(self) -> Any:
        """Stop accepting; the Deferred fires once the port is closed."""
        from twistio.internet import defer

        if not self.connected or self.disconnecting:
            if self.deferred is not None:
                return self.deferred
            return defer.succeed(None)
        self.disconnecting = True
        self._closeServer()
        self.deferred = defer.Deferred()
        self.reactor.callLater(0, self.connectionLost, Failure(error.ConnectionDone()))
        return self.deferred

    loseConnection = stopListening

    def _closeServer(self) -> None:
        self.reactor._selectables.discard(self)
        if self._server is not None:
            self._server.close()
            self._server = None

    def connectionLost(self, reason: Failure) -> None:
        """The port is closed: log it, stop the factory, fire stopListening's Deferred."""
        self._closeServer()
        # System from the context, as on Twisted: "-" after stopListening, the factory's
        # class at reactor shutdown (_disconnectForShutdown runs this under our logger).
        log.msg(f"({self._type} Port {self._realPortNumber} Closed)")
        self._realPortNumber = None
        self.connected = False
        self.disconnecting = False
        self.disconnected = True
        self.socket = None
        d, self.deferred = self.deferred, None
        try:
            self.factory.doStop()
        except BaseException:
            if d is None:
                raise
            d.errback()
        else:
            if d is not None:
                d.callback(None)

    def _isReading(self) -> bool:
        return bool(self.connected and not self.disconnecting)

    def _isWriting(self) -> bool:
        return False

    def _removeFromReactor(self) -> None:
        self._closeServer()

    def _disconnectForShutdown(self) -> None:
        if self.connected and not self.disconnecting:
            self.disconnecting = True
            self._closeServer()
            log.callWithLogger(self, self.connectionLost, Failure(error.ConnectionDone()))

    def getHost(self) -> Any:
        """The address the port is bound to."""
        if self.socket is not None:
            self._lastHost = _address(self.socket.getsockname())
        return self._lastHost

    def getHandle(self) -> Any:
        return self.socket

    def fileno(self) -> int:
        return self.socket.fileno() if self.socket is not None else -1

    def logPrefix(self) -> str:
        # Twisted names a port by its factory's class (the fully qualified name), which is
        # what connectionMade of an accepted connection and the "Closed" line are tagged with.
        cls = type(self.factory)
        return f"{cls.__module__}.{cls.__qualname__}"
