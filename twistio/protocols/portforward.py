"""twisted.protocols.portforward: a TCP port forwarder.

Each connection to a :class:`ProxyFactory` port opens a connection to ``host:port`` and the two
are joined: bytes from either side are written to the other, each transport is registered as a
streaming producer of the other (so a slow side slows the fast one), and when one side closes
the other is closed too.
"""

from __future__ import annotations

from typing import Any

from twistio.internet import protocol
from twistio.python import log

__name__ = "twisted.protocols.portforward"


class Proxy(protocol.Protocol):
    """One side of a forwarded connection; ``peer`` is the other side."""

    noisy = True
    peer: Proxy | None = None

    def setPeer(self, peer: Proxy | None) -> None:
        self.peer = peer

    def connectionLost(self, reason: Any = protocol.connectionDone) -> None:
        if self.peer is not None:
            self.peer.transport.loseConnection()  # type: ignore[union-attr]
            self.peer = None
        elif self.noisy:
            log.msg(f"Unable to connect to peer: {reason}")

    def dataReceived(self, data: bytes) -> None:
        assert self.peer is not None
        self.peer.transport.write(data)  # type: ignore[union-attr]


class ProxyClient(Proxy):
    """The outgoing side: once connected, joins the incoming side and lets it read again."""

    def connectionMade(self) -> None:
        assert self.peer is not None
        self.peer.setPeer(self)
        # Each side's transport throttles the other's reading.
        self.transport.registerProducer(self.peer.transport, True)  # type: ignore[union-attr]
        self.peer.transport.registerProducer(self.transport, True)  # type: ignore[union-attr]
        # The incoming side stopped reading until this connection was up.
        self.peer.transport.resumeProducing()  # type: ignore[union-attr]


class ProxyClientFactory(protocol.ClientFactory[Any]):
    """Builds the outgoing side for one incoming connection (``server``)."""

    protocol = ProxyClient

    def setServer(self, server: Proxy) -> None:
        self.server = server

    def buildProtocol(self, addr: Any) -> ProxyClient:
        prot: ProxyClient = protocol.ClientFactory.buildProtocol(self, addr)  # type: ignore[assignment]
        prot.setPeer(self.server)
        return prot

    def clientConnectionFailed(self, connector: Any, reason: Any) -> None:
        self.server.transport.loseConnection()  # type: ignore[union-attr]


class ProxyServer(Proxy):
    """The incoming side: stops reading and connects to the factory's ``host:port``."""

    clientProtocolFactory: Any = ProxyClientFactory
    reactor: Any = None

    def connectionMade(self) -> None:
        # Read nothing until the other side is connected.
        self.transport.pauseProducing()  # type: ignore[union-attr]
        client = self.clientProtocolFactory()
        client.setServer(self)
        if self.reactor is None:
            from twistio.internet import reactor

            self.reactor = reactor
        self.reactor.connectTCP(self.factory.host, self.factory.port, client)  # type: ignore[union-attr]


class ProxyFactory(protocol.Factory[Any]):
    """Forwards every connection to ``host:port``."""

    protocol = ProxyServer

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port


__all__ = ["Proxy", "ProxyClient", "ProxyClientFactory", "ProxyFactory", "ProxyServer"]
