"""twisted.test.iosim: connect two protocols in memory and move bytes between them on demand.

``connectedServerAndClient`` builds a client and a server protocol joined by two
:class:`FakeTransport` objects; the returned :class:`IOPump` moves written bytes across
(``pump`` once, ``flush`` until quiet) and delivers disconnections, advancing a
``task.Clock`` as it goes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, TypeVar

from zope.interface import implementer

from twistio.internet import error
from twistio.internet._clock import Clock
from twistio.internet.interfaces import IAddress, IConsumer, IPushProducer, ITransport
from twistio.python.failure import Failure

__name__ = "twisted.test.iosim"

_TServer = TypeVar("_TServer")
_TClient = TypeVar("_TClient")


@implementer(IAddress)
class FakeAddress:
    """The default host and peer address of a FakeTransport."""


class TLSNegotiation:
    """A marker passed through the pump when one side starts TLS."""

    def __init__(self, obj: Any, connectState: bool) -> None:
        self.obj = obj
        self.connectState = connectState
        self.sent = False
        self.readyToSend = connectState

    def __repr__(self) -> str:
        return f"TLSNegotiation({self.obj!r})"

    def pretendToVerify(self, other: Any, tpt: Any) -> None:
        # TLS over iosim is not simulated by twistio; the negotiation always fails.
        tpt.disconnectReason = error.SSLError("TLS is not simulated by twistio's iosim")
        tpt.loseConnection()


@implementer(ITransport, IConsumer, IPushProducer)
class FakeTransport:
    """One end of an in-memory connection; written bytes wait in ``stream`` for the pump."""

    _nextserial = staticmethod(itertools.count().__next__)
    closed = 0
    disconnecting = 0
    disconnected = 0
    disconnectReason: BaseException = error.ConnectionDone("Connection done")
    producer: Any = None
    streamingProducer = 0
    tls: Any = None

    def __init__(
        self, protocol: Any, isServer: bool, hostAddress: Any = None, peerAddress: Any = None
    ) -> None:
        self.protocol = protocol
        self.isServer = isServer
        self.stream: list[bytes] = []
        self.serial = self._nextserial()
        self.hostAddress = FakeAddress() if hostAddress is None else hostAddress
        self.peerAddress = FakeAddress() if peerAddress is None else peerAddress

    def __repr__(self) -> str:
        side = "S" if self.isServer else "C"
        return f"FakeTransport<{side},{self.serial},{self.protocol.__class__.__name__}>"

    def write(self, data: bytes) -> None:
        if self.disconnecting:
            # Like a real transport after close: accepted and dropped.
            return
        self.stream.append(data)

    def _checkProducer(self) -> None:
        # A pull producer gets asked for more on every pump.
        if self.producer is not None and not self.streamingProducer:
            self.producer.resumeProducing()

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        self.producer = producer
        self.streamingProducer = streaming
        if not streaming:
            producer.resumeProducing()

    def unregisterProducer(self) -> None:
        self.producer = None

    def stopConsuming(self) -> None:
        self.unregisterProducer()
        self.loseConnection()

    def writeSequence(self, iovec: Any) -> None:
        self.write(b"".join(iovec))

    def loseConnection(self) -> None:
        self.disconnecting = True

    def abortConnection(self) -> None:
        self.disconnectReason = error.ConnectionAborted()
        self.loseConnection()

    def reportDisconnect(self) -> None:
        """Tell the protocol the connection is gone (with ``disconnectReason``)."""
        self.protocol.connectionLost(Failure(self.disconnectReason))

    def logPrefix(self) -> str:
        return "iosim"

    def getPeer(self) -> Any:
        return self.peerAddress

    def getHost(self) -> Any:
        return self.hostAddress

    def resumeProducing(self) -> None:
        pass

    def pauseProducing(self) -> None:
        pass

    def stopProducing(self) -> None:
        self.loseConnection()

    def startTLS(self, contextFactory: Any, beNormal: bool = True) -> None:
        self.tls = TLSNegotiation(contextFactory, beNormal)

    def getOutBuffer(self) -> Any:
        """Take everything written since the last call (``None`` if nothing)."""
        if self.stream:
            data = b"".join(self.stream)
            self.stream = []
            return data
        if self.tls is not None and not self.tls.sent:
            self.tls.sent = True
            return self.tls
        return None

    def bufferReceived(self, buf: Any) -> None:
        """Deliver bytes (or a TLS marker) that the peer wrote."""
        if isinstance(buf, TLSNegotiation):
            buf.pretendToVerify(self.tls, self)
            return
        self.protocol.dataReceived(buf)

    def getTcpKeepAlive(self) -> bool:
        return False

    def getTcpNoDelay(self) -> bool:
        return False

    def loseWriteConnection(self) -> None:
        pass

    def setTcpKeepAlive(self, enabled: bool) -> None:
        pass

    def setTcpNoDelay(self, enabled: bool) -> None:
        pass


def makeFakeClient(clientProtocol: Any) -> FakeTransport:
    """A client-side FakeTransport for ``clientProtocol``."""
    return FakeTransport(clientProtocol, isServer=False)


def makeFakeServer(serverProtocol: Any) -> FakeTransport:
    """A server-side FakeTransport for ``serverProtocol``."""
    return FakeTransport(serverProtocol, isServer=True)


class IOPump:
    """Moves bytes between two FakeTransports."""

    def __init__(
        self,
        client: Any,
        server: Any,
        clientIO: FakeTransport,
        serverIO: FakeTransport,
        debug: bool,
        clock: Clock | None = None,
    ) -> None:
        self.client = client
        self.server = server
        self.clientIO = clientIO
        self.serverIO = serverIO
        self.debug = debug
        if clock is None:
            clock = Clock()
        self.clock = clock

    def flush(self, debug: bool = False, advanceClock: bool = True) -> bool:
        """Pump until nothing moves; whether anything did."""
        moved = False
        for _ in range(1000):
            if self.pump(debug, advanceClock):
                moved = True
            else:
                return moved
        raise AssertionError("Too long")

    def pump(self, debug: bool = False, advanceClock: bool = True) -> bool:
        """Move what each side wrote to the other once; whether anything moved."""
        if advanceClock:
            self.clock.advance(0)
        if self.debug or debug:
            print("-- GLUG --")
        serverData = self.serverIO.getOutBuffer()
        clientData = self.clientIO.getOutBuffer()
        self.clientIO._checkProducer()
        self.serverIO._checkProducer()
        if self.debug or debug:
            print(".")
            if clientData:
                print(f"C: {clientData!r}")
            if serverData:
                print(f"S: {serverData!r}")
        if clientData:
            self.serverIO.bufferReceived(clientData)
        if serverData:
            self.clientIO.bufferReceived(serverData)
        if clientData or serverData:
            return True
        if self.serverIO.disconnecting and not self.serverIO.disconnected:
            if self.debug or debug:
                print("* C")
            self.serverIO.disconnected = True
            self.clientIO.disconnecting = True
            self.clientIO.reportDisconnect()
            return True
        if self.clientIO.disconnecting and not self.clientIO.disconnected:
            if self.debug or debug:
                print("* S")
            self.clientIO.disconnected = True
            self.serverIO.disconnecting = True
            self.serverIO.reportDisconnect()
            return True
        return False


def connect(
    serverProtocol: Any,
    serverTransport: FakeTransport,
    clientProtocol: Any,
    clientTransport: FakeTransport,
    debug: bool = False,
    greet: bool = True,
    clock: Clock | None = None,
) -> IOPump:
    """Connect the two protocols (server first) and return their pump (flushed if ``greet``)."""
    serverProtocol.makeConnection(serverTransport)
    clientProtocol.makeConnection(clientTransport)
    pump = IOPump(clientProtocol, serverProtocol, clientTransport, serverTransport, debug, clock)
    if greet:
        pump.flush()
    return pump


def connectedServerAndClient(
    ServerClass: Callable[[], _TServer],
    ClientClass: Callable[[], _TClient],
    clientTransportFactory: Callable[[Any], Any] = makeFakeClient,
    serverTransportFactory: Callable[[Any], Any] = makeFakeServer,
    debug: bool = False,
    greet: bool = True,
    clock: Clock | None = None,
) -> tuple[_TClient, _TServer, IOPump]:
    """Build a client and a server protocol, connect them, and return ``(client, server,
    pump)``."""
    client = ClientClass()
    server = ServerClass()
    clientIO = clientTransportFactory(client)
    serverIO = serverTransportFactory(server)
    return client, server, connect(server, serverIO, client, clientIO, debug, greet, clock)


def _factoriesShouldConnect(clientInfo: Any, serverInfo: Any) -> Any:
    clientPort = clientInfo[1]
    clientFactory = clientInfo[2]
    serverPort = serverInfo[0]
    serverFactory = serverInfo[1]
    if serverPort == clientPort:
        return clientFactory, serverFactory
    return None


class ConnectionCompleter:
    """Completes connections a MemoryReactor was asked for, with its listening factories."""

    def __init__(self, memoryReactor: Any) -> None:
        self._reactor = memoryReactor

    def succeedOnce(self, debug: bool = False, greet: bool = True) -> IOPump | None:
        """Connect the first pending client to a matching server; its pump, or None."""
        reactor = self._reactor
        for clientIdx, clientInfo in enumerate(reactor.tcpClients):
            for serverInfo in reactor.tcpServers:
                factories = _factoriesShouldConnect(clientInfo, serverInfo)
                if factories:
                    reactor.tcpClients.remove(clientInfo)
                    reactor.connectors.pop(clientIdx)
                    clientFactory, serverFactory = factories
                    clientProtocol = clientFactory.buildProtocol(None)
                    serverProtocol = serverFactory.buildProtocol(None)
                    serverTransport = makeFakeServer(serverProtocol)
                    clientTransport = makeFakeClient(clientProtocol)
                    return connect(
                        serverProtocol,
                        serverTransport,
                        clientProtocol,
                        clientTransport,
                        debug,
                        greet,
                    )
        return None

    def failOnce(self, reason: Failure | None = None) -> None:
        """Fail the first pending client connection (ConnectionRefusedError by default)."""
        if reason is None:
            reason = Failure(error.ConnectionRefusedError())
        self._reactor.tcpClients.pop(0)[2].clientConnectionFailed(
            self._reactor.connectors.pop(0), reason
        )


def connectableEndpoint(debug: bool = False) -> tuple[Any, ConnectionCompleter]:
    """A client endpoint on a MemoryReactorClock and a ConnectionCompleter for it."""
    from twistio.internet.endpoints import TCP4ClientEndpoint, TCP4ServerEndpoint
    from twistio.internet.protocol import Factory, Protocol
    from twistio.internet.testing import MemoryReactorClock

    reactor = MemoryReactorClock()
    clientEndpoint = TCP4ClientEndpoint(reactor, "0.0.0.0", 4321)
    serverEndpoint = TCP4ServerEndpoint(reactor, 4321)
    serverEndpoint.listen(Factory.forProtocol(Protocol))
    return clientEndpoint, ConnectionCompleter(reactor)
