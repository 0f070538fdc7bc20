"""The TCP connection adapter: one object that is both the asyncio protocol and the Twisted
transport (see twistio._aio.tcp)."""

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

from twistio._aio._handover import handOver
from twistio.internet import error
from twistio.internet.address import IPv4Address, IPv6Address
from twistio.internet.interfaces import (
    IConsumer,
    IHalfCloseableProtocol,
    ILoggingContext,
    IPushProducer,
    ISystemHandle,
    ITLSTransport,
)
from twistio.python import _logsystem, log
from twistio.python.failure import Failure

__name__ = "twisted.internet.tcp"

#: unix.py takes it from here.
_handOver = handOver

_DONE = error.ConnectionDone
_LINGER_0 = struct.pack("ii", 1, 0)
_LOST = error.ConnectionLost
#: Thread idents seen by _attach, so connections share the int objects.
_THREAD_IDS: dict[int, int] = {}
#: A first write this small goes out whole at once even with Nagle on (the minimum MSS).
_EARLY_WRITE = 536
#: No protocol given: Connection(reactor), twistio's own form (see Connection.__init__).
_NO_PROTOCOL: Any = object()


def _address(sockaddr: Any) -> IPv4Address | IPv6Address:
    """The Twisted address of a socket address; an IPv6 host with a scope (link-local) is
    written with it (``fe80::1%eth0``), as Twisted does."""
    if len(sockaddr) == 2:
        return IPv4Address("TCP", sockaddr[0], sockaddr[1])
    host = sockaddr[0]
    if sockaddr[3]:
        host = socket.getnameinfo(sockaddr, socket.NI_NUMERICHOST | socket.NI_NUMERICSERV)[0]
    return IPv6Address("TCP", host, sockaddr[1], sockaddr[2], sockaddr[3])


class _SocketHandle:
    """A connection's socket as ``getHandle()`` gives it: the loop's socket view, plus I/O.

    asyncio (and uvloop) hand out a socket-like object that refuses ``send``/``recv``;
    legacy code calls them on ``getHandle()``, so those are done on the descriptor without
    taking ownership of it.  Once the connection is closed they raise ``OSError(EBADF)``,
    as on a closed socket.
    """

    def __init__(self, view: Any, owner: Any = None) -> None:
        self._view = view
        self._owner = owner

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

    def close(self) -> None:
        """Close the connection's descriptor under its transport, as legacy code does once
        it has handed a duplicate elsewhere (``adoptStreamConnection``): the connection is
        forgotten without a connectionLost, and the peer sees nothing while a duplicate of
        the descriptor stays open."""
        if self._owner is not None:
            self._owner._abandon()


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
    #: Accepted (server side) rather than outgoing; decides the TLS role of startTLS.
    _serverSide = False
    _ownerThread: int | None = None

    def __init__(self, first: Any, protocol: Any = _NO_PROTOCOL, reactor: Any = None) -> None:
        """``Connection(reactor)``: a connection the loop will drive once connected.

        ``Connection(skt, protocol, reactor=None)`` is Twisted's own form, a connection over a
        socket the reactor was never given: nothing is read or written through it (twistio's
        connections move bytes through loop transports only), but it has a protocol, its
        socket, ``TLS`` and ``connectionLost``, as Twisted's whitebox tests and helpers need.
        """
        if protocol is _NO_PROTOCOL:
            self.reactor = first
            return
        if reactor is None:
            from twistio.internet import reactor
        self.reactor = reactor
        self._handle = first  # the socket
        self.protocol = protocol

    # -- the Twisted protocol we drive -----------------------------------------------------

    @property
    def protocol(self) -> Any:
        return self._protocol

    @protocol.setter
    def protocol(self, proto: Any) -> None:
        self._protocol = proto
        self._halfClose = IHalfCloseableProtocol.providedBy(proto)

    # -- asyncio.Protocol ------------------------------------------------------------------

    def _addresses(self, transport: Any) -> None:
        # The host address is built by getHost() when first asked for (most connections
        # never are); the peer's is needed at once, for buildProtocol.
        self._peer = _address(transport.get_extra_info("peername"))
        self._naglePending = True

    def _attach(self, transport: Any) -> None:
        self._tr = transport
        # One shared int per thread rather than a fresh 32-byte int kept per connection.
        ident = threading.get_ident()
        self._ownerThread = _THREAD_IDS.setdefault(ident, ident)
        self._addresses(transport)
        self.connected = 1
        self._reading = True
        self._canWrite = True
        self.reactor._selectables.add(self)
        if self._naglePending and self.TLS:
            # TLS writes its handshake below us: restore Nagle before any of it.
            self._restoreNagle()

    #: Whether Nagle's algorithm is still to be turned back on (see _restoreNagle).
    _naglePending = False
    #: Whether one write went out while Nagle was still off (see _beforeWrite).
    _wroteEarly = False
    TLS = False

    def _restoreNagle(self) -> None:
        """Turn Nagle's algorithm back on, as Twisted has it.

        asyncio turns Nagle off on every TCP transport; Twisted leaves the OS default (on),
        and programs that want it off call setTcpNoDelay(True) as they always have.  It is
        done lazily (see _beforeWrite): looking up the socket and setting the option cost
        three system calls that a short connection never needs.
        """
        self._naglePending = False
        tr = self._tr
        sock = tr.get_extra_info("socket") if tr is not None else None
        if sock is not None and sock.family != socket.AF_UNIX:
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 0)
            except OSError:
                pass

    def _beforeWrite(self, size: int) -> None:
        # Nagle only holds back a short segment while earlier data is unacknowledged, so
        # the connection's first write, if small and nothing is buffered, leaves at once
        # with Nagle on or off: only the second write (or a large first one) needs it on.
        if self._wroteEarly or size > _EARLY_WRITE or self._tr.get_write_buffer_size():
            self._restoreNagle()
        else:
            self._wroteEarly = True

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
            # Looked up per read, not cached: protocols (and tests) swap dataReceived on the
            # instance mid-connection, a common Twisted idiom for changing state.
            self._protocol.dataReceived(data)
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
                try:
                    producer.resumeProducing()
                except BaseException:
                    self._protocolFailed()
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

    def connectionLost(self, reason: Failure) -> None:
        """The connection is gone, for ``reason``: the protocol hears ``connectionLost`` now
        (once), nothing more is read or written, and the socket is closed (Twisted's
        ``FileDescriptor.connectionLost``, which code may call on a transport directly)."""
        if self.disconnected:
            return
        tr = self._tr
        self._connectionLost(reason)
        if tr is not None:
            # asyncio's connection_lost then finds the connection already disconnected.
            tr.abort()

    def _connectionLost(self, reason: Failure) -> None:
        self._canWrite = False
        self.connected = 0
        self.disconnected = 1
        self.disconnecting = 0
        self._reading = False
        if self._tr is not None:  # else never registered (see __init__)
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

        if self._naglePending:
            self._restoreNagle()
        tls.startTLS(self, ctx, self._serverSide == bool(normal))

    def write(self, data: bytes) -> None:
        """Send ``data`` (bytes only); ignored once the connection is gone."""
        if not isinstance(data, bytes):
            raise TypeError("Data must be bytes")
        if self._canWrite:
            if self._naglePending:
                self._beforeWrite(len(data))
            if self.streamingProducer and self.producer is not None:
                self._countWritten(len(data))
            self._tr.write(data)

    def writeSequence(self, iovec: Any) -> None:
        """Send each bytes item of ``iovec`` in order."""
        iovec = list(iovec)
        for item in iovec:
            if not isinstance(item, bytes):
                raise TypeError("Data must be bytes")
        if self._canWrite:
            data = b"".join(iovec)
            if self._naglePending:
                self._beforeWrite(len(data))
            if self.streamingProducer and self.producer is not None:
                self._countWritten(len(data))
            self._tr.write(data)

    #: Twisted's per-transport buffer limit: a streaming producer that writes more than this
    #: within one pass of the loop is paused (see _countWritten).
    bufferSize = 2**16
    #: Bytes written since the loop last came round, while a streaming producer is set.
    _writtenThisPass = 0

    def _countWritten(self, size: int) -> None:
        """Pause a streaming producer that writes more than ``bufferSize`` in one pass.

        Twisted buffers every write until the reactor next finds the socket writable, so a
        producer writing past ``bufferSize`` at once is paused at once, and resumed when the
        buffer has gone out.  asyncio sends at once what the socket takes (and pauses only
        for what it kept), so the bytes of one pass are counted here instead, and the
        producer resumed on the next pass unless asyncio itself still holds writing back.
        """
        written = self._writtenThisPass
        if not written:
            self.reactor._asyncioEventloop.call_soon(self._passEnded)
        written += size
        self._writtenThisPass = written
        if written > self.bufferSize and not self.producerPaused:
            self.producerPaused = True
            self.producer.pauseProducing()

    def _passEnded(self) -> None:
        self._writtenThisPass = 0
        producer = self.producer
        if producer is not None and self.streamingProducer and self.producerPaused:
            if not self._writePaused and self.connected:
                self.producerPaused = False
                producer.resumeProducing()

    def stopConsuming(self) -> None:
        """Unregister the producer and close once the buffer is sent (as on Twisted)."""
        self.unregisterProducer()
        self.loseConnection()

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
        host = self._host
        if host is None and self._tr is not None:
            # Built on first use (see _addresses); the loop keeps the address after close.
            host = self._host = _address(self._tr.get_extra_info("sockname"))
        return host

    _handle: _SocketHandle | None = None

    def _sock(self) -> Any:
        if self._naglePending:
            # Whoever looks at the socket sees the options Twisted would have set.
            self._restoreNagle()
        if self._handle is None and self._tr is not None:
            view = self._tr.get_extra_info("socket")
            if view is not None:
                self._handle = _SocketHandle(view, self)
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
        try:
            producer.resumeProducing()
        except BaseException:
            # As in Twisted: logged, and the connection is lost with it as the reason.
            self._protocolFailed()
            return
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

    # -- FileDescriptor's reading switch (reactor.removeReader/addReader land here) ------

    def stopReading(self) -> None:
        """Stop reading from the peer (``pauseProducing``; Twisted's transports are file
        descriptors, and ``reactor.removeReader(transport)`` means the same)."""
        self.pauseProducing()

    def startReading(self) -> None:
        """Read from the peer again (``resumeProducing``; also ``reactor.addReader``)."""
        self.resumeProducing()

    def _abandon(self) -> None:
        """Forget this connection as Twisted's reactor does once its socket is closed under
        it: no connectionLost, nothing more written or read; the asyncio transport is
        aborted to free the descriptor (which only closes it: no FIN while a duplicate is
        open elsewhere)."""
        if self.disconnected or self._tr is None:
            return
        self._quiet = True
        self._canWrite = False
        self._reading = False
        self.connected = 0
        self.disconnected = 1
        self.reactor._selectables.discard(self)
        self._tr.abort()
