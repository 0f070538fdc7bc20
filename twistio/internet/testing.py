"""twisted.internet.testing: deterministic doubles for testing protocols and reactor users.

``StringTransport`` records what a protocol writes; ``MemoryReactor`` records the ports and
connections asked of it without touching the network; ``MemoryReactorClock`` adds a
``task.Clock``; ``EventLoggingObserver`` collects log events.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from io import BytesIO
from typing import Any

from zope.interface import implementer

from twistio.internet import error
from twistio.internet._clock import Clock
from twistio.internet.abstract import isIPv6Address
from twistio.internet.address import IPv4Address, IPv6Address, UNIXAddress
from twistio.internet.interfaces import (
    IConnector,
    IConsumer,
    IHostnameResolver,
    IHostResolution,
    IListeningPort,
    IPushProducer,
    IReactorCore,
    IReactorFDSet,
    IReactorPluggableNameResolver,
    IReactorSocket,
    IReactorSSL,
    IReactorTCP,
    IReactorUNIX,
    ITransport,
)
from twistio.internet.protocol import Protocol
from twistio.logger import ILogObserver
from twistio.python import failure

__name__ = "twisted.internet.testing"


class AccumulatingProtocol(Protocol):
    """Keeps everything received in ``data``; records connection and loss.

    If ``factory.protocolConnectionMade`` is a Deferred it fires with the protocol on
    connection; ``closedDeferred`` (if set) fires on loss.
    """

    made = closed = 0
    closedReason: failure.Failure | None = None
    closedDeferred: Any = None
    data = b""
    factory: Any = None

    def connectionMade(self) -> None:
        self.made = 1
        factory = self.factory
        if factory is not None and getattr(factory, "protocolConnectionMade", None) is not None:
            d = factory.protocolConnectionMade
            factory.protocolConnectionMade = None
            d.callback(self)

    def dataReceived(self, data: bytes) -> None:
        self.data += data

    def connectionLost(self, reason: failure.Failure | None = None) -> None:  # type: ignore[override]
        self.closed = 1
        self.closedReason = reason
        if self.closedDeferred is not None:
            d, self.closedDeferred = self.closedDeferred, None
            d.callback(None)


class FakeDatagramTransport:
    """Records ``(packet, addr)`` pairs written to it in ``written``."""

    noAddr = object()

    def __init__(self) -> None:
        self.written: list[tuple[bytes, Any]] = []

    def write(self, packet: bytes, addr: Any = noAddr) -> None:
        self.written.append((packet, addr))


@implementer(ITransport, IConsumer, IPushProducer)
class StringTransport:
    """An in-memory transport: ``value()`` is everything written so far.

    ``loseConnection`` only sets ``disconnecting``; producer state is tracked in
    ``producerState`` ("producing", "paused" or "stopped").
    """

    disconnecting = False
    disconnected = False
    producer: Any = None
    streaming: Any = None
    hostAddr: Any = None
    peerAddr: Any = None
    producerState = "producing"

    def __init__(self, hostAddress: Any = None, peerAddress: Any = None, lenient: bool = False):
        self.clear()
        if hostAddress is not None:
            self.hostAddr = hostAddress
        if peerAddress is not None:
            self.peerAddr = peerAddress
        self.connected = True
        self._lenient = lenient

    def clear(self) -> None:
        """Forget what was written."""
        self.io = BytesIO()

    def value(self) -> bytes:
        """Everything written since the last clear()."""
        return self.io.getvalue()

    def write(self, data: bytes) -> None:
        if not isinstance(data, bytes):
            raise TypeError("Data must be bytes")
        self.io.write(data)

    def writeSequence(self, data: Sequence[bytes]) -> None:
        self.io.write(b"".join(data))

    def loseConnection(self) -> None:
        self.disconnecting = True

    def abortConnection(self) -> None:
        # Twisted's StringTransport marks an aborted transport disconnected at once.
        self.loseConnection()
        self.disconnected = True

    def getPeer(self) -> Any:
        if self.peerAddr is None:
            return IPv4Address("TCP", "192.168.1.1", 54321)
        return self.peerAddr

    def getHost(self) -> Any:
        if self.hostAddr is None:
            return IPv4Address("TCP", "10.0.0.1", 12345)
        return self.hostAddr

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        if self.producer is not None:
            raise RuntimeError("Cannot register two producers")
        self.producer = producer
        self.streaming = streaming

    def unregisterProducer(self) -> None:
        if self.producer is None:
            raise RuntimeError("Cannot unregister a producer unless one is registered")
        self.producer = None
        self.streaming = None

    def _checkState(self) -> None:
        if self.disconnecting and not self._lenient:
            raise RuntimeError("Cannot resume producing after loseConnection")
        if self.producerState == "stopped":
            raise RuntimeError("Cannot resume a stopped producer")

    def pauseProducing(self) -> None:
        self._checkState()
        self.producerState = "paused"

    def stopProducing(self) -> None:
        self.producerState = "stopped"

    def resumeProducing(self) -> None:
        self._checkState()
        self.producerState = "producing"


class StringTransportWithDisconnection(StringTransport):
    """A StringTransport whose loseConnection tells ``self.protocol`` (ConnectionDone)."""

    protocol: Any = None

    def loseConnection(self) -> None:
        if self.connected:
            self.connected = False
            self.protocol.connectionLost(failure.Failure(error.ConnectionDone("Bye.")))


class StringIOWithoutClosing(BytesIO):
    """A BytesIO whose close() does nothing, so its value stays readable."""

    def close(self) -> None:
        pass


@implementer(IListeningPort)
class _FakePort:
    """An IListeningPort that does nothing, for MemoryReactor."""

    def __init__(self, hostAddress: Any) -> None:
        self._hostAddress = hostAddress

    def startListening(self) -> None:
        pass

    def stopListening(self) -> None:
        pass

    def getHost(self) -> Any:
        return self._hostAddress


@implementer(IConnector)
class _FakeConnector:
    """An IConnector that records stopConnecting(), for MemoryReactor."""

    _disconnected = False
    stoppedConnecting = False

    def __init__(self, address: Any) -> None:
        self._address = address

    def stopConnecting(self) -> None:
        self.stoppedConnecting = True

    def disconnect(self) -> None:
        self._disconnected = True

    def connect(self) -> None:
        pass

    def getDestination(self) -> Any:
        return self._address


@implementer(IHostResolution)
class _SynchronousResolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"_SynchronousResolution(name={self.name!r})"

    def cancel(self) -> None:
        pass


@implementer(IHostnameResolver)
class SynchronousResolver:
    """Resolves every name, at once, to 127.0.0.1."""

    def resolveHostName(
        self,
        resolutionReceiver: Any,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Any = None,
        transportSemantics: str = "TCP",
    ) -> Any:
        resolution = _SynchronousResolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)
        resolutionReceiver.addressResolved(IPv4Address("TCP", "127.0.0.1", portNumber))
        resolutionReceiver.resolutionComplete()
        return resolution


def _tcpAddress(host: str, port: int) -> Any:
    if isIPv6Address(host):
        return IPv6Address("TCP", host, port)
    return IPv4Address("TCP", host, port)


@implementer(
    IReactorCore,
    IReactorTCP,
    IReactorSSL,
    IReactorUNIX,
    IReactorSocket,
    IReactorFDSet,
    IReactorPluggableNameResolver,
)
class MemoryReactor:
    """A reactor that records requests (``tcpServers``, ``tcpClients``...) and does no I/O.

    ``run()`` runs the callWhenRunning hooks and stops; later callWhenRunning calls run at
    once.
    """

    def __init__(self) -> None:
        self.hasInstalled = False
        self.running = False
        self.hasRun = False
        self.hasStopped = False
        self.hasCrashed = False
        self.whenRunningHooks: list[tuple[Callable[..., Any], Any, Any]] = []
        self.triggers: dict[str, dict[str, list[Any]]] = {}
        self.tcpClients: list[Any] = []
        self.tcpServers: list[Any] = []
        self.sslClients: list[Any] = []
        self.sslServers: list[Any] = []
        self.unixClients: list[Any] = []
        self.unixServers: list[Any] = []
        self.adoptedPorts: list[Any] = []
        self.adoptedStreamConnections: list[Any] = []
        self.connectors: list[Any] = []
        self.readers: set[Any] = set()
        self.writers: set[Any] = set()
        self.nameResolver: Any = SynchronousResolver()

    def installNameResolver(self, resolver: Any) -> Any:
        previous = self.nameResolver
        self.nameResolver = resolver
        return previous

    def install(self) -> None:
        """Record that installation was asked for."""
        self.hasInstalled = True

    def resolve(self, name: str, timeout: Any = 10) -> Any:
        raise NotImplementedError()

    def run(self) -> None:
        """Run the callWhenRunning hooks, then stop."""
        assert self.running is False
        self.running = True
        self.hasRun = True
        hooks, self.whenRunningHooks = self.whenRunningHooks, []
        for f, args, kwargs in hooks:
            f(*args, **kwargs)
        self.stop()

    def stop(self) -> None:
        self.running = False
        self.hasStopped = True

    def crash(self) -> None:
        self.hasCrashed = True

    def iterate(self, delay: float = 0) -> None:
        raise NotImplementedError()

    def fireSystemEvent(self, eventType: str) -> None:
        raise NotImplementedError()

    def addSystemEventTrigger(
        self, phase: str, eventType: str, callable: Callable[..., object], *args: Any, **kw: Any
    ) -> None:
        self.triggers.setdefault(phase, {}).setdefault(eventType, []).append((callable, args, kw))

    def removeSystemEventTrigger(self, triggerID: Any) -> None:
        pass

    def callWhenRunning(self, callable: Callable[..., object], *args: Any, **kw: Any) -> None:
        if self.running or self.hasRun:
            callable(*args, **kw)
        else:
            self.whenRunningHooks.append((callable, args, kw))

    def adoptStreamPort(self, fileno: int, addressFamily: Any, factory: Any) -> Any:
        addr = IPv4Address("TCP", "0.0.0.0", 1234)
        self.adoptedPorts.append((fileno, addressFamily, factory))
        return _FakePort(addr)

    def adoptStreamConnection(self, fileDescriptor: int, addressFamily: Any, factory: Any) -> None:
        self.adoptedStreamConnections.append((fileDescriptor, addressFamily, factory))

    def adoptDatagramPort(
        self, fileno: int, addressFamily: Any, protocol: Any, maxPacketSize: int = 8192
    ) -> Any:
        addr = IPv4Address("UDP", "0.0.0.0", 1234)
        self.adoptedPorts.append((fileno, addressFamily, protocol, maxPacketSize))
        return _FakePort(addr)

    def listenTCP(self, port: int, factory: Any, backlog: int = 50, interface: str = "") -> Any:
        self.tcpServers.append((port, factory, backlog, interface))
        if isIPv6Address(interface):
            return _FakePort(IPv6Address("TCP", interface, port))
        return _FakePort(IPv4Address("TCP", "0.0.0.0", port))

    def connectTCP(
        self, host: str, port: int, factory: Any, timeout: float = 30, bindAddress: Any = None
    ) -> Any:
        self.tcpClients.append((host, port, factory, timeout, bindAddress))
        conn = _FakeConnector(_tcpAddress(host, port))
        factory.startedConnecting(conn)
        self.connectors.append(conn)
        return conn

    def listenSSL(
        self, port: int, factory: Any, contextFactory: Any, backlog: int = 50, interface: str = ""
    ) -> Any:
        self.sslServers.append((port, factory, contextFactory, backlog, interface))
        return _FakePort(IPv4Address("TCP", "0.0.0.0", port))

    def connectSSL(
        self,
        host: str,
        port: int,
        factory: Any,
        contextFactory: Any,
        timeout: float = 30,
        bindAddress: Any = None,
    ) -> Any:
        self.sslClients.append((host, port, factory, contextFactory, timeout, bindAddress))
        conn = _FakeConnector(_tcpAddress(host, port))
        factory.startedConnecting(conn)
        self.connectors.append(conn)
        return conn

    def listenUNIX(
        self, address: Any, factory: Any, backlog: int = 50, mode: int = 0o666, wantPID: int = 0
    ) -> Any:
        self.unixServers.append((address, factory, backlog, mode, wantPID))
        return _FakePort(UNIXAddress(address))

    def connectUNIX(
        self, address: Any, factory: Any, timeout: float = 30, checkPID: int = 0
    ) -> Any:
        self.unixClients.append((address, factory, timeout, checkPID))
        conn = _FakeConnector(UNIXAddress(address))
        factory.startedConnecting(conn)
        self.connectors.append(conn)
        return conn

    def addReader(self, reader: Any) -> None:
        self.readers.add(reader)

    def removeReader(self, reader: Any) -> None:
        self.readers.discard(reader)

    def addWriter(self, writer: Any) -> None:
        self.writers.add(writer)

    def removeWriter(self, writer: Any) -> None:
        self.writers.discard(writer)

    def getReaders(self) -> list[Any]:
        return list(self.readers)

    def getWriters(self) -> list[Any]:
        return list(self.writers)

    def removeAll(self) -> list[Any]:
        everything = list(self.readers | self.writers)
        self.readers = set()
        self.writers = set()
        return everything


class MemoryReactorClock(MemoryReactor, Clock):
    """A MemoryReactor that is also a task.Clock (callLater, advance...)."""

    def __init__(self) -> None:
        MemoryReactor.__init__(self)
        Clock.__init__(self)


@implementer(IReactorTCP, IReactorSSL, IReactorUNIX, IReactorSocket, IReactorPluggableNameResolver)
class RaisingMemoryReactor:
    """A reactor whose listen*/adopt* raise ``listenException`` and connect* raise
    ``connectException``."""

    def __init__(
        self, listenException: Exception | None = None, connectException: Exception | None = None
    ) -> None:
        self._listenException = listenException
        self._connectException = connectException
        self.nameResolver: Any = SynchronousResolver()

    def _raise(self, exc: Exception | None) -> Any:
        raise exc  # type: ignore[misc]

    def installNameResolver(self, nameResolver: Any) -> Any:
        previous = self.nameResolver
        self.nameResolver = nameResolver
        return previous

    def adoptStreamPort(self, fileno: int, addressFamily: Any, factory: Any) -> Any:
        return self._raise(self._listenException)

    def listenTCP(self, port: int, factory: Any, backlog: int = 50, interface: str = "") -> Any:
        return self._raise(self._listenException)

    def connectTCP(
        self, host: str, port: int, factory: Any, timeout: float = 30, bindAddress: Any = None
    ) -> Any:
        return self._raise(self._connectException)

    def listenSSL(
        self, port: int, factory: Any, contextFactory: Any, backlog: int = 50, interface: str = ""
    ) -> Any:
        return self._raise(self._listenException)

    def connectSSL(
        self,
        host: str,
        port: int,
        factory: Any,
        contextFactory: Any,
        timeout: float = 30,
        bindAddress: Any = None,
    ) -> Any:
        return self._raise(self._connectException)

    def listenUNIX(
        self, address: Any, factory: Any, backlog: int = 50, mode: int = 0o666, wantPID: int = 0
    ) -> Any:
        return self._raise(self._listenException)

    def connectUNIX(
        self, address: Any, factory: Any, timeout: float = 30, checkPID: int = 0
    ) -> Any:
        return self._raise(self._connectException)

    def adoptDatagramPort(
        self, fileDescriptor: int, addressFamily: Any, protocol: Any, maxPacketSize: int
    ) -> Any:
        return self._raise(self._listenException)

    def adoptStreamConnection(self, fileDescriptor: int, addressFamily: Any, factory: Any) -> Any:
        return self._raise(self._connectException)


class NonStreamingProducer:
    """A pull producer writing b"0" .. b"9" on ten resumeProducing() calls, then
    unregistering itself."""

    counter = 0
    stopped = False

    def __init__(self, consumer: Any) -> None:
        self.consumer = consumer
        from twistio.internet.defer import Deferred

        # Fired when the ten writes are done or production stops (as Twisted's).
        self.result: Any = Deferred()

    def resumeProducing(self) -> None:
        if self.consumer is None or self.counter >= 10:
            raise RuntimeError("BUG: resume after unregister/stop.")
        self.consumer.write(b"%d" % (self.counter,))
        self.counter += 1
        if self.counter == 10:
            self.consumer.unregisterProducer()
            self._done()

    def pauseProducing(self) -> None:
        raise RuntimeError("BUG: pause should never be called.")

    def _done(self) -> None:
        self.consumer = None
        d, self.result = self.result, None
        if d is not None:
            d.callback(None)

    def stopProducing(self) -> None:
        self.stopped = True
        self._done()


def waitUntilAllDisconnected(reactor: Any, protocols: Sequence[Any]) -> Any:
    """A Deferred firing once no protocol in ``protocols`` has a connected transport."""
    from twistio.internet._looping import LoopingCall

    def check() -> None:
        if not any(p.transport.connected for p in protocols):
            loop.stop()

    loop = LoopingCall(check)
    loop.clock = reactor
    return loop.start(0.01, now=True)


@implementer(ILogObserver)
class EventLoggingObserver(Sequence[Any]):
    """A log observer collecting events; a sequence of them."""

    def __init__(self) -> None:
        self._events: list[Any] = []

    def __len__(self) -> int:
        return len(self._events)

    def __getitem__(self, index: Any) -> Any:
        return self._events[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._events)

    def __call__(self, event: Any) -> None:
        self._events.append(event)

    @classmethod
    def createWithCleanup(cls, testInstance: Any, publisher: Any) -> EventLoggingObserver:
        """An observer added to ``publisher`` and removed at ``testInstance``'s cleanup."""
        observer = cls()
        publisher.addObserver(observer)
        testInstance.addCleanup(publisher.removeObserver, observer)
        return observer


def __getattr__(name: str) -> Any:
    # LineSendingProtocol subclasses LineReceiver (twisted.protocols.basic), which imports
    # this package's neighbours; building it on first use keeps the import graph acyclic.
    if name == "LineSendingProtocol":
        from twistio.internet._linesending import LineSendingProtocol

        return LineSendingProtocol
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AccumulatingProtocol",
    "LineSendingProtocol",  # noqa: F822 - provided by __getattr__
    "FakeDatagramTransport",
    "StringTransport",
    "StringTransportWithDisconnection",
    "StringIOWithoutClosing",
    "_FakeConnector",
    "_FakePort",
    "MemoryReactor",
    "MemoryReactorClock",
    "RaisingMemoryReactor",
    "NonStreamingProducer",
    "waitUntilAllDisconnected",
    "EventLoggingObserver",
]
