"""twisted.protocols.tls: TLS as a protocol wrapper, over ``ssl.MemoryBIO``.

:class:`TLSMemoryBIOProtocol` sits between any transport and a wrapped protocol: ciphertext
from the transport goes into an ``ssl.SSLObject`` through a memory BIO, plaintext comes out to
the wrapped protocol, and the wrapped protocol's writes go back encrypted.  It needs no socket,
so it works over any transport (a StringTransport, a UNIX socket, a loopback pair).

Difference from Twisted: the connection object is a stdlib ``ssl.SSLObject`` rather than a
pyOpenSSL ``Connection``; context factories must give ``ssl.SSLContext`` objects (see
twisted.internet.ssl).
"""

from __future__ import annotations

import ssl
from typing import Any

from zope.interface import directlyProvides, implementer, providedBy

from twistio.internet import interfaces
from twistio.internet.error import ConnectionDone, ConnectionLost
from twistio.protocols.policies import ProtocolWrapper, WrappingFactory
from twistio.python import log
from twistio.python.failure import Failure

__name__ = "twisted.protocols.tls"

_CHUNK = 65536


def _get_default_clock() -> Any:
    """The clock a TLS factory given none uses: the global reactor (tests patch this)."""
    from twistio.internet import reactor

    return reactor


@implementer(interfaces.ISystemHandle, interfaces.INegotiated)
class TLSMemoryBIOProtocol(ProtocolWrapper):
    """Runs TLS over the wrapped transport for ``wrappedProtocol``.

    The wrapped protocol hears ``connectionMade`` at once (writes made before the handshake
    completes are sent after it) and, if it provides IHandshakeListener,
    ``handshakeCompleted()`` once the handshake is done.  A TLS error ends the connection with
    the ``ssl.SSLError`` as the wrapped protocol's ``connectionLost`` reason.
    """

    _tlsConnection: ssl.SSLObject | None = None
    _handshakeDone = False
    _lostTLSConnection = False
    _reason: Failure | None = None
    _producer: Any = None
    _aborted = False

    def __init__(
        self, factory: TLSMemoryBIOFactory, wrappedProtocol: Any, _connectWrapped: bool = True
    ) -> None:
        ProtocolWrapper.__init__(self, factory, wrappedProtocol)
        self._connectWrapped = _connectWrapped
        self._appSendBuffer: list[bytes] = []

    def getHandle(self) -> ssl.SSLObject | None:
        """The ``ssl.SSLObject`` doing the TLS (Twisted: the pyOpenSSL Connection)."""
        return self._tlsConnection

    def makeConnection(self, transport: Any) -> None:
        self._incoming = ssl.MemoryBIO()
        self._outgoing = ssl.MemoryBIO()
        self._tlsConnection = self.factory._createConnection(self)
        # Not ProtocolWrapper.makeConnection: the wrapped protocol is connected below, once
        # the handshake has been started.
        directlyProvides(self, providedBy(transport))
        self.connected = 1
        self.transport = transport
        self.factory.registerProtocol(self)
        if self._connectWrapped:
            self.wrappedProtocol.makeConnection(self)
        self._handshake()

    # -- TLS machinery ---------------------------------------------------------------------

    def _flush(self) -> None:
        data = self._outgoing.read()
        if data:
            self.transport.write(data)

    def _handshake(self) -> None:
        assert self._tlsConnection is not None
        try:
            self._tlsConnection.do_handshake()
        except ssl.SSLWantReadError:
            self._flush()
            return
        except ssl.SSLError as e:
            self._tlsFailed(e)
            return
        self._flush()
        self._handshakeDone = True
        if interfaces.IHandshakeListener.providedBy(self.wrappedProtocol):
            try:
                self.wrappedProtocol.handshakeCompleted()
            except BaseException:
                log.err(None, "Error during handshakeCompleted")
        if self._appSendBuffer:
            buffered, self._appSendBuffer = self._appSendBuffer, []
            for data in buffered:
                self._write(data)
        if self.disconnecting and self.producer is None:
            self._shutdownTLS()

    def _tlsFailed(self, e: BaseException) -> None:
        from twistio._aio.tls import _reasonFor

        if self._reason is None:
            self._reason = _reasonFor(e)
        self._flush()  # the alert, if any
        self._lostTLSConnection = True
        self.transport.loseConnection()

    def dataReceived(self, data: bytes) -> None:
        """Ciphertext from the transport."""
        if self._lostTLSConnection or self._tlsConnection is None:
            return
        self._incoming.write(data)
        if not self._handshakeDone:
            self._handshake()
            if not self._handshakeDone:
                return
        self._readPlaintext()

    def _readPlaintext(self) -> None:
        assert self._tlsConnection is not None
        while not self._lostTLSConnection:
            try:
                chunk = self._tlsConnection.read(_CHUNK)
            except ssl.SSLWantReadError:
                break
            except ssl.SSLZeroReturnError:
                # The peer's close_notify: answer it and close.
                self._lostTLSConnection = True
                self._shutdownTLS()
                break
            except ssl.SSLError as e:
                self._tlsFailed(e)
                break
            if not chunk:
                break
            try:
                self.wrappedProtocol.dataReceived(chunk)
            except BaseException:
                log.err()
                self._reason = Failure()
                self._lostTLSConnection = True
                self.transport.abortConnection()
                return
        self._flush()

    # -- the transport, as the wrapped protocol sees it ------------------------------------

    def write(self, data: bytes) -> None:
        """Encrypt and send ``data`` (buffered until the handshake is done)."""
        if not isinstance(data, bytes):
            raise TypeError("Must write bytes to a TLS transport")
        if self.disconnecting and not self._handshakeDone or self._lostTLSConnection:
            return
        if not self._handshakeDone:
            self._appSendBuffer.append(data)
            return
        self._write(data)

    def _write(self, data: bytes) -> None:
        assert self._tlsConnection is not None
        try:
            self._tlsConnection.write(data)
        except ssl.SSLError as e:
            self._tlsFailed(e)
            return
        self._flush()

    def writeSequence(self, iovec: Any) -> None:
        self.write(b"".join(iovec))

    def loseConnection(self) -> None:
        """Send close_notify after everything written so far, then close the transport."""
        if self.disconnecting or not self.connected:
            return
        self.disconnecting = 1
        if self._handshakeDone and self.producer is None:
            self._shutdownTLS()
        elif self._lostTLSConnection:
            self.transport.loseConnection()

    def _shutdownTLS(self) -> None:
        assert self._tlsConnection is not None
        try:
            self._tlsConnection.unwrap()
        except (ssl.SSLWantReadError, ssl.SSLError, ValueError):
            pass
        self._flush()
        self._lostTLSConnection = True
        self.transport.loseConnection()

    def abortConnection(self) -> None:
        """Close at once, no close_notify."""
        self._aborted = True
        self.disconnecting = 1
        self._lostTLSConnection = True
        self.transport.abortConnection()

    @property
    def producer(self) -> Any:
        return self._producer

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        self._producer = producer
        self.transport.registerProducer(producer, streaming)

    def unregisterProducer(self) -> None:
        self._producer = None
        self.transport.unregisterProducer()
        if self.disconnecting and self._handshakeDone and not self._lostTLSConnection:
            self._shutdownTLS()

    def getPeerCertificate(self) -> Any:
        """The peer's certificate (a ``cryptography.x509.Certificate``) or None."""
        from cryptography import x509

        if self._tlsConnection is None or not self._handshakeDone:
            return None
        der = self._tlsConnection.getpeercert(binary_form=True)
        return None if der is None else x509.load_der_x509_certificate(der)

    @property
    def negotiatedProtocol(self) -> bytes | None:
        """The ALPN protocol agreed on, as bytes, or None."""
        if self._tlsConnection is None or not self._handshakeDone:
            return None
        proto = self._tlsConnection.selected_alpn_protocol()
        return None if proto is None else proto.encode("ascii")

    # -- the protocol side, as the transport sees it ---------------------------------------

    def connectionLost(self, reason: Any = None) -> None:
        """Tell the wrapped protocol, with the TLS error if there was one."""
        if self._reason is not None:
            reason = self._reason
        elif not self._handshakeDone and reason is not None and reason.check(ConnectionDone):
            # Closed mid-handshake: not a clean TLS close.
            reason = Failure(ConnectionLost("Connection lost during the TLS handshake"))
        self.connected = 0
        ProtocolWrapper.connectionLost(self, reason)


class TLSMemoryBIOFactory(WrappingFactory):
    """Wraps ``wrappedFactory``'s protocols in TLS (client side if ``isClient``).

    ``contextFactory`` is what twisted.internet.ssl makes: ``optionsForClientTLS(...)`` for
    clients, ``CertificateOptions``/``PrivateCertificate.options()`` for servers.
    """

    protocol = TLSMemoryBIOProtocol  # type: ignore[assignment]
    noisy = False

    def __init__(
        self, contextFactory: Any, isClient: bool, wrappedFactory: Any, clock: Any = None
    ) -> None:
        from twistio.internet._sslverify import _contextFor

        WrappingFactory.__init__(self, wrappedFactory)
        self._contextFactory = contextFactory
        self._isClient = isClient
        self._clock = clock
        # Resolve now, so a pyOpenSSL context fails here with a clear TypeError.
        _contextFor(contextFactory, not isClient)

    def logPrefix(self) -> str:
        wrapped = self.wrappedFactory
        if interfaces.ILoggingContext.providedBy(wrapped):
            prefix = wrapped.logPrefix()
        else:
            prefix = wrapped.__class__.__name__
        return f"{prefix} (TLS)"

    def _createConnection(self, tlsProtocol: TLSMemoryBIOProtocol) -> ssl.SSLObject:
        from twistio.internet._sslverify import _contextFor

        ctx, hostname = _contextFor(self._contextFactory, not self._isClient)
        return ctx.wrap_bio(
            tlsProtocol._incoming,
            tlsProtocol._outgoing,
            server_side=not self._isClient,
            server_hostname=hostname,
        )


__all__ = ["TLSMemoryBIOFactory", "TLSMemoryBIOProtocol"]
