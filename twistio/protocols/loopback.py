"""twisted.protocols.loopback: connect two protocols to each other, in memory or over TCP/UNIX.

:func:`loopbackAsync` joins a server and a client protocol through two in-memory queues.  Bytes
written by one side are delivered to the other from the reactor (never from inside the
writer's ``write`` call), through a *pump policy* that decides how queued writes become
``dataReceived`` calls.  When either side closes, both get ``connectionLost`` and the returned
Deferred fires.  :func:`loopbackTCP` / :func:`loopbackUNIX` do the same over real sockets.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import Any

from zope.interface import implementer

from twistio.internet import defer, error, interfaces, protocol
from twistio.protocols import policies
from twistio.python import failure

__name__ = "twisted.protocols.loopback"


def _connectionDone() -> failure.Failure:
    return failure.Failure(error.ConnectionDone("Connection done"))


class _LoopbackQueue:
    """Writes of one side waiting to be delivered; ``None`` marks the writer's close."""

    _notificationDeferred: defer.Deferred[None] | None = None
    disconnect = False

    def __init__(self) -> None:
        self._queue: list[bytes | None] = []

    def put(self, v: bytes | None) -> None:
        self._queue.append(v)
        if self._notificationDeferred is not None:
            d, self._notificationDeferred = self._notificationDeferred, None
            d.callback(None)

    def __bool__(self) -> bool:
        return bool(self._queue)

    def get(self) -> bytes | None:
        return self._queue.pop(0)


@implementer(interfaces.IAddress)
class _LoopbackAddress:
    """The address of either end of an in-memory loopback connection."""


@implementer(interfaces.ITransport, interfaces.IConsumer)
class _LoopbackTransport:
    """One side's transport: writes go into the queue read by the other side."""

    disconnecting = False
    producer: Any = None
    streamingProducer = False

    def __init__(self, q: _LoopbackQueue) -> None:
        self.q = q

    def write(self, data: bytes) -> None:
        if not isinstance(data, bytes):
            raise TypeError("Can only write bytes to ITransport")
        self.q.put(data)

    def writeSequence(self, iovec: Any) -> None:
        self.q.put(b"".join(iovec))

    def loseConnection(self) -> None:
        self.q.disconnect = True
        self.q.put(None)

    def abortConnection(self) -> None:
        self.loseConnection()

    def getPeer(self) -> _LoopbackAddress:
        return _LoopbackAddress()

    def getHost(self) -> _LoopbackAddress:
        return _LoopbackAddress()

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        assert self.producer is None
        self.producer = producer
        self.streamingProducer = streaming
        self._pollProducer()

    def unregisterProducer(self) -> None:
        assert self.producer is not None
        self.producer = None

    def _pollProducer(self) -> None:
        # A pull producer is asked for more whenever the pump has room; a push producer
        # writes on its own.
        if self.producer is not None and not self.streamingProducer:
            self.producer.resumeProducing()


PumpPolicy = Callable[[_LoopbackQueue, Any], None]


def identityPumpPolicy(queue: _LoopbackQueue, target: Any) -> None:
    """Deliver each queued write with its own ``dataReceived`` call."""
    while queue:
        data = queue.get()
        if data is None:
            break
        target.dataReceived(data)


def collapsingPumpPolicy(queue: _LoopbackQueue, target: Any) -> None:
    """Deliver all queued writes joined together in one ``dataReceived`` call."""
    chunks: list[bytes] = []
    while queue:
        data = queue.get()
        if data is None:
            break
        chunks.append(data)
    if chunks:
        target.dataReceived(b"".join(chunks))


def loopbackAsync(
    server: Any, client: Any, pumpPolicy: PumpPolicy = identityPumpPolicy
) -> defer.Deferred[None]:
    """Connect ``server`` and ``client`` in memory.

    Returns a Deferred that fires once either side has closed and both have been told.
    """
    serverToClient = _LoopbackQueue()
    clientToServer = _LoopbackQueue()
    serverTransport = _LoopbackTransport(serverToClient)
    clientTransport = _LoopbackTransport(clientToServer)
    server.makeConnection(serverTransport)
    client.makeConnection(clientTransport)
    finished: defer.Deferred[None] = defer.Deferred()
    pump = _Pump(
        server, serverTransport, serverToClient, client, clientTransport, clientToServer,
        pumpPolicy, finished,
    )  # fmt: skip
    pump.run()
    return finished


class _Pump:
    """Moves queued writes across until a side closes; sleeps while both queues are empty."""

    def __init__(
        self,
        server: Any,
        serverTransport: _LoopbackTransport,
        serverToClient: _LoopbackQueue,
        client: Any,
        clientTransport: _LoopbackTransport,
        clientToServer: _LoopbackQueue,
        pumpPolicy: PumpPolicy,
        finished: defer.Deferred[None],
    ) -> None:
        self.server = server
        self.serverTransport = serverTransport
        self.serverToClient = serverToClient
        self.client = client
        self.clientTransport = clientTransport
        self.clientToServer = clientToServer
        self.pumpPolicy = pumpPolicy
        self.finished = finished

    def run(self) -> None:
        serverToClient, clientToServer = self.serverToClient, self.clientToServer
        while True:
            # Decided before pumping, so what was written before the close is delivered.
            disconnect = serverToClient.disconnect or clientToServer.disconnect
            if serverToClient:
                self.pumpPolicy(serverToClient, self.client)
            if clientToServer:
                self.pumpPolicy(clientToServer, self.server)
            if disconnect:
                self.server.connectionLost(_connectionDone())
                self.client.connectionLost(_connectionDone())
                self.finished.callback(None)
                return
            self.serverTransport._pollProducer()
            self.clientTransport._pollProducer()
            if not serverToClient and not clientToServer:
                break
        # Wake up on the next write, from the reactor rather than from inside write().
        wake: defer.Deferred[None] = defer.Deferred()
        serverToClient._notificationDeferred = wake
        clientToServer._notificationDeferred = wake
        wake.addCallback(self._continue)

    def _continue(self, ignored: object) -> None:
        self.serverToClient._notificationDeferred = None
        self.clientToServer._notificationDeferred = None
        from twistio.internet import reactor

        reactor.callLater(0, self.run)  # type: ignore[attr-defined]


@implementer(interfaces.ITransport, interfaces.IConsumer)
class LoopbackRelay:
    """A transport that buffers writes until :meth:`clearBuffer` hands them to ``target``."""

    buffer = b""
    shouldLose = 0
    disconnecting = 0
    producer: Any = None

    def __init__(self, target: Any, logFile: Any = None) -> None:
        self.target = target
        self.logFile = logFile

    def write(self, data: bytes) -> None:
        self.buffer = self.buffer + data
        if self.logFile:
            self.logFile.write(f"loopback writing {data!r}\n")

    def writeSequence(self, iovec: Any) -> None:
        self.write(b"".join(iovec))

    def clearBuffer(self) -> None:
        """Deliver what was written; then, if the connection was closed, tell the target."""
        if self.shouldLose == -1:
            return
        if self.producer:
            self.producer.resumeProducing()
        if self.buffer:
            if self.logFile:
                self.logFile.write(f"loopback receiving {self.buffer!r}\n")
            data, self.buffer = self.buffer, b""
            self.target.dataReceived(data)
        if self.shouldLose == 1:
            self.shouldLose = -1
            self.target.connectionLost(_connectionDone())

    def loseConnection(self) -> None:
        if self.shouldLose != -1:
            self.shouldLose = 1

    def getHost(self) -> str:
        return "loopback"

    def getPeer(self) -> str:
        return "loopback"

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        self.producer = producer

    def unregisterProducer(self) -> None:
        self.producer = None

    def logPrefix(self) -> str:
        return f"Loopback({self.target.__class__.__name__!r})"


class LoopbackClientFactory(protocol.ClientFactory[Any]):
    """Connects the given protocol instance; ``deferred`` fires when it disconnects."""

    def __init__(self, protocol: Any) -> None:
        self.disconnected = 0
        self.deferred: defer.Deferred[None] = defer.Deferred()
        self.protocol = protocol

    def buildProtocol(self, addr: Any) -> Any:
        return self.protocol

    def clientConnectionLost(self, connector: Any, reason: Any) -> None:
        self.disconnected = 1
        self.deferred.callback(None)


class _FireOnClose(policies.ProtocolWrapper):
    """Wraps the server protocol; ``deferred`` fires when its connection is lost."""

    def __init__(self, protocol: Any, factory: Any) -> None:
        policies.ProtocolWrapper.__init__(self, protocol, factory)
        self.deferred: defer.Deferred[None] = defer.Deferred()

    def connectionLost(self, reason: Any = protocol.connectionDone) -> None:
        policies.ProtocolWrapper.connectionLost(self, reason)
        self.deferred.callback(None)


def _loopbackReal(
    server: Any, client: Any, noisy: bool, listen: Callable[[Any], Any], connect: Any
) -> defer.Deferred[Any]:
    f = policies.WrappingFactory(protocol.Factory())
    serverWrapper = _FireOnClose(f, server)
    f.noisy = noisy
    f.buildProtocol = lambda addr: serverWrapper  # type: ignore[method-assign]
    serverPort = listen(f)
    clientF = LoopbackClientFactory(client)
    clientF.noisy = noisy
    connect(serverPort, clientF)
    d: defer.Deferred[Any] = clientF.deferred
    d.addCallback(lambda ignored: serverWrapper.deferred)
    d.addCallback(lambda ignored: serverPort.stopListening())
    return d


def loopbackTCP(server: Any, client: Any, port: int = 0, noisy: bool = True) -> defer.Deferred[Any]:
    """Connect ``server`` and ``client`` over TCP on 127.0.0.1; the Deferred fires when both
    sides are closed and the port has stopped listening."""
    from twistio.internet import reactor

    return _loopbackReal(
        server,
        client,
        noisy,
        lambda f: reactor.listenTCP(port, f, interface="127.0.0.1"),  # type: ignore[attr-defined]
        lambda p, cf: reactor.connectTCP("127.0.0.1", p.getHost().port, cf),  # type: ignore[attr-defined]
    )


def loopbackUNIX(server: Any, client: Any, noisy: bool = True) -> defer.Deferred[Any]:
    """Like :func:`loopbackTCP`, over a UNIX socket in a temporary path."""
    from twistio.internet import reactor

    path = tempfile.mktemp()
    return _loopbackReal(
        server,
        client,
        noisy,
        lambda f: reactor.listenUNIX(path, f),  # type: ignore[attr-defined]
        lambda p, cf: reactor.connectUNIX(path, cf),  # type: ignore[attr-defined]
    )


__all__ = [
    "LoopbackClientFactory",
    "LoopbackRelay",
    "collapsingPumpPolicy",
    "identityPumpPolicy",
    "loopbackAsync",
    "loopbackTCP",
    "loopbackUNIX",
]
