"""TLS over asyncio transports: startTLS, listenSSL and connectSSL.

All three run the same way: the TCP connection is made plain, the Twisted protocol hears
``connectionMade`` at once (as with Twisted, before the handshake), and the loop's
``start_tls`` wraps the asyncio transport.  Until the handshake completes the connection
writes into a :class:`_PendingTLS` stand-in that buffers; once it completes the buffered bytes
go out encrypted.  A failed handshake (bad certificate, wrong hostname, garbage from the peer)
ends only that connection, with the ``ssl.SSLError`` as the ``connectionLost`` reason.
"""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Callable, Coroutine
from typing import Any

from zope.interface import alsoProvides, implementer

from twistio._aio.tcp import Client, Connector, Port, Server
from twistio.internet import error
from twistio.internet.interfaces import IHandshakeListener, ISSLTransport, ITLSTransport
from twistio.python import _logsystem, log
from twistio.python.failure import Failure

__name__ = "twisted.internet.ssl"


class _PendingTLS:
    """The transport a connection writes to while its TLS handshake is in progress.

    Writes are buffered, with asyncio's write flow control: once more than the high-water
    mark is waiting, ``pauseWriting`` is called (so a streaming producer is paused even if the
    peer never completes the handshake); the real transport takes over at :meth:`handOver`.

    Pausing reading pauses the raw socket, so (as with Twisted, whose ``stopReading`` takes the
    socket out of the reactor) a connection that stops reading before or during the handshake
    stalls the handshake: the peer's handshake bytes stay unread.  (Not quite at once on a
    freshly accepted uvloop connection: uvloop starts reading when ``connection_made``
    returns, so bytes already there when the connection was accepted can be read once before
    the pause is re-applied from the next loop iteration.)
    """

    def __init__(
        self, raw: Any, pauseWriting: Callable[[], None], loop: asyncio.AbstractEventLoop
    ) -> None:
        self.raw = raw
        self.loop = loop
        self.pauseWriting = pauseWriting
        self.buffer: list[bytes] = []
        self.size = 0
        self.closing = False
        self.paused = False
        #: Whether we paused the writer (the real transport must resume it, or we do).
        self.writePaused = False
        self.limits: tuple[Any, Any] | None = None
        self.high = 64 * 1024

    def write(self, data: bytes) -> None:
        self.buffer.append(data)
        self.size += len(data)
        if self.size > self.high and not self.writePaused:
            self.writePaused = True
            self.pauseWriting()

    def close(self) -> None:
        self.closing = True

    def abort(self) -> None:
        self.raw.abort()

    def is_closing(self) -> bool:
        return self.closing or bool(self.raw.is_closing())

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self.raw.get_extra_info(name, default)

    def get_write_buffer_size(self) -> int:
        return self.size

    def set_write_buffer_limits(self, high: Any = None, low: Any = None) -> None:
        self.limits = (high, low)
        if high is None:
            high = 64 * 1024 if low is None else 4 * low
        self.high = high

    def pause_reading(self) -> None:
        self.paused = True
        if not self.raw.is_closing():
            self.raw.pause_reading()
        # start_tls has queued a resume_reading of the raw transport (it pauses it while it
        # swaps protocols); call_soon is FIFO, so pausing again from a callback queued now
        # lands after it.
        self.loop.call_soon(self._pauseRaw)

    def _pauseRaw(self) -> None:
        if self.paused and not self.raw.is_closing():
            self.raw.pause_reading()

    def resume_reading(self) -> None:
        self.paused = False
        if not self.raw.is_closing():
            self.raw.resume_reading()

    def can_write_eof(self) -> bool:
        return False

    def write_eof(self) -> None:
        raise NotImplementedError("TLS connections cannot half-close")

    def handOver(self, tr: Any) -> None:
        """The handshake is done: replay what happened meanwhile onto ``tr``."""
        if self.limits is not None:
            tr.set_write_buffer_limits(*self.limits)
        if self.paused:
            # From now on the TLS transport's own flow control holds reading back; it only
            # resumes the raw transport if it paused it itself, so hand the raw one back running.
            tr.pause_reading()
            if not self.raw.is_closing():
                self.raw.resume_reading()
        if self.buffer:
            tr.write(b"".join(self.buffer))
            self.buffer = []
            self.size = 0
        if self.closing:
            tr.close()


#: The most plaintext one read from a TLS transport may hand over (the loops' own bound).
_READ_BUFFER_SIZE = 256 * 1024


class _ReadBuffers(threading.local):
    """One decryption buffer per thread (per running reactor), shared by its connections.

    Each read is copied out of it into ``bytes`` before the protocol sees the data, so it is
    free again as soon as ``buffer_updated`` starts.
    """

    def __init__(self) -> None:
        self.buffer = memoryview(bytearray(_READ_BUFFER_SIZE))


_buffers = _ReadBuffers()


class _TLSReader(asyncio.BufferedProtocol):
    """The application protocol handed to ``start_tls``: decrypts into a reused buffer.

    Given a plain ``asyncio.Protocol``, the loops' TLS layer reads every record with
    ``SSLObject.read(256 KiB)``: a fresh 256 KiB allocation shrunk to the record's size.  With
    glibc that is an mmap + mremap + munmap per record (about half the time of a 16 KiB echo
    on uvloop).  As a buffered protocol we give the loop one preallocated buffer to decrypt
    into instead, and pass ``bytes`` of what was read to the connection.  Everything else is
    forwarded to the connection unchanged.
    """

    __slots__ = ("conn", "handshakeDone", "writingPaused")

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        #: Whether the TLS transport has paused the writer (and so will resume it).
        self.writingPaused = False
        #: Tells the protocol the handshake is over; runs once, from whichever comes first:
        #: ``start_tls`` returning or the first decrypted bytes (which can arrive before the
        #: coroutine resumes, and must not reach dataReceived before handshakeCompleted).
        self.handshakeDone: Callable[[], None] | None = None

    def handshakeCompleted(self) -> None:
        done, self.handshakeDone = self.handshakeDone, None
        if done is not None:
            done()

    def connection_made(self, transport: Any) -> None:
        self.conn.connection_made(transport)

    def get_buffer(self, sizehint: int) -> memoryview:
        return _buffers.buffer

    def buffer_updated(self, nbytes: int) -> None:
        data = bytes(_buffers.buffer[:nbytes])
        if self.handshakeDone is not None:
            self.handshakeCompleted()
        self.conn.data_received(data)

    def eof_received(self) -> bool | None:
        result: bool | None = self.conn.eof_received()
        return result

    def connection_lost(self, exc: BaseException | None) -> None:
        self.conn.connection_lost(exc)

    def pause_writing(self) -> None:
        self.writingPaused = True
        self.conn.pause_writing()

    def resume_writing(self) -> None:
        self.writingPaused = False
        self.conn.resume_writing()


#: OpenSSL's X509_V_ERR_HOSTNAME_MISMATCH.
_HOSTNAME_MISMATCH = 62


def _reasonFor(exc: BaseException) -> Failure:
    """The connectionLost reason for a failed handshake.

    A certificate for the wrong name is Twisted's ``twisted.internet.ssl.VerificationError``
    (still an ``ssl.SSLCertVerificationError``); other failures are the stdlib's SSL errors.
    The peer resetting or closing the TCP connection mid-handshake is a ``ConnectionLost``,
    as for any other connection lost in a non-clean fashion.
    """
    from twistio.internet._sslverify import VerificationError

    if isinstance(exc, OSError) and not isinstance(exc, ssl.SSLError):
        return Failure(error.ConnectionLost())

    if (
        isinstance(exc, ssl.SSLCertVerificationError)
        and not isinstance(exc, VerificationError)
        and getattr(exc, "verify_code", None) == _HOSTNAME_MISMATCH
    ):
        translated = VerificationError(*exc.args)
        for attr in ("verify_code", "verify_message", "reason", "library"):
            setattr(translated, attr, getattr(exc, attr, None))
        return Failure(translated)
    return Failure(exc)


def _peerCertificate(conn: Any) -> Any:
    """The peer's certificate as a ``cryptography`` object (None before the handshake)."""
    from cryptography import x509

    sslobj = conn._tr.get_extra_info("ssl_object") if conn._tr is not None else None
    if sslobj is None:
        return None
    der = sslobj.getpeercert(binary_form=True)
    return None if der is None else x509.load_der_x509_certificate(der)


def startTLS(conn: Any, contextFactory: Any, serverSide: bool) -> None:
    """Wrap ``conn``'s live transport in TLS (``serverSide`` picks the role).

    The context is resolved now, so a pyOpenSSL context fails here with a TypeError.
    """
    from twistio.internet._sslverify import _contextFor

    if getattr(conn, "_tlsStarted", False):
        raise RuntimeError("TLS already started on this connection")
    ctx, hostname = _contextFor(contextFactory, serverSide)
    raw = conn._tr
    loop = conn.reactor._asyncioEventloop
    pending = _PendingTLS(raw, conn.pause_writing, loop)
    conn._tr = pending
    conn._tlsStarted = True
    conn.TLS = True
    if not isinstance(conn, TLSMixin):
        alsoProvides(conn, ISSLTransport)
        conn.getPeerCertificate = lambda: _peerCertificate(conn)

    def done(tr: Any, e: BaseException | None) -> None:
        if tr is None and e is None:
            # The stdlib loop's start_tls returns None when the TCP connection closed cleanly
            # mid-handshake: a lost connection like any other (not a hang with no report).
            e = ConnectionResetError("connection closed during the TLS handshake")
        if e is not None:
            # Our own abortConnection stays ConnectionAborted (connection_lost knows).
            if conn._lostReason is None and not conn.disconnected and not conn._aborting:
                conn._lostReason = _reasonFor(e)
            raw.abort()
            if not conn.disconnected and not isinstance(e, asyncio.CancelledError):
                # Some loops do not report the lost connection after a failed handshake.
                loop.call_soon(conn.connection_lost, e)
            return
        if conn.disconnected or conn._tr is not pending:
            tr.abort()
            return
        # uvloop's start_tls can return a transport for a connection the peer closed during
        # the handshake: that handshake did not complete, and (as on Twisted) the connection
        # was lost in a non-clean fashion.
        lostEarly = raw.is_closing()
        if not lostEarly:
            reader.handshakeCompleted()
        if raw.is_closing():
            # The connection was aborted or lost during the handshake (or aborted by
            # handshakeCompleted): what was buffered is dropped.  The loop may not report the
            # loss of a connection whose transport went away under a handshake it then
            # completed, so report it here (connection_lost ignores a second report; our own
            # abortConnection still gives ConnectionAborted).
            tr.abort()
            if not conn.disconnected:
                reason = ConnectionResetError("connection lost during the TLS handshake")
                loop.call_soon(conn.connection_lost, reason if lostEarly else None)
            return
        conn._tr = tr
        pending.handOver(tr)
        if (
            pending.writePaused
            and not reader.writingPaused
            and conn.connected
            and not tr.is_closing()
        ):
            # We paused the writer and the TLS transport took the backlog without pausing
            # it, so it will not resume it either.  (Not once the connection is going: the
            # TLS transport may already have resumed it during handOver, and a pull producer
            # that then aborted or raised must not be asked again.)
            conn.resume_writing()

    def handshakeCompleted() -> None:
        proto = conn.protocol
        if conn.disconnected or not IHandshakeListener.providedBy(proto):
            return
        current = _logsystem.current
        previous, current[0] = current[0], conn
        try:
            proto.handshakeCompleted()
        except BaseException:
            # As an exception from dataReceived: logged, and the connection dropped.
            conn._protocolFailed()
        finally:
            current[0] = previous

    reader = _TLSReader(conn)
    reader.handshakeDone = handshakeCompleted
    _startNow(
        loop,
        loop.start_tls(raw, reader, ctx, server_side=serverSide, server_hostname=hostname),
        done,
    )


def _startNow(
    loop: asyncio.AbstractEventLoop,
    coro: Coroutine[Any, Any, Any],
    onDone: Callable[[Any, BaseException | None], None],
) -> None:
    """Run ``coro`` up to its first suspension now, the rest as what it awaits completes.

    ``start_tls`` takes the transport over (pauses reading, swaps its protocol) before its
    first await.  Run as a task, that would happen a loop iteration later, and uvloop may
    hand a freshly accepted connection's ClientHello to the plain protocol in between.
    """

    def step() -> None:
        try:
            yielded = coro.send(None)
        except StopIteration as stop:
            onDone(stop.value, None)
            return
        except BaseException as e:
            onDone(None, e)
            return
        if yielded is None:
            loop.call_soon(step)
        else:
            yielded._asyncio_future_blocking = False
            yielded.add_done_callback(lambda _: step())

    step()


class TLSMixin:
    """What TLS connections add to TCP ones: the handshake at connect, the peer certificate."""

    _tlsStarted = False
    TLS = True
    _tr: Any
    _lostReason: Failure | None
    disconnected: int
    _tlsCreator: Any = None
    _tlsServerSide = False

    def _attach(self, transport: Any) -> None:
        super()._attach(transport)  # type: ignore[misc]
        try:
            startTLS(self, self._tlsCreator, self._tlsServerSide)
        except BaseException:
            log.err(None, "TLS could not start")
            transport.abort()

    def connection_lost(self, exc: BaseException | None) -> None:
        if isinstance(exc, ssl.SSLError) and self._lostReason is None:
            self._lostReason = _reasonFor(exc)
        super().connection_lost(exc)  # type: ignore[misc]

    def getPeerCertificate(self) -> Any:
        """The peer's certificate (a ``cryptography.x509.Certificate``) or None."""
        return _peerCertificate(self)


@implementer(ISSLTransport, ITLSTransport)
class TLSServer(TLSMixin, Server):
    """A connection accepted by a TLS port."""

    _tlsServerSide = True

    def __init__(self, port: Port, sessionno: int) -> None:
        Server.__init__(self, port, sessionno)
        self._tlsCreator = getattr(port, "ctxFactory", None)


@implementer(ISSLTransport, ITLSTransport)
class TLSClient(TLSMixin, Client):
    """A TLS connection made for a :class:`TLSConnector`."""

    def __init__(self, connector: Connector) -> None:
        Client.__init__(self, connector)
        self._tlsCreator = getattr(connector, "contextFactory", None)


class TLSPort(Port):
    """A listening port whose connections speak TLS (server side)."""

    _type = "TLS"
    _startLabel = " (TLS)"
    _connectionClass = TLSServer

    def __init__(
        self,
        port: int,
        factory: Any,
        ctxFactory: Any,
        backlog: int = 50,
        interface: str = "",
        reactor: Any = None,
    ) -> None:
        from twistio.internet._sslverify import _contextFor

        # Resolve once now: a bad context factory fails listenSSL, not each connection.
        _contextFor(ctxFactory, True)
        Port.__init__(self, port, factory, backlog, interface, reactor)
        self.ctxFactory = ctxFactory


class TLSConnector(Connector):
    """Connects and runs the client side of TLS with ``contextFactory``."""

    _transportClass = TLSClient

    def __init__(
        self,
        host: str,
        port: int | str,
        factory: Any,
        contextFactory: Any,
        timeout: float | None,
        bindAddress: Any,
        reactor: Any = None,
    ) -> None:
        from twistio.internet._sslverify import _contextFor

        _contextFor(contextFactory, False)
        self.contextFactory = contextFactory
        Connector.__init__(self, host, port, factory, timeout, bindAddress, reactor)


__all__ = ["TLSClient", "TLSConnector", "TLSPort", "TLSServer", "startTLS"]
