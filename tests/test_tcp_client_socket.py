"""TCP clients own their socket from connect() on, as Twisted's do (real sockets, both loops).

Running out of descriptors after connect() is covered by Twisted's own
test_closePeerOnEMFILE (twisted.internet.test.test_tcp, claimed).
"""

from __future__ import annotations

import gc
import socket
from typing import Any

import pytest
from reactor_run import run

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import error, protocol, tcp
from twistio.python.failure import Failure


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


class Recorder(protocol.ClientFactory):
    """Stops the reactor once the attempt has an outcome; keeps it."""

    protocol = protocol.Protocol

    def __init__(self, reactor: AsyncioReactor) -> None:
        self.reactor = reactor
        self.failed: Failure | None = None
        self.lost: Failure | None = None

    def clientConnectionFailed(self, connector: Any, reason: Failure) -> None:
        self.failed = reason
        if self.reactor.running:
            self.reactor.stop()

    def clientConnectionLost(self, connector: Any, reason: Failure) -> None:
        self.lost = reason
        if self.reactor.running:
            self.reactor.stop()


def test_socket_is_bound_when_connect_returns(reactor: AsyncioReactor) -> None:
    """connector.transport.socket exists (bound to bindAddress) before the loop runs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    local = socket.socket()
    local.bind(("127.0.0.1", 0))
    localPort = local.getsockname()[1]
    local.close()
    try:
        connector = reactor.connectTCP(
            "127.0.0.1",
            server.getsockname()[1],
            Recorder(reactor),
            bindAddress=tcp.makeBinding("127.0.0.1", localPort),
        )
        sock = connector.transport.socket
        assert sock.getsockname() == ("127.0.0.1", localPort)
        assert not sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
        connector.disconnect()
        assert sock.fileno() == -1
    finally:
        server.close()


@pytest.mark.parametrize(
    ("host", "port", "kind", "args"),
    [
        ("127.0.0.1", 65536, OverflowError, ("connect_ex(): port must be 0-65535.",)),
        ("::1", -1, socket.gaierror, (-8, "Servname not supported for ai_socktype")),
    ],
)
def test_bad_port_errors_as_twisted(
    reactor: AsyncioReactor, host: str, port: int, kind: type, args: tuple[Any, ...]
) -> None:
    """Out-of-range ports fail on the loop with the very errors Twisted reports."""
    factory = Recorder(reactor)
    reactor.connectTCP(host, port, factory)
    run(reactor)
    assert factory.failed is not None
    assert type(factory.failed.value) is kind
    assert factory.failed.value.args == args


def test_refused(reactor: AsyncioReactor) -> None:
    """A refused connect is ConnectionRefusedError; the socket is closed."""
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    factory = Recorder(reactor)
    connector = reactor.connectTCP("127.0.0.1", port, factory)
    sock = connector.transport.socket
    run(reactor)
    assert factory.failed is not None and factory.failed.check(error.ConnectionRefusedError)
    assert sock.fileno() == -1


def test_closed_in_connectionMade_leaves_no_owner_of_the_fd(reactor: AsyncioReactor) -> None:
    """A client closed from connectionMade: once collected, its socket object closes nothing
    (uvloop closed the descriptor; a second close would hit a reused number)."""
    server = reactor.listenTCP(0, protocol.ServerFactory.forProtocol(protocol.Protocol))
    factory = Recorder(reactor)

    class Closer(protocol.Protocol):
        def connectionMade(self) -> None:
            self.transport.write(b"bye")
            self.transport.loseConnection()

    factory.protocol = Closer
    connector = reactor.connectTCP("127.0.0.1", server.getHost().port, factory)
    sock = connector.transport.socket
    run(reactor)
    assert factory.lost is not None
    # Detached (uvloop) or closed (stdlib loop): either way it owns no descriptor now.
    assert sock.fileno() == -1
    del sock
    gc.collect()
    server.stopListening()


def _openFds() -> int:
    """How many sockets the process has open."""
    import os

    count = 0
    for name in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{name}").startswith("socket:")
        except OSError:  # the listing's own descriptor, closed by now
            pass
    return count


def test_untouched_socket_refused_leaves_no_descriptor(reactor: AsyncioReactor) -> None:
    """Nobody looks at the socket (on uvloop the loop makes its own from the slot held at
    connect()): a refused connect is still ConnectionRefusedError, nothing stays open."""
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    before = _openFds()
    factory = Recorder(reactor)
    reactor.connectTCP("127.0.0.1", port, factory)
    run(reactor)
    assert factory.failed is not None and factory.failed.check(error.ConnectionRefusedError)
    assert _openFds() == before


def test_stopConnecting_while_the_loop_connects(reactor: AsyncioReactor) -> None:
    """stopConnecting after the connect has started (the loop's own, on uvloop) fails the
    attempt with UserError and closes its socket: the server sees the peer go."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        before = _openFds()
        factory = Recorder(reactor)
        connector = reactor.connectTCP("127.0.0.1", server.getsockname()[1], factory)
        # Runs after the attempt's first step (FIFO), before the connect has completed.
        reactor._asyncioEventloop.call_soon(connector.stopConnecting)
        run(reactor)
        assert factory.failed is not None and factory.failed.check(error.UserError)
        assert factory.lost is None
        peer, _ = server.accept()
        peer.settimeout(5)
        assert peer.recv(1) == b""  # closed by the client
        peer.close()
        assert _openFds() == before
    finally:
        server.close()


def test_socket_seen_before_the_loop_runs_is_the_one_that_connects(
    reactor: AsyncioReactor,
) -> None:
    """transport.socket looked at right after connect(): that very socket (same local
    address) becomes the connection's."""
    server = reactor.listenTCP(0, protocol.ServerFactory.forProtocol(protocol.Protocol))
    seen: list[Any] = []

    class Check(protocol.Protocol):
        def connectionMade(self) -> None:
            seen.append(self.transport.getHost().port)
            self.transport.loseConnection()

    factory = Recorder(reactor)
    factory.protocol = Check
    connector = reactor.connectTCP("127.0.0.1", server.getHost().port, factory)
    early = connector.transport.socket
    early.bind(("127.0.0.1", 0))
    port = early.getsockname()[1]
    run(reactor)
    assert factory.lost is not None
    assert seen == [port]
    server.stopListening()
