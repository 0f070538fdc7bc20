"""TCP over asyncio transports: the connection adapter, listening ports and connectors.

One :class:`Connection` is at once the ``asyncio.Protocol`` the loop drives and the Twisted
``ITCPTransport`` the Twisted protocol writes to: ``data_received`` goes straight to the
protocol's ``dataReceived`` (a cached bound method), ``write`` straight to the asyncio
transport.  Flow control maps asyncio's ``pause_writing``/``resume_writing`` onto registered
producers, and ``pauseProducing``/``resumeProducing`` onto ``pause_reading``/``resume_reading``.
"""

from __future__ import annotations

import asyncio
import errno
import os
import socket
import struct
import threading
from collections.abc import Coroutine
from typing import Any

from zope.interface import implementer

from twistio.internet import error
from twistio.internet.abstract import isIPAddress, isIPv6Address
from twistio.internet.address import IPv4Address, IPv6Address
from twistio.internet.interfaces import (
    IConnector,
    IConsumer,
    IHalfCloseableProtocol,
    IListeningPort,
    ILoggingContext,
    IPushProducer,
    ISystemHandle,
    ITLSTransport,
)
from twistio.python import _logsystem, log
from twistio.python.failure import Failure

__name__ = "twisted.internet.tcp"

_DONE = error.ConnectionDone
_LINGER_0 = struct.pack("ii", 1, 0)
_LOST = error.ConnectionLost


def _address(sockaddr: Any) -> IPv4Address | IPv6Address:
    if len(sockaddr) == 2:
        return IPv4Address("TCP", sockaddr[0], sockaddr[1])
    return IPv6Address("TCP", sockaddr[0], sockaddr[1], sockaddr[2], sockaddr[3])


class _SocketHandle:
    """A connection's socket as ``getHandle()`` gives it: the loop's socket view, plus I/O.

    asyncio (and uvloop) hand out a socket-like object that refuses ``send``/``recv``;
    legacy code calls them on ``getHandle()``, so those are done on the descriptor without
    taking ownership of it.  Once the connection is closed they raise ``OSError(EBADF)``,
    as on a closed socket.
    """

    def __init__(self, view: Any) -> None:
        self._view = view

    def __getattr__(self, name: str) -> Any:
        return getattr(self._view, name)

    def __repr__(self) -> str:
        return repr(self._view)

    def _io(self, method: str, *args: Any) -> Any:
        fd = self._view.fileno()
        if fd < 0:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        raw = socket.socket(fileno=fd)
        try:
            return getattr(raw, method)(*args)
        finally:
            raw.detach()

    def send(self, data: bytes, flags: int = 0) -> int:
        return int(self._io("send", data, flags))

    def sendall(self, data: bytes, flags: int = 0) -> None:
        self._io("sendall", data, flags)

    def recv(self, bufsize: int, flags: int = 0) -> bytes:
        return bytes(self._io("recv", bufsize, flags))


def _run_sync(coro: Coroutine[Any, Any, Any]) -> Any:
    """Drive a coroutine that only yields bare (None) suspensions to completion, now.

    ``loop.create_server(sock=...)`` does its work synchronously and then yields once
    (``sleep(0)``); driving it here lets listenTCP work before the loop runs, as Twisted's
    does, and report errors synchronously.
    """
    try:
        while True:
            yielded = coro.send(None)
            if yielded is not None:
                raise RuntimeError(f"unexpected suspension on {yielded!r}")
    except StopIteration as stop:
        return stop.value
    finally:
        coro.close()


class _FixedPrefix:
    """A log-system holder naming a fixed prefix (see twistio.python._logsystem)."""

    def __init__(self, prefix: str, ownerThread: int | None) -> None:
        self._prefix = prefix
        self._ownerThread = ownerThread

    def logPrefix(self) -> str:
        return self._prefix


#: The running callback's log system (see twistio.python._logsystem): Twisted tags what a
#: protocol logs with its transport's logPrefix(); one list slot set per callback is cheap.
_CALLBACK_LOGGER = _logsystem.current


@implementer(ITLSTransport, ISystemHandle, IConsumer, IPushProducer, ILoggingContext)
class Connection(asyncio.Protocol):
    """A TCP connection: asyncio protocol below, Twisted transport above."""

    connected = 0
    disconnected = 0
    disconnecting = 0
    producer: Any = None
    streamingProducer = False
    producerPaused = False
    _tr: Any = None
    _protocol: Any = None
    _reading = False
    _writePaused = False
    _aborting = False
    _closeWhenUnregistered = False
    #: Whether write() reaches the asyncio transport (connected, not closed or half-closed).
    _canWrite = False
    _writeDisconnected = False
    _eofSent = False
    _lostReason: Failure | None = None
    _halfClose = False
    _removed = False
    _host: Any = None
    _peer: Any = None
    logstr = "Uninitialized"
    _ownerThread: int | None = None

    def __init__(self, reactor: Any) -> None:
        self.reactor = reactor

    # -- the Twisted protocol we drive -----------------------------------------------------

    @property
    def protocol(self) -> Any:
        return self._protocol

    @protocol.setter
    def protocol(self, proto: Any) -> None:
        self._protocol = proto
        self._dataReceived = proto.dataReceived
        self._halfClose = IHalfCloseableProtocol.providedBy(proto)

    #: The protocol's bound dataReceived, cached so data_received is one call deep.
    _dataReceived: Any = None

    # -- asyncio.Protocol ------------------------------------------------------------------

    def _addresses(self, transport: Any) -> None:
        self._host = _address(transport.get_extra_info("sockname"))
        self._peer = _address(transport.get_extra_info("peername"))

    def _attach(self, transport: Any) -> None:
        self._tr = transport
        self._ownerThread = threading.get_ident()
        self._addresses(transport)
        self.connected = 1
        self._reading = True
        self._canWrite = True
        self.reactor._selectables.add(self)
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family != socket.AF_UNIX:
            # asyncio turns Nagle off on every TCP transport; Twisted leaves the OS default
            # (on), and programs that want it off call setTcpNoDelay(True) as they always have.
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 0)
            except OSError:
                pass

    def _startProtocol(self, proto: Any, logger: Any) -> None:
        """Connect ``proto``; what connectionMade logs is tagged with ``logger.logPrefix()``."""
        self.protocol = proto
        current = _CALLBACK_LOGGER
        previous, current[0] = current[0], logger
        try:
            proto.makeConnection(self)
        except BaseException:
            self._protocolFailed()
        finally:
            current[0] = previous
        if not self._reading:
            # See _heldBack: re-apply a pause made during makeConnection once uvloop has
            # started reading.
            self.reactor._asyncioEventloop.call_soon(self._repause)

    def data_received(self, data: bytes) -> None:
        if not self._reading or self._held is not None:
            self._heldBack(data)
            return
        current = _CALLBACK_LOGGER
        previous, current[0] = current[0], self
        try:
            self._dataReceived(data)
        except BaseException:
            self._protocolFailed()
        finally:
            current[0] = previous

    #: Data that arrived while reading was paused, delivered on resumeProducing.
    _held: list[bytes] | None = None

    def _heldBack(self, data: bytes) -> None:
        # uvloop starts reading a new transport only after connection_made returns, undoing a
        # pause_reading made from makeConnection; a read can slip in before we re-pause.
        if self.disconnecting or not self.connected:
            return
        if self._held is None:
            self._held = []
        self._held.append(data)
        if self._reading:
            # Reading resumed before the held data went out: keep the order.
            self._deliverHeld()
        else:
            self._tr.pause_reading()

    def _repause(self) -> None:
        tr = self._tr
        if self.connected and not self._reading and tr is not None and not tr.is_closing():
            tr.pause_reading()

    def _deliverHeld(self) -> None:
        held = self._held
        self._held = None
        if held and self.connected and self._reading:
            self.data_received(b"".join(held))

    def _protocolFailed(self) -> None:
        # As in Twisted: log it, drop the connection, and give the failure as the reason.
        reason = Failure()
        log.err(reason)
        if self._lostReason is None:
            self._lostReason = reason
        if self._tr is not None:
            self._tr.abort()

    def eof_received(self) -> bool | None:
        if self._halfClose:
            # The read side is gone: like Twisted, the connection stops being a reader.
            self._reading = False
            self._readLost = True
            try:
                self._protocol.readConnectionLost()
            except BaseException:
                self._protocolFailed()
            else:
                self._maybeHalfClosedBoth()
            return True
        return None

    #: Whether a half-close protocol was told readConnectionLost.
    _readLost = False
    #: Both halves closed: the transport is closed without a connectionLost, as in Twisted.
    _quiet = False

    def _maybeHalfClosedBoth(self) -> None:
        # Twisted leaves a connection whose both halves are shut without connectionLost and
        # out of the reactor; here the asyncio transport is also closed, to free the socket.
        if (
            self._readLost
            and self._writeDisconnected
            and self.connected
            and not self.disconnecting
            and not self._quiet
        ):
            self._quiet = True
            self.reactor._selectables.discard(self)
            if self._tr is not None:
                self._tr.close()

    def pause_writing(self) -> None:
        self._writePaused = True
        producer = self.producer
        if producer is not None and self.streamingProducer and not self.producerPaused:
            self.producerPaused = True
            producer.pauseProducing()

    def resume_writing(self) -> None:
        self._writePaused = False
        producer = self.producer
        if producer is None:
            return
        if self.streamingProducer:
            if self.producerPaused:
                self.producerPaused = False
                producer.resumeProducing()
        else:
            self._pull()

    def connection_lost(self, exc: BaseException | None) -> None:
        if self.disconnected:
            return
        if self._quiet:
            self._closedQuietly = True
            return
        if self._lostReason is not None:
            reason = self._lostReason
        elif self._aborting:
            reason = Failure(error.ConnectionAborted())
        elif exc is None:
            if self._readLost and self._writeDisconnected:
                # Twisted's wording when a fully half-closed connection is closed.
                reason = Failure(_DONE("Connection done"))
            else:
                reason = Failure(_DONE())
        else:
            reason = Failure(_LOST())
        self._connectionLost(reason)

    def _connectionLost(self, reason: Failure) -> None:
        self._canWrite = False
        self.connected = 0
        self.disconnected = 1
        self.disconnecting = 0
        self._reading = False
        self.reactor._selectables.discard(self)
        producer = self.producer
        if producer is not None:
            self.producer = None
            try:
                producer.stopProducing()
            except BaseException:
                log.err()
        proto = self._protocol
        if proto is not None:
            current = _CALLBACK_LOGGER
            previous, current[0] = current[0], self
            try:
                proto.connectionLost(reason)
            except BaseException:
                log.err()
            finally:
                current[0] = previous
        self._connectionEnded(reason)

    def _connectionEnded(self, reason: Failure) -> None:
        """Hook for the client side: tell the connector."""

    # -- reactor bookkeeping ---------------------------------------------------------------

    def _isReading(self) -> bool:
        return bool(self.connected and self._reading)

    def _isWriting(self) -> bool:
        tr = self._tr
        return bool(self.connected and tr is not None and tr.get_write_buffer_size())

    def _removeFromReactor(self) -> None:
        self._removed = True
        if self._tr is not None:
            self._tr.abort()

    def _disconnectForShutdown(self) -> None:
        if self.disconnected:
            return
        if self._tr is not None:
            self._tr.abort()
        self._connectionLost(Failure(_LOST()))

    # -- ITransport ------------------------------------------------------------------------

    def startTLS(self, ctx: Any, normal: bool = True) -> None:
        """Switch this live connection to TLS (ITLSTransport); see twistio._aio.tls."""
        from twistio._aio import tls

        tls.startTLS(self, ctx, isinstance(self, Server) == bool(normal))

    def write(self, data: bytes) -> None:
        """Send ``data`` (bytes only); ignored once the connection is gone."""
        if not isinstance(data, bytes):
            raise TypeError("Data must be bytes")
        if self._canWrite:
            self._tr.write(data)

    def writeSequence(self, iovec: Any) -> None:
        """Send each bytes item of ``iovec`` in order."""
        iovec = list(iovec)
        for item in iovec:
            if not isinstance(item, bytes):
                raise TypeError("Data must be bytes")
        if self._canWrite:
            self._tr.write(b"".join(iovec))

    #: The transport of a quietly closed (both halves shut) connection is gone.
    _closedQuietly = False

    def loseConnection(self) -> None:
        """Close once everything written has been sent (and any producer unregistered)."""
        if not self.connected or self.disconnecting:
            return
        if self._quiet:
            # Both halves were already shut: now the protocol hears connectionLost.
            self._quiet = False
            self.disconnecting = 1
            if self._closedQuietly:
                self.reactor.callLater(0, self.connection_lost, None)
            return
        self.disconnecting = 1
        self._reading = False
        if self.producer is not None:
            # As in Twisted, the producer may keep writing until it unregisters.
            self._closeWhenUnregistered = True
            return
        self._canWrite = False
        self._tr.close()

    def abortConnection(self) -> None:
        """Close at once, discarding unsent data; the reason is ConnectionAborted."""
        if self.disconnected or self._tr is None:
            return
        self._aborting = True
        self.disconnecting = 1
        self._canWrite = False
        sock = self._tr.get_extra_info("socket")
        if sock is not None and sock.family != socket.AF_UNIX:
            # Linger 0: the peer gets a reset (ConnectionLost), as with Twisted, not a FIN.
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_0)
            except OSError:
                pass
        self._tr.abort()

    def loseWriteConnection(self) -> None:
        """Half-close: send EOF after the buffered data; reading continues."""
        if not self.connected or self._eofSent or not self._tr.can_write_eof():
            return
        self._canWrite = False
        self._eofSent = True
        self._tr.write_eof()
        self.reactor.callLater(0, self._notifyWriteLost)

    def _notifyWriteLost(self) -> None:
        # The EOF is queued behind the buffered data: the write side is now done.
        if self.connected:
            self._writeDisconnected = True
            if self._halfClose:
                try:
                    self._protocol.writeConnectionLost()
                except BaseException:
                    self._protocolFailed()
                else:
                    self._maybeHalfClosedBoth()

    def getPeer(self) -> Any:
        return self._peer

    @property
    def _tempDataBuffer(self) -> list[bytes]:
        # Twisted's tests peek at this FileDescriptor internal to see whether writes are
        # still buffered; answer from the asyncio transport's buffer.
        tr = self._tr
        if tr is not None and not tr.is_closing() and tr.get_write_buffer_size():
            return [b""]
        return []

    def getHost(self) -> Any:
        return self._host

    _handle: _SocketHandle | None = None

    def _sock(self) -> Any:
        if self._handle is None and self._tr is not None:
            view = self._tr.get_extra_info("socket")
            if view is not None:
                self._handle = _SocketHandle(view)
        return self._handle

    @property
    def socket(self) -> Any:
        """The connection's socket (asyncio's socket-like view of it)."""
        return self._sock()

    def getHandle(self) -> Any:
        return self._sock()

    def fileno(self) -> int:
        sock = self._sock()
        return sock.fileno() if sock is not None else -1

    def getTcpNoDelay(self) -> bool:
        return bool(self._sock().getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    def setTcpNoDelay(self, enabled: bool) -> None:
        self._sock().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, int(bool(enabled)))

    def getTcpKeepAlive(self) -> bool:
        return bool(self._sock().getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE))

    def setTcpKeepAlive(self, enabled: bool) -> None:
        self._sock().setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, int(bool(enabled)))

    def logPrefix(self) -> str:
        return str(self.logstr)

    # -- IConsumer -------------------------------------------------------------------------

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        """Register a push (``streaming``) or pull producer feeding this connection."""
        if self.producer is not None:
            raise RuntimeError(
                f"Cannot register producer {producer}, because producer {self.producer} "
                "was never unregistered."
            )
        if self.disconnected:
            producer.stopProducing()
            return
        self.producer = producer
        self.streamingProducer = bool(streaming)
        if streaming:
            if self._writePaused:
                self.producerPaused = True
                producer.pauseProducing()
        else:
            # Pull producers are asked for more each time the buffer drains.
            self._tr.set_write_buffer_limits(high=0, low=0)
            self._pull()

    def _pull(self) -> None:
        producer = self.producer
        if producer is None or self.streamingProducer or not self.connected:
            return
        producer.resumeProducing()
        if self.producer is producer and not self._tr.get_write_buffer_size():
            # Nothing was left buffered, so no resume_writing will come: ask again soon.
            self.reactor._asyncioEventloop.call_soon(self._pull)

    def unregisterProducer(self) -> None:
        """Forget the producer (and complete a pending loseConnection)."""
        if self.producer is not None and not self.streamingProducer and self._tr is not None:
            self._tr.set_write_buffer_limits()
        self.producer = None
        self.producerPaused = False
        if self._closeWhenUnregistered and self.connected:
            self._closeWhenUnregistered = False
            self._canWrite = False
            self._tr.close()

    # -- IPushProducer (the reading side) --------------------------------------------------

    def pauseProducing(self) -> None:
        """Stop reading from the peer."""
        if self.connected and self._reading:
            self._reading = False
            self._tr.pause_reading()

    def resumeProducing(self) -> None:
        """Read from the peer again."""
        if self.connected and not self._reading and not self.disconnecting and not self._readLost:
            self._reading = True
            self._tr.resume_reading()
            if self._held is not None:
                self.reactor._asyncioEventloop.call_soon(self._deliverHeld)

    def stopProducing(self) -> None:
        self.loseConnection()


class Server(Connection):
    """An accepted connection."""

    def __init__(self, port: Port, sessionno: int) -> None:
        Connection.__init__(self, port.reactor)
        self.server = port
        self.sessionno = sessionno

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        self._attach(transport)
        port = self.server
        if self._removed or not port.connected:
            transport.abort()
            return
        proto = port.factory.buildProtocol(self._peer)
        if proto is None:
            self.connected = 0
            self.disconnected = 1
            self.reactor._selectables.discard(self)
            transport.abort()
            return
        self.logstr = (
            f"{proto.__class__.__name__},{self.sessionno},{getattr(self._peer, 'host', '')}"
        )
        # As in Twisted, a server's connectionMade logs under the listening port's prefix.
        port._ownerThread = self._ownerThread
        self._startProtocol(proto, port)

    def __repr__(self) -> str:
        return f"<{self._protocol.__class__.__name__} #{self.sessionno} on {self.server._realPortNumber}>"


class _AdoptedOrigin:
    """What an adopted connection (adoptStreamConnection) has in place of a listening port."""

    connected = True

    def __init__(self, factory: Any, reactor: Any, hostPort: Any) -> None:
        self.factory = factory
        self.reactor = reactor
        self._realPortNumber = hostPort


def adoptConnection(reactor: Any, sock: Any, factory: Any) -> Server:
    """Run ``factory``'s protocol over ``sock``, a connected socket the reactor now owns.

    As in Twisted the server-side transport is returned, its session number being the peer's
    port.  Unlike Twisted, ``buildProtocol`` and ``connectionMade`` happen once the loop has
    wrapped the socket (on its next iteration), not before this returns.
    """
    if sock.family == socket.AF_UNIX:
        from twistio._aio.unix import UNIXServer

        origin = _AdoptedOrigin(factory, reactor, sock.getsockname())
        conn: Server = UNIXServer(origin, 0)  # type: ignore[arg-type]
    else:
        origin = _AdoptedOrigin(factory, reactor, sock.getsockname()[1])
        conn = Server(origin, sock.getpeername()[1])  # type: ignore[arg-type]
    loop = reactor._asyncioEventloop
    loop.create_task(loop.connect_accepted_socket(lambda: conn, sock))
    return conn


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
                sock.bind(connector.bindAddress)
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
        self.logstr = f"{proto.__class__.__name__},client"
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


def _logPrefixOf(obj: Any) -> str:
    if ILoggingContext.providedBy(obj):
        return str(obj.logPrefix())
    return str(obj.__class__.__name__)


@implementer(IListeningPort, ISystemHandle, ILoggingContext)
class Port:
    """A listening TCP port feeding accepted connections to ``factory``."""

    connected = False
    disconnected = False
    disconnecting = False
    _realPortNumber: int | None = None
    _type = "TCP"
    _server: Any = None
    socket: Any = None
    deferred: Any = None
    _lastHost: Any = None
    #: The thread whose callbacks log under this port's prefix (see _logsystem).
    _ownerThread: int | None = None

    def __init__(
        self, port: int, factory: Any, backlog: int = 50, interface: str = "", reactor: Any = None
    ) -> None:
        self.port = port
        self.factory = factory
        self.backlog = backlog
        self.interface = interface
        self.reactor = reactor
        if isIPv6Address(interface):
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
        sock = self._bindSocket()
        sock.setblocking(False)
        self.socket = sock
        log.msg(f"{_logPrefixOf(self.factory)} starting on {self._realPortNumber!r}")
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
            self._lastHost = self._addressType("TCP", *sock.getsockname()[:2])
            return sock
        sock = socket.socket(self.addressFamily, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            address: tuple[Any, ...] = (self.interface, self.port)
            if self.addressFamily == socket.AF_INET6:
                address = socket.getaddrinfo(
                    self.interface, self.port, socket.AF_INET6, socket.SOCK_STREAM
                )[0][4]
            sock.bind(address)
            sock.listen(self.backlog)
        except OSError as le:
            sock.close()
            raise error.CannotListenError(self.interface, self.port, le) from None
        self._realPortNumber = sock.getsockname()[1]
        self._lastHost = self._addressType("TCP", *sock.getsockname()[:2])
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
        log.msg(f"({self._type} Port {self._realPortNumber} Closed)", system=self.logPrefix())
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
            self.connectionLost(Failure(error.ConnectionDone()))

    def getHost(self) -> Any:
        """The address the port is bound to."""
        if self.socket is not None:
            self._lastHost = self._addressType("TCP", *self.socket.getsockname()[:2])
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
