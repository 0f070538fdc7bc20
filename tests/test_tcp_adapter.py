"""TCP through the asyncio adapter: real loopback sockets, one fresh reactor per test."""

from __future__ import annotations

from typing import Any

import pytest
from reactor_run import run
from zope.interface import implementer
from zope.interface.verify import verifyObject

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import error, interfaces, protocol
from twistio.internet.address import IPv4Address, IPv6Address
from twistio.python.failure import Failure


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


class Echo(protocol.Protocol):
    def dataReceived(self, data: bytes) -> None:
        self.transport.write(data)


class Recorder(protocol.Protocol):
    """Client: sends ``toSend`` on connection, records what arrives and why it ended."""

    toSend: list[bytes] = []
    closeAfter: int | None = None

    def __init__(self) -> None:
        self.received = b""
        self.reason: Failure | None = None

    def connectionMade(self) -> None:
        for chunk in self.toSend:
            self.transport.write(chunk)

    def dataReceived(self, data: bytes) -> None:
        self.received += data
        if self.closeAfter is not None and len(self.received) >= self.closeAfter:
            self.transport.loseConnection()

    def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
        self.reason = reason


class RecordingClientFactory(protocol.ClientFactory):
    def __init__(self, reactor: AsyncioReactor, proto: Recorder) -> None:
        self.reactor = reactor
        self.proto = proto
        self.failed: Failure | None = None
        self.lost: Failure | None = None

    def buildProtocol(self, addr: Any) -> Recorder:
        self.proto.factory = self
        self.addr = addr
        return self.proto

    def clientConnectionFailed(self, connector: Any, reason: Failure) -> None:
        self.failed = reason
        self.reactor.callWhenRunning(self.reactor.stop)

    def clientConnectionLost(self, connector: Any, reason: Failure) -> None:
        self.lost = reason
        self.reactor.callWhenRunning(self.reactor.stop)


def test_echo_roundtrip_and_clean_close(reactor: AsyncioReactor) -> None:
    """Bytes echo back; a client loseConnection gives ConnectionDone on both sides."""
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    verifyObject(interfaces.IListeningPort, port)
    client = Recorder()
    client.toSend = [b"hello ", b"world"]
    client.closeAfter = 11
    factory = RecordingClientFactory(reactor, client)
    connector = reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    verifyObject(interfaces.IConnector, connector)
    run(reactor)
    assert client.received == b"hello world"
    assert client.reason is not None and client.reason.check(error.ConnectionDone)
    assert factory.lost is not None and factory.lost.check(error.ConnectionDone)
    assert factory.addr == IPv4Address("TCP", "127.0.0.1", port.getHost().port)
    assert factory.addr.port != 0
    assert connector.state == "disconnected"


def test_transport_interfaces_and_addresses(reactor: AsyncioReactor) -> None:
    """The transport is an ITCPTransport with Twisted addresses; write wants bytes."""
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    checks: dict[str, Any] = {}

    class Checker(Recorder):
        def connectionMade(self) -> None:
            t = self.transport
            checks["verified"] = verifyObject(interfaces.ITCPTransport, t)
            checks["peer"] = t.getPeer()
            checks["host"] = t.getHost()
            for bad in ("text", bytearray(b"x")):
                try:
                    t.write(bad)
                except TypeError as e:
                    checks.setdefault("typeerrors", []).append(str(e))
            t.setTcpNoDelay(True)
            checks["nodelay"] = t.getTcpNoDelay()
            t.setTcpKeepAlive(True)
            checks["keepalive"] = t.getTcpKeepAlive()
            t.loseConnection()

    factory = RecordingClientFactory(reactor, Checker())
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    run(reactor)
    assert checks["verified"]
    assert checks["peer"] == IPv4Address("TCP", "127.0.0.1", port.getHost().port)
    assert isinstance(checks["host"], IPv4Address)
    assert checks["typeerrors"] == ["Data must be bytes"] * 2
    assert checks["nodelay"] is True and checks["keepalive"] is True


def test_loseConnection_flushes_everything(reactor: AsyncioReactor) -> None:
    """Data written before loseConnection all arrives, even a lot of it."""
    payload = b"x" * (4 * 1024 * 1024)

    class Sender(protocol.Protocol):
        def connectionMade(self) -> None:
            self.transport.write(payload)
            self.transport.loseConnection()

    reactor.listenTCP(0, protocol.Factory.forProtocol(Sender), interface="127.0.0.1")
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Sender), interface="127.0.0.1")
    client = Recorder()
    factory = RecordingClientFactory(reactor, client)
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    run(reactor, timeout=20)
    assert len(client.received) == len(payload)
    assert factory.lost is not None and factory.lost.check(error.ConnectionDone)


def test_connection_refused(reactor: AsyncioReactor) -> None:
    """Connecting to a closed port fails with ConnectionRefusedError, as Twisted words it."""
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    number = port.getHost().port
    port.stopListening()
    factory = RecordingClientFactory(reactor, Recorder())
    reactor.connectTCP("127.0.0.1", number, factory)
    run(reactor)
    assert factory.failed is not None
    assert factory.failed.check(error.ConnectionRefusedError)
    assert str(factory.failed.value).startswith("Connection was refused by other side: 111")


def test_stopConnecting_gives_UserError(reactor: AsyncioReactor) -> None:
    """stopConnecting before the connection is made fails it with UserError."""
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    factory = RecordingClientFactory(reactor, Recorder())
    connector = reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    connector.stopConnecting()
    with pytest.raises(error.NotConnectingError):
        connector.stopConnecting()
    run(reactor)
    assert factory.failed is not None and factory.failed.check(error.UserError)


def test_listen_errors_and_stopListening(reactor: AsyncioReactor) -> None:
    """A busy port raises CannotListenError; stopListening's Deferred fires."""
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    number = port.getHost().port
    with pytest.raises(error.CannotListenError) as info:
        reactor.listenTCP(number, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    assert info.value.port == number
    fired: list[object] = []
    port.stopListening().addCallback(fired.append)
    reactor.callLater(0.05, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert fired == [None]
    assert "not listening" in repr(port)


def test_abortConnection_reason(reactor: AsyncioReactor) -> None:
    """abortConnection drops unsent data and reports ConnectionAborted locally."""

    class Aborter(Recorder):
        def connectionMade(self) -> None:
            self.transport.write(b"x" * 100000)
            self.transport.abortConnection()

    reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    client = Aborter()
    factory = RecordingClientFactory(reactor, client)
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    run(reactor)
    assert client.reason is not None and client.reason.check(error.ConnectionAborted)


def test_exception_in_dataReceived_drops_connection(reactor: AsyncioReactor) -> None:
    """An exception from dataReceived is logged and becomes the connectionLost reason."""

    class Broken(Recorder):
        def dataReceived(self, data: bytes) -> None:
            raise ValueError("boom")

    class Greeter(protocol.Protocol):
        def connectionMade(self) -> None:
            self.transport.write(b"hi")

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Greeter), interface="127.0.0.1")
    client = Broken()
    factory = RecordingClientFactory(reactor, client)
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    run(reactor)
    assert client.reason is not None and client.reason.check(ValueError)
    from twistio.python import log

    assert log is not None


def test_half_close(reactor: AsyncioReactor) -> None:
    """A half-closeable protocol gets readConnectionLost and may still write."""

    @implementer(interfaces.IHalfCloseableProtocol)
    class HalfServer(protocol.Protocol):
        got = b""

        def dataReceived(self, data: bytes) -> None:
            self.got += data

        def readConnectionLost(self) -> None:
            self.transport.write(b"reply:" + self.got)
            self.transport.loseConnection()

        def writeConnectionLost(self) -> None:
            pass

    @implementer(interfaces.IHalfCloseableProtocol)
    class HalfClient(Recorder):
        def connectionMade(self) -> None:
            self.transport.write(b"question")
            self.transport.loseWriteConnection()

        def readConnectionLost(self) -> None:
            self.transport.loseConnection()

        def writeConnectionLost(self) -> None:
            pass

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(HalfServer), interface="127.0.0.1")
    client = HalfClient()
    factory = RecordingClientFactory(reactor, client)
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    run(reactor)
    assert client.received == b"reply:question"


def test_push_producer_backpressure(reactor: AsyncioReactor) -> None:
    """A streaming producer is paused when the peer stops reading and resumed later."""
    events: list[str] = []

    @implementer(interfaces.IPushProducer)
    class Producer:
        def __init__(self, transport: Any) -> None:
            self.transport = transport
            self.paused = False
            self.sent = 0

        def pauseProducing(self) -> None:
            events.append("pause")
            self.paused = True

        def resumeProducing(self) -> None:
            events.append("resume")
            self.paused = False
            self.pump()

        def stopProducing(self) -> None:
            events.append("stop")

        def pump(self) -> None:
            while not self.paused and self.sent < 16 * 1024 * 1024:
                self.transport.write(b"y" * 65536)
                self.sent += 65536
            if not self.paused:
                self.transport.unregisterProducer()
                self.transport.loseConnection()

    class Server(protocol.Protocol):
        def connectionMade(self) -> None:
            producer = Producer(self.transport)
            self.transport.registerProducer(producer, True)
            producer.pump()

    class SlowClient(Recorder):
        def connectionMade(self) -> None:
            self.transport.pauseProducing()
            self.transport.reactor.callLater(0.3, self.transport.resumeProducing)

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Server), interface="127.0.0.1")
    client = SlowClient()
    factory = RecordingClientFactory(reactor, client)
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    run(reactor, timeout=30)
    assert events[:2] == ["pause", "resume"]
    assert len(client.received) == 16 * 1024 * 1024


def test_pull_producer(reactor: AsyncioReactor) -> None:
    """A non-streaming producer is asked for data until it unregisters."""
    from twistio.internet.testing import NonStreamingProducer

    class Server(protocol.Protocol):
        def connectionMade(self) -> None:
            producer = NonStreamingProducer(self)
            self.transport.registerProducer(producer, False)

        def write(self, data: bytes) -> None:
            self.transport.write(data)

        def unregisterProducer(self) -> None:
            self.transport.unregisterProducer()
            self.transport.loseConnection()

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Server), interface="127.0.0.1")
    client = Recorder()
    factory = RecordingClientFactory(reactor, client)
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    run(reactor)
    assert client.received == b"0123456789"


def test_ipv6_loopback(reactor: AsyncioReactor) -> None:
    """Listening on ::1 gives IPv6 addresses on both ends."""
    try:
        port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="::1")
    except error.CannotListenError:
        pytest.skip("no IPv6 loopback on this machine")
    assert isinstance(port.getHost(), IPv6Address)
    client = Recorder()
    client.toSend = [b"six"]
    client.closeAfter = 3
    factory = RecordingClientFactory(reactor, client)
    connector = reactor.connectTCP("::1", port.getHost().port, factory)
    assert isinstance(connector.getDestination(), IPv6Address)
    run(reactor)
    assert client.received == b"six"
    assert isinstance(factory.addr, IPv6Address)


def test_reactor_lists_connections_as_readers(reactor: AsyncioReactor) -> None:
    """A connected transport is a reader until pauseProducing (trial's cleanliness checks)."""
    seen: dict[str, bool] = {}

    class Checker(Recorder):
        def connectionMade(self) -> None:
            t = self.transport
            seen["before"] = t in reactor.getReaders()
            t.pauseProducing()
            seen["paused"] = t in reactor.getReaders()
            t.resumeProducing()
            t.loseConnection()

    port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")
    assert port in reactor.getReaders()
    factory = RecordingClientFactory(reactor, Checker())
    reactor.connectTCP("127.0.0.1", port.getHost().port, factory)
    run(reactor)
    assert seen == {"before": True, "paused": False}


def test_unix_socket_echo(reactor: AsyncioReactor, tmp_path: Any) -> None:
    """listenUNIX/connectUNIX carry a stream with UNIXAddress ends; the file goes away."""
    from twistio.internet.address import UNIXAddress

    path = str(tmp_path / "sock")
    port = reactor.listenUNIX(path, protocol.Factory.forProtocol(Echo))
    assert port.getHost() == UNIXAddress(path)
    client = Recorder()
    client.toSend = [b"unix"]
    client.closeAfter = 4
    factory = RecordingClientFactory(reactor, client)
    connector = reactor.connectUNIX(path, factory)
    assert connector.getDestination() == UNIXAddress(path)
    run(reactor)
    assert client.received == b"unix"
    assert client.transport.getPeer() == UNIXAddress(path)
    import os

    assert not os.path.exists(path)
