"""IReactorSocket: adopting listening, connected and datagram sockets made elsewhere."""

from __future__ import annotations

import errno
import socket
from typing import Any

import pytest
from reactor_run import run
from zope.interface.verify import verifyObject

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import error, interfaces, protocol
from twistio.internet.address import IPv4Address
from twistio.python.failure import Failure


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


class Echo(protocol.Protocol):
    def dataReceived(self, data: bytes) -> None:
        self.transport.write(data)


def test_reactor_provides_IReactorSocket(reactor: AsyncioReactor) -> None:
    assert verifyObject(interfaces.IReactorSocket, reactor)


def test_adoptStreamPort_serves_and_leaves_the_original_open(reactor: AsyncioReactor) -> None:
    """Connections to an adopted listening socket reach the factory; stopping the port
    closes only the reactor's duplicate, so the original can still accept."""
    original = socket.socket()
    original.bind(("127.0.0.1", 0))
    original.listen(5)
    original.setblocking(False)
    events: list[Any] = []
    try:
        port = reactor.adoptStreamPort(
            original.fileno(), socket.AF_INET, protocol.Factory.forProtocol(Echo)
        )
        assert port.getHost() == IPv4Address("TCP", "127.0.0.1", original.getsockname()[1])

        class Client(protocol.Protocol):
            def connectionMade(self) -> None:
                self.transport.write(b"ping")

            def dataReceived(self, data: bytes) -> None:
                events.append(data)
                self.transport.loseConnection()

            def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
                port.stopListening().addCallback(lambda _: reactor.stop())

        protocol.ClientCreator(reactor, Client).connectTCP("127.0.0.1", port.getHost().port)
        run(reactor)
        with pytest.raises(OSError) as info:
            original.accept()
        # EAGAIN (nobody waiting), not EINVAL: the socket was closed, not shut down.
        assert info.value.errno == errno.EAGAIN
    finally:
        original.close()
    assert events == [b"ping"]


def test_adoptStreamConnection_runs_the_protocol(reactor: AsyncioReactor) -> None:
    """A connected socket adopted on the server side talks to its peer through the factory's
    protocol; the returned transport names the peer."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    listener.close()
    clientPort = client.getsockname()[1]
    seen: dict[str, Any] = {}

    class Server(Echo):
        def connectionMade(self) -> None:
            seen["peer"] = self.transport.getPeer()

        def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
            seen["reason"] = reason
            reactor.stop()

    try:
        transport = reactor.adoptStreamConnection(
            accepted.fileno(), socket.AF_INET, protocol.Factory.forProtocol(Server)
        )
        accepted.close()  # the reactor holds its own duplicate
        client.sendall(b"hello")

        def talk() -> None:
            client.setblocking(True)
            client.settimeout(5)
            seen["echo"] = client.recv(5)
            client.close()

        reactor.callLater(0.05, talk)
        run(reactor)
    finally:
        client.close()
    assert seen["echo"] == b"hello"
    assert seen["peer"] == IPv4Address("TCP", "127.0.0.1", clientPort)
    assert seen["reason"].check(error.ConnectionDone)
    assert transport.getPeer().port == transport.sessionno


def test_adoptDatagramPort_receives(reactor: AsyncioReactor) -> None:
    """Datagrams sent to an adopted UDP socket reach the DatagramProtocol."""
    original = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    original.bind(("127.0.0.1", 0))
    original.setblocking(False)
    got: list[bytes] = []

    class Receiver(protocol.DatagramProtocol):
        def datagramReceived(self, data: bytes, addr: Any) -> None:
            got.append(data)
            port.stopListening()
            reactor.stop()

    try:
        port = reactor.adoptDatagramPort(original.fileno(), socket.AF_INET, Receiver())
        sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sender.sendto(b"datagram", original.getsockname())
        sender.close()
        run(reactor)
    finally:
        original.close()
    assert got == [b"datagram"]


@pytest.mark.parametrize(
    "method", ["adoptStreamPort", "adoptStreamConnection", "adoptDatagramPort"]
)
def test_unknown_family_and_bad_descriptor(reactor: AsyncioReactor, method: str) -> None:
    """An unsupported family is UnsupportedAddressFamily; a closed descriptor is EBADF."""
    kind = socket.SOCK_DGRAM if method == "adoptDatagramPort" else socket.SOCK_STREAM
    factory: Any = protocol.DatagramProtocol() if kind == socket.SOCK_DGRAM else protocol.Factory()
    sock = socket.socket(socket.AF_INET, kind)
    try:
        with pytest.raises(error.UnsupportedAddressFamily):
            getattr(reactor, method)(sock.fileno(), 2**16 + 7, factory)
    finally:
        sock.close()
    with pytest.raises(OSError) as info:
        getattr(reactor, method)(
            sock.fileno() if sock.fileno() >= 0 else 9999, socket.AF_INET, factory
        )
    assert info.value.errno == errno.EBADF
