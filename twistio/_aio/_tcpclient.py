"""Outgoing TCP connections and their connectors (see twistio._aio.tcp)."""

from __future__ import annotations

import asyncio
import errno
import functools
import os
import socket
from typing import Any

from zope.interface import implementer

from twistio._aio._fdreserve import Reservation
from twistio._aio._handover import Making, _onUvloop, handOverNow
from twistio._aio._tcpconn import (
    Connection,
    _address,
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

#: getaddrinfo flags that forbid any lookup (numeric host and service only).
_NUMERIC_ONLY = socket.AI_NUMERICHOST | socket.AI_NUMERICSERV
#: connect_ex results that mean "still connecting": wait until the socket is writable.
_IN_PROGRESS = frozenset({errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY, errno.EINTR})


@functools.lru_cache(maxsize=256)  # the same few hosts, asked twice per connection
def _literalFamily(host: str) -> int | None:
    """``AF_INET`` or ``AF_INET6`` when ``host`` is an IP literal (IPv6 perhaps with a
    ``%zone``), else None (a name to resolve)."""
    if isIPAddress(host):
        return socket.AF_INET
    if isIPv6Address(host):
        return socket.AF_INET6
    return None


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
    """An outgoing connection made for a :class:`Connector`.

    As with Twisted, the socket is made (and bound, for a ``bindAddress``) when ``connect()``
    is called: ``connector.transport.socket`` is there at once, and a process that runs out
    of descriptors afterwards still connects.  Failing to make or bind it fails the attempt
    (``ConnectBindError``) on the loop, never synchronously.  The connect itself happens on
    the loop; the connected socket is then handed to the loop's transport.

    On uvloop, to an IPv4 address without a bind address, only a descriptor slot is held at
    connect() (:mod:`twistio._aio._fdreserve`) and the loop makes and connects its own socket
    in it: about 10 us less per connection than a socket made, connected and adopted.  The
    socket is made from the slot the moment the program asks for it before the connect
    starts (``transport.socket``, ``getHost()``), and then that one connects.  Once the
    loop's connect has started, ``transport.socket`` is None until it is connected.
    """

    _task: asyncio.Task[Any] | None = None
    _failed = False
    #: The socket made at connect() time, until the loop's transport takes it over.
    _presock: socket.socket | None = None
    #: The family of the connector's host when it is an IP literal (None: a name).
    _hostFamily: int | None = None
    #: Why the socket could not be made or bound (reported once the loop runs).
    _startError: BaseException | None = None
    #: The descriptor slot held at connect() time in place of a socket when the loop is to
    #: make its own (see _loopMayConnect); the socket is made from it if the program asks
    #: for it first (transport.socket, getHost(), ...).
    _reserved: Reservation | None = None
    #: The loop's create_connection while it runs from loop callbacks (see handOverNow).
    _making: Making | None = None

    def __init__(self, connector: Connector) -> None:
        Connection.__init__(self, connector.reactor)
        self.connector = connector
        self.addr = (connector.host, connector.port)

    def _start(self) -> None:
        if self._presock is None:  # a subclass (UNIX) may have made its own already
            self._hostFamily = family = _literalFamily(self.connector.host)
            try:
                if family == socket.AF_INET and self._loopMayConnect():
                    try:
                        self._reserved = Reservation()
                    except OSError as e:
                        raise error.ConnectBindError(e.errno, e.strerror) from None
                else:
                    self._presock = self._makeSocket(family or socket.AF_INET)
            except error.ConnectBindError as e:
                self._startError = e
        # The task is made from the loop, so an attempt abandoned before the loop runs
        # never creates a coroutine at all.
        self.reactor._asyncioEventloop.call_soon(self._begin)

    def _loopMayConnect(self) -> bool:
        """Whether the loop may make and connect the socket itself (to an IPv4 address):
        on uvloop, with no bind address, for a plain TCP connect procedure.  On uvloop that
        is cheaper than connecting ours and handing it over; on the stdlib loop it is not."""
        port = self.connector.port
        return (
            self.connector.bindAddress is None
            and type(port) is int
            and 0 <= port <= 0xFFFF
            and type(self)._open is Client._open
            and _onUvloop(self.reactor._asyncioEventloop)
        )

    def _presocket(self) -> socket.socket | None:
        """The socket made at connect() time, making it now from the reserved slot if the
        loop was to make its own: the program asked for it, so that one connects."""
        reserved = self._reserved
        if reserved is not None:
            self._reserved = None
            reserved.release()
            try:
                self._presock = self._makeSocket(socket.AF_INET)
            except error.ConnectBindError as e:
                if self._startError is None:
                    self._startError = e
        return self._presock

    def _makeSocket(self, family: int) -> socket.socket:
        """A non-blocking TCP socket of ``family`` (Twisted decides it from the host before
        any name lookup: IPv6 for an IPv6 literal, else IPv4), bound if asked to be."""
        connector = self.connector
        try:
            sock = socket.socket(family, socket.SOCK_STREAM)
        except OSError as e:
            raise error.ConnectBindError(e.errno, e.strerror) from None
        try:
            sock.setblocking(False)
            if connector.bindAddress is not None:
                # Bound here rather than by the loop: the local port must not be shared (no
                # SO_REUSEADDR unless a Binding asks for it), as with Twisted.
                target = _bindTarget(sock, connector.bindAddress)
                if family == socket.AF_INET6 and isinstance(target, tuple):
                    # Numeric only, as Twisted: an IPv4 literal fails (gaierror EAI_ADDRFAMILY).
                    info: Any = socket.getaddrinfo(
                        target[0] or "::", 0, socket.AF_INET6, 0, 0, _NUMERIC_ONLY
                    )[0][4]
                    target = (info[0], target[1], info[2], info[3])
                sock.bind(target)
        except OSError as e:
            sock.close()
            raise error.ConnectBindError(e.errno, e.strerror) from None
        return sock

    def _begin(self) -> None:
        if self._failed:
            return
        if self._startError is not None:
            self.failIfNotConnected(self._startError)
            return
        family = self._hostFamily
        if family is not None and type(self)._open is Client._open:
            # The usual case runs as plain loop callbacks: no task, no extra iteration.
            self._connectTo(self.connector.host, family)
        else:
            # A name to resolve first, or a subclass (UNIX) with its own connect procedure.
            self._task = self.reactor._asyncioEventloop.create_task(self._connect())

    def _attemptEnded(self, task: asyncio.Task[Any]) -> None:
        self._closePresock()

    def _closePresock(self) -> None:
        sock, self._presock = self._presock, None
        if sock is not None:
            sock.close()
        reserved, self._reserved = self._reserved, None
        if reserved is not None:
            reserved.release()

    async def _open(self, loop: asyncio.AbstractEventLoop) -> None:
        # Resolve the name; the connect goes on from loop callbacks (see _connectTo).
        host = await self.reactor.resolve(self.connector.host).asFuture(loop)
        if not self._failed:
            self._connectTo(host, _literalFamily(host) or socket.AF_INET)

    async def _connect(self) -> None:
        try:
            await self._open(self.reactor._asyncioEventloop)
        except asyncio.CancelledError:
            self._closePresock()
        except BaseException as e:
            self._attemptFailed(e)

    def _attemptFailed(self, e: BaseException) -> None:
        """The attempt failed with ``e``: report it as Twisted words it."""
        self._closePresock()
        if isinstance(e, OSError) and not isinstance(
            e, (socket.gaierror, error.ConnectError, error.DNSLookupError)
        ):
            if e.errno:
                # The OS's own wording ("Connection refused"), as Twisted reports it.
                e = error.getConnectError((e.errno, os.strerror(e.errno)))
            else:
                e = error.ConnectError(string=str(e))
        self.failIfNotConnected(e)

    #: The descriptor watched for the end of a connect in progress (see _connectTo).
    _waitingOn: int | None = None

    def _connectTo(self, host: str, family: int) -> None:
        """Connect the socket to ``host`` (an IP literal of ``family``) at the connector's
        port, now."""
        port = self.connector.port
        self.addr = (host, port)
        if self._reserved is not None and family == socket.AF_INET:
            self._loopConnects(host, port)
            return
        sock = self._presocket()
        if sock is None:  # making it from the reserved slot failed
            assert self._startError is not None
            self._attemptFailed(self._startError)
            return
        try:
            if family != (self._hostFamily or socket.AF_INET):
                # The name resolved to the other family: the socket is remade (Twisted would
                # fail here, its socket being IPv4 for any name).
                self._closePresock()
                sock = self._presock = self._makeSocket(family)
            address: tuple[Any, ...] = (host, port)
            if family == socket.AF_INET6:
                # Scope ("%eth0") and flow info from a numeric-only lookup; like Twisted's, it
                # rejects a negative port (gaierror) yet connects to the port as given.
                info: Any = socket.getaddrinfo(host, port, socket.AF_INET6, 0, 0, _NUMERIC_ONLY)
                address = (info[0][4][0], port, info[0][4][2], info[0][4][3])
            self._connectedTo = address
            # connect_ex as Twisted calls it: an out-of-range port raises its OverflowError.
            err = sock.connect_ex(address)
        except BaseException as e:
            self._attemptFailed(e)
            return
        if err in _IN_PROGRESS:
            self._waitingOn = fd = sock.fileno()
            self.reactor._asyncioEventloop.add_writer(fd, self._connectEnded)
        else:
            self._connected(err)

    def _loopConnects(self, host: str, port: int) -> None:
        """Let the loop make, connect and adopt a socket of its own.  On uvloop this costs
        about what connecting ours and handing it over does; the saving is that no socket
        was made at connect() (a socket()/close() pair, ~7 us, against a dup()/close()).

        Only when nothing can tell the difference (see _loopMayConnect; nobody asked for
        the socket before).  The slot reserved at connect() is released just before the
        loop makes its socket in the same step, so that is the descriptor the loop gets: a
        process that ran out of descriptors since connect() still connects, as with Twisted.
        """
        self._closePresock()
        self._connectedTo = (host, port)
        loop = self.reactor._asyncioEventloop
        self._making = handOverNow(
            loop, None, loop.create_connection(self._self, host, port), self._attemptFailed
        )

    def _stopWaiting(self) -> None:
        fd, self._waitingOn = self._waitingOn, None
        loop = self.reactor._asyncioEventloop
        if fd is not None and not loop.is_closed():
            loop.remove_writer(fd)

    def _connectEnded(self) -> None:
        # Writable: the connect attempt is over, its outcome in SO_ERROR.
        self._stopWaiting()
        sock = self._presock
        if sock is not None:
            # One loop turn later, like the loops' own sock_connect: the server side of a
            # local connection (accepted in this same turn) then makes its connection first,
            # the order Twisted's reactor shows and programs print in.
            err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            self.reactor._asyncioEventloop.call_soon(self._connectedLater, sock, err)

    def _connectedLater(self, sock: socket.socket, err: int) -> None:
        if self._presock is sock:  # not given up on meanwhile (timeout, stopConnecting)
            self._connected(err)

    def _connected(self, err: int) -> None:
        if err and err != errno.EISCONN:
            self._attemptFailed(OSError(err, os.strerror(err)))
            return
        # From here the loop's transport owns the socket (and closes it on failure).
        sock, self._presock = self._presock, None
        assert sock is not None
        loop = self.reactor._asyncioEventloop
        handOverNow(loop, sock, loop.create_connection(self._self, sock=sock), self._attemptFailed)

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
            # The socket is closed once the attempt has ended (an attempt cancelled before
            # it started never runs its own cleanup).
            task.add_done_callback(self._attemptEnded)
        else:
            self._stopWaiting()
            self._closePresock()
            making, self._making = self._making, None
            if making is not None:
                # The loop's own connect in progress: its socket is closed now, as ours is.
                making.cancel()
        reason = err if isinstance(err, Failure) else Failure(err)
        self.connector.connectionFailed(reason)

    #: The socket address the connect went to (the peer, should the socket already be reset
    #: when the transport asks it for the peer's name).
    _connectedTo: tuple[Any, ...] | None = None

    def _addresses(self, transport: Any) -> None:
        self._peer = _address(transport.get_extra_info("peername") or self._connectedTo)
        self._naglePending = True

    def _sock(self) -> Any:
        if self._tr is None:
            # Not connected yet: the socket made at connect() time, as Twisted's.
            return self._presocket()
        return Connection._sock(self)

    def getHost(self) -> Any:
        if self._tr is None and self._presocket() is not None:
            assert self._presock is not None
            return _address(self._presock.getsockname())
        return Connection.getHost(self)

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
        if _literalFamily(host) == socket.AF_INET6:
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
