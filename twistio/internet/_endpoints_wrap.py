"""Endpoint plumbing shared by every endpoint: the wrapping factory that turns a connection
attempt into a Deferred, ``connectProtocol``, and endpoints that wrap another endpoint's
protocols (``_WrapperEndpoint``, ``_WrapperServerEndpoint``, ``wrapClientTLS``,
``wrapServerTLS``).
"""

from __future__ import annotations

from typing import Any

from zope.interface import directlyProvides, implementer, providedBy

from twistio.internet import defer, error
from twistio.internet.interfaces import (
    IFileDescriptorReceiver,
    IHalfCloseableProtocol,
    IHandshakeListener,
    ILoggingContext,
    IStreamClientEndpoint,
    IStreamServerEndpoint,
)
from twistio.internet.protocol import ClientFactory, Factory, Protocol, connectionDone
from twistio.protocols.tls import TLSMemoryBIOFactory
from twistio.python.failure import Failure

__name__ = "twisted.internet.endpoints"


class _WrappingProtocol(Protocol):
    """Connects the user's protocol, then fires the endpoint's Deferred with it.

    Provides the optional protocol interfaces (half-close, descriptor passing, TLS handshake
    notification) exactly when the wrapped protocol does, so transports that look for them
    see the same thing they would see on the user's protocol.
    """

    def __init__(self, connectedDeferred: Any, wrappedProtocol: Any) -> None:
        self._connectedDeferred = connectedDeferred
        self._wrappedProtocol = wrappedProtocol
        for iface in (IHalfCloseableProtocol, IFileDescriptorReceiver, IHandshakeListener):
            if iface.providedBy(wrappedProtocol):
                directlyProvides(self, providedBy(self), iface)

    def logPrefix(self) -> str:
        """The wrapped protocol's log prefix (its class name when it has none)."""
        if ILoggingContext.providedBy(self._wrappedProtocol):
            return str(self._wrappedProtocol.logPrefix())
        return str(self._wrappedProtocol.__class__.__name__)

    def connectionMade(self) -> None:
        transport = self.transport
        self._wrappedProtocol.makeConnection(transport)
        from twistio._aio.tcp import Connection

        if isinstance(transport, Connection) and transport.protocol is self:
            # Hand the connection to the user's protocol directly: no per-event hop.
            transport.protocol = self._wrappedProtocol
        self._connectedDeferred.callback(self._wrappedProtocol)

    def dataReceived(self, data: bytes) -> None:
        self._wrappedProtocol.dataReceived(data)

    def fileDescriptorReceived(self, descriptor: int) -> None:
        self._wrappedProtocol.fileDescriptorReceived(descriptor)

    def connectionLost(self, reason: Failure = connectionDone) -> None:
        self._wrappedProtocol.connectionLost(reason)

    def readConnectionLost(self) -> None:
        self._wrappedProtocol.readConnectionLost()

    def writeConnectionLost(self) -> None:
        self._wrappedProtocol.writeConnectionLost()

    def handshakeCompleted(self) -> None:
        self._wrappedProtocol.handshakeCompleted()


class _WrappingFactory(ClientFactory[Any]):
    """Wraps a client factory so that connecting fires ``_onConnection`` (cancellable).

    ``_onConnection`` fires with the user's protocol once it is connected, or fails with
    the reason the attempt failed (including an exception from ``buildProtocol``, or
    ``NoProtocol`` when it returns None).  Cancelling it stops the connector and fails it
    with ``ConnectingCancelledError`` naming the destination.
    """

    protocol = _WrappingProtocol  # type: ignore[assignment]

    def __init__(self, wrappedFactory: Any) -> None:
        self._wrappedFactory = wrappedFactory
        self._connector: Any = None
        self._onConnection: Any = defer.Deferred(canceller=self._canceller)

    def startedConnecting(self, connector: Any) -> None:
        self._connector = connector

    def _canceller(self, d: Any) -> None:
        d.errback(error.ConnectingCancelledError(self._connector.getDestination()))
        self._connector.stopConnecting()

    def doStart(self) -> None:
        self._wrappedFactory.doStart()

    def doStop(self) -> None:
        self._wrappedFactory.doStop()

    def buildProtocol(self, addr: Any) -> Any:
        try:
            proto = self._wrappedFactory.buildProtocol(addr)
            if proto is None:
                raise error.NoProtocol()
        except BaseException:
            self._onConnection.errback()
            return None
        return self.protocol(self._onConnection, proto)

    def clientConnectionFailed(self, connector: Any, reason: Any) -> None:
        if not self._onConnection.called:
            self._onConnection.errback(reason)


def connectProtocol(endpoint: Any, protocol: Any) -> Any:
    """Connect the protocol instance ``protocol`` through ``endpoint``.

    Returns whatever ``endpoint.connect`` returns: a Deferred firing with ``protocol``.
    """

    class OneShotFactory(Factory[Any]):
        def buildProtocol(self, addr: Any) -> Any:
            return protocol

    return endpoint.connect(OneShotFactory())


@implementer(IStreamClientEndpoint)
class _WrapperEndpoint:
    """A client endpoint whose connections pass through a wrapping factory.

    ``wrapperFactory(factory)`` builds the factory handed to ``wrappedEndpoint``; the
    Deferred from ``connect`` fires with the user's protocol (the wrapper protocol's
    ``wrappedProtocol``), not with the wrapper.
    """

    def __init__(self, wrappedEndpoint: Any, wrapperFactory: Any) -> None:
        self._wrappedEndpoint = wrappedEndpoint
        self._wrapperFactory = wrapperFactory

    def connect(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the connected, wrapped protocol."""
        d = self._wrappedEndpoint.connect(self._wrapperFactory(protocolFactory))
        return d.addCallback(lambda wrapper: wrapper.wrappedProtocol)


@implementer(IStreamServerEndpoint)
class _WrapperServerEndpoint:
    """A server endpoint whose accepted connections pass through a wrapping factory."""

    def __init__(self, wrappedEndpoint: Any, wrapperFactory: Any) -> None:
        self._wrappedEndpoint = wrappedEndpoint
        self._wrapperFactory = wrapperFactory

    def listen(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the wrapped endpoint's listening port."""
        return self._wrappedEndpoint.listen(self._wrapperFactory(protocolFactory))


def _noTLS() -> NotImplementedError:
    return NotImplementedError("OpenSSL not available: no TLS support (twisted.protocols.tls)")


def wrapClientTLS(connectionCreator: Any, wrappedEndpoint: Any, clock: Any = None) -> Any:
    """A client endpoint speaking TLS (configured by ``connectionCreator``, for example
    ``optionsForClientTLS("example.com")``) over the connections ``wrappedEndpoint`` makes.
    """
    if TLSMemoryBIOFactory is None:
        raise _noTLS()
    return _WrapperEndpoint(
        wrappedEndpoint,
        lambda protocolFactory: TLSMemoryBIOFactory(
            connectionCreator, True, protocolFactory, clock
        ),
    )


def wrapServerTLS(connectionCreator: Any, wrappedEndpoint: Any, clock: Any = None) -> Any:
    """A server endpoint speaking TLS (configured by ``connectionCreator``, for example
    ``CertificateOptions(...)``) on the connections ``wrappedEndpoint`` accepts.
    """
    if TLSMemoryBIOFactory is None:
        raise _noTLS()
    return _WrapperServerEndpoint(
        wrappedEndpoint,
        lambda protocolFactory: TLSMemoryBIOFactory(
            connectionCreator, False, protocolFactory, clock
        ),
    )
