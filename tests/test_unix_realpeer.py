"""UNIX stream sockets against plain ``socket`` peers: adoption, reading switches, log
context, producers, and turning peers away when the process is out of descriptors."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from reactor_run import run

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import base, error, protocol, tcp
from twistio.python import context, log


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


def recv_all(peer: socket.socket, size: int, timeout: float = 5) -> bytes:
    peer.settimeout(timeout)
    got = b""
    while len(got) < size:
        chunk = peer.recv(65536)
        if not chunk:
            break
        got += chunk
    return got


class Echo(protocol.Protocol):
    def dataReceived(self, data: bytes) -> None:
        self.transport.write(data)


def test_listenUNIX_server_logs_under_its_protocols_prefix(
    reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """Inside dataReceived, the log context's system is the transport's logPrefix, which
    names the protocol by its own logPrefix()."""
    seen: list[tuple[str, str]] = []

    class Named(protocol.Protocol):
        def logPrefix(self) -> str:
            return "Named Server"

        def dataReceived(self, data: bytes) -> None:
            seen.append((context.get(log.ILogContext)["system"], self.transport.logPrefix()))
            self.transport.loseConnection()
            reactor.stop()

    path = str(tmp_path / "s.sock")
    reactor.listenUNIX(path, protocol.Factory.forProtocol(Named))
    peer = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    peer.connect(path)
    peer.sendall(b"x")
    try:
        run(reactor)
    finally:
        peer.close()
    assert seen == [("Named Server,0,", "Named Server,0,")]
    # Outside any callback the system is the default again.
    assert context.get(log.ILogContext)["system"] == "-"


def test_adoptStreamConnection_on_a_socketpair_serves_the_plain_peer(
    reactor: AsyncioReactor,
) -> None:
    """An adopted end of a socketpair echoes to the plain socket at the other end."""
    ours, peer = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        transport = reactor.adoptStreamConnection(
            ours.fileno(), socket.AF_UNIX, protocol.Factory.forProtocol(Echo)
        )
        ours.close()  # the reactor has its own duplicate
        assert transport is not None
        peer.sendall(b"hello")
        reactor.callLater(0.2, reactor.stop)
        run(reactor)
        # Named as Twisted names an adopted UNIX connection: by its own (empty) path.
        assert str(transport) == "<Echo #0 on >"
        assert transport.logstr == "Echo,0,"
        assert recv_all(peer, 5) == b"hello"
    finally:
        peer.close()


def test_adoptStreamConnection_returns_None_when_buildProtocol_does(
    reactor: AsyncioReactor,
) -> None:
    """No protocol, no transport: the reactor's duplicate is closed at once."""

    class Refuses(protocol.Factory):
        def buildProtocol(self, addr: Any) -> None:
            return None

    ours, peer = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        assert reactor.adoptStreamConnection(ours.fileno(), socket.AF_UNIX, Refuses()) is None
        ours.close()  # with the duplicate gone too, the peer sees EOF
        assert recv_all(peer, 1, timeout=2) == b""
    finally:
        peer.close()


def test_handing_a_connection_over_then_closing_its_socket(
    reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """The legacy hand-over: removeReader/removeWriter, adopt the descriptor, close the
    original socket.  The first protocol is forgotten (no connectionLost) and the adopted
    one serves the same plain peer."""
    first: list[str] = []

    class First(protocol.Protocol):
        def connectionMade(self) -> None:
            transport = self.transport
            reactor.removeReader(transport)
            reactor.removeWriter(transport)
            assert transport not in reactor.getReaders()
            reactor.adoptStreamConnection(
                transport.fileno(), socket.AF_UNIX, protocol.Factory.forProtocol(Echo)
            )
            transport.socket.close()

        def dataReceived(self, data: bytes) -> None:
            first.append("data")

        def connectionLost(self, reason: Any) -> None:
            first.append("lost")

    path = str(tmp_path / "s.sock")
    reactor.listenUNIX(path, protocol.Factory.forProtocol(First))
    peer = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        peer.connect(path)
        peer.sendall(b"through the adopted copy")
        reactor.callLater(0.3, reactor.stop)
        run(reactor)
        assert recv_all(peer, 24) == b"through the adopted copy"
        assert first == []
    finally:
        peer.close()


def test_dataReceived_swapped_on_the_instance_is_used(
    reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """A protocol that replaces its own dataReceived mid-connection gets the next read
    through the replacement (a common Twisted idiom for state changes)."""
    got: list[bytes] = []

    class Swaps(protocol.Protocol):
        def dataReceived(self, data: bytes) -> None:
            got.append(b"first:" + data)
            self.dataReceived = self.second  # type: ignore[method-assign]
            self.transport.write(b"ok")

        def second(self, data: bytes) -> None:
            got.append(b"second:" + data)
            reactor.stop()

    path = str(tmp_path / "s.sock")
    reactor.listenUNIX(path, protocol.Factory.forProtocol(Swaps))
    peer = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        peer.connect(path)
        peer.sendall(b"a")
        reactor.callLater(0.1, lambda: (recv_all(peer, 2), peer.sendall(b"b")))
        run(reactor)
    finally:
        peer.close()
    assert got == [b"first:a", b"second:b"]


def test_streaming_producer_paused_past_bufferSize_in_one_pass(
    reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """Writing more than bufferSize at once pauses a streaming producer (as Twisted's
    buffer does), which is resumed on a later pass; the peer gets every byte."""
    actions: list[str] = []

    class Producer:
        def pauseProducing(self) -> None:
            actions.append("pause")

        def resumeProducing(self) -> None:
            actions.append("resume")
            transport.unregisterProducer()
            transport.loseConnection()

        def stopProducing(self) -> None:
            actions.append("stop")

    transport: Any = None

    class Writer(protocol.Protocol):
        def connectionMade(self) -> None:
            nonlocal transport
            transport = self.transport
            transport.registerProducer(Producer(), True)
            transport.bufferSize = 500
            transport.writeSequence([b"x" * 50] * 20)
            actions.append("wrote")

        def connectionLost(self, reason: Any) -> None:
            reactor.stop()

    path = str(tmp_path / "s.sock")
    reactor.listenUNIX(path, protocol.Factory.forProtocol(Writer))
    peer = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        peer.connect(path)
        run(reactor)
        assert recv_all(peer, 1000) == b"x" * 1000
    finally:
        peer.close()
    assert actions == ["pause", "wrote", "resume"]


def test_listenUNIX_uses_BasePort_createInternetSocket(
    reactor: AsyncioReactor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ports make their socket through BasePort.createInternetSocket; its failure is
    CannotListenError."""

    def fails(self: Any) -> socket.socket:
        raise OSError("no socket for you")

    monkeypatch.setattr(base.BasePort, "createInternetSocket", fails)
    with pytest.raises(error.CannotListenError):
        reactor.listenUNIX(str(tmp_path / "s.sock"), protocol.Factory.forProtocol(Echo))
    with pytest.raises(error.CannotListenError):
        reactor.listenTCP(0, protocol.Factory.forProtocol(Echo), interface="127.0.0.1")


def test_resolveIPv6_is_numeric_only_and_keeps_the_port() -> None:
    assert tcp._resolveIPv6("::1", 123456)[:2] == ("::1", 123456)
    assert tcp._resolveIPv6("::1", -1)[:2] == ("::1", -1)
    with pytest.raises(socket.gaierror):
        tcp._resolveIPv6("localhost", 1)
    with pytest.raises(socket.gaierror):
        tcp._resolveIPv6("::1", "http")


def test_file_descriptor_reservation_frees_and_retakes_a_real_descriptor(
    tmp_path: Path,
) -> None:
    """The reserve holds one open file; entering frees it, leaving reopens it."""
    opened: list[Any] = []

    def factory() -> Any:
        opened.append(open(os.devnull, "rb"))  # noqa: SIM115
        return opened[-1]

    reservation = tcp._FileDescriptorReservation(factory)
    assert not reservation.available()
    with pytest.raises(RuntimeError):
        reservation.__enter__()
    reservation.reserve()
    reservation.reserve()
    assert len(opened) == 1 and reservation.available()
    with reservation:
        assert opened[0].closed and not reservation.available()
    assert len(opened) == 2 and not opened[1].closed and reservation.available()
    opened[1].close()
    assert not tcp._NullFileDescriptorReservation().available()


_EMFILE_SCRIPT = textwrap.dedent(
    """
    import json, os, resource, socket, sys, tempfile, time
    os.environ["TWISTIO_LOOP"] = sys.argv[1]
    family = sys.argv[2]
    resource.setrlimit(resource.RLIMIT_NOFILE, (128, 128))
    from twistio._aio.reactor import AsyncioReactor
    from twistio.internet import protocol
    reactor = AsyncioReactor()
    accepted = []
    class Server(protocol.Protocol):
        def connectionMade(self):
            accepted.append(1)
            self.transport.write(b"welcome")
    factory = protocol.Factory.forProtocol(Server)
    if family == "unix":
        path = os.path.join(tempfile.mkdtemp(), "s.sock")
        reactor.listenUNIX(path, factory)
        address, fam = path, socket.AF_UNIX
    else:
        port = reactor.listenTCP(0, factory, interface="127.0.0.1")
        address, fam = ("127.0.0.1", port.getHost().port), socket.AF_INET
    result = {}
    hoard = []
    peer = socket.socket(fam, socket.SOCK_STREAM)
    later = socket.socket(fam, socket.SOCK_STREAM)
    def exhaust():
        peer.connect(address)  # queued by the kernel before the server can accept it
        while True:
            try:
                hoard.append(os.dup(0))
            except OSError:
                break
        result["cpu0"] = time.process_time()
        reactor.callLater(1.0, check)
    def check():
        result["cpu"] = time.process_time() - result["cpu0"]
        peer.settimeout(0)
        try:
            result["peer"] = peer.recv(10).decode()  # "" means closed by the server
        except BlockingIOError:
            result["peer"] = "still waiting"
        result["accepted_while_full"] = len(accepted)
        while hoard:
            os.close(hoard.pop())
        later.connect(address)
        reactor.callLater(0.5, finish)
    def finish():
        later.settimeout(2)
        result["later"] = later.recv(10).decode()
        result["accepted_after"] = len(accepted)
        reactor.stop()
    reactor.callLater(0.05, exhaust)
    reactor.callLater(10, reactor.stop)
    reactor.run(installSignalHandlers=False)
    print(json.dumps(result))
    """
)


@pytest.mark.parametrize("family", ["unix", "tcp"])
@pytest.mark.parametrize("loop", ["uvloop", "asyncio"])
def test_out_of_descriptors_the_queued_peer_is_closed_not_left_waiting(
    tmp_path: Path, loop: str, family: str
) -> None:
    """With RLIMIT_NOFILE lowered and every descriptor taken, a queued peer is accepted on
    the reserved descriptor and closed (it reads EOF) rather than left hanging; the loop
    does not spin meanwhile, and once descriptors are free, connections are served."""
    script = tmp_path / "emfile.py"
    script.write_text(_EMFILE_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    out = subprocess.run(
        [sys.executable, str(script), loop, family],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["peer"] == ""
    assert result["accepted_while_full"] == 0
    # One idle second out of descriptors: no busy loop.
    assert result["cpu"] < 0.5
    assert result["later"] == "welcome"
    assert result["accepted_after"] == 1
