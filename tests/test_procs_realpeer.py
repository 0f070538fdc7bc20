"""Processes, UDP and UNIX sockets against real peers (child interpreters, plain sockets)."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import error, protocol
from twistio.internet.address import UNIXAddress
from twistio.python.failure import Failure

pytestmark = pytest.mark.realpeer

#: Generous: only a hung run ever reaches it (the machine is shared and slow).
DEADLINE = 60


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


@pytest.fixture
def tmpdir_short() -> Iterator[str]:
    # UNIX socket paths are limited to ~107 bytes: pytest's tmp_path can be longer.
    with tempfile.TemporaryDirectory(prefix="tw-procs-") as d:
        yield d


def _run(reactor: AsyncioReactor) -> None:
    timedOut: list[bool] = []
    call = reactor.callLater(DEADLINE, lambda: (timedOut.append(True), reactor.stop()))
    reactor.run(installSignalHandlers=False)
    if call.active():
        call.cancel()
    assert not timedOut, "the reactor run hit the deadline"


class Collector(protocol.ProcessProtocol):
    """Keeps everything the child says and how it ended; stops the reactor at the end."""

    def __init__(self, reactor: AsyncioReactor) -> None:
        self.reactor = reactor
        self.out: list[bytes] = []
        self.err: list[bytes] = []
        self.ended: Failure | None = None

    def outReceived(self, data: bytes) -> None:
        self.out.append(data)

    def errReceived(self, data: bytes) -> None:
        self.err.append(data)

    def processEnded(self, reason: Failure) -> None:
        self.ended = reason
        self.reactor.stop()


def test_child_megabytes_on_stdout_and_stderr(reactor: AsyncioReactor) -> None:
    """Several megabytes written on both pipes arrive intact, then the exit status."""
    size = 3 * 1024 * 1024
    code = (
        "import sys\n"
        f"n = {size}\n"
        "block = bytes(range(256)) * 4096\n"
        "for i in range(n // len(block)):\n"
        "    sys.stdout.buffer.write(block)\n"
        "    sys.stderr.buffer.write(block[::-1])\n"
        "sys.stdout.flush(); sys.stderr.flush()\n"
        "sys.exit(7)\n"
    )
    p = Collector(reactor)
    reactor.spawnProcess(p, sys.executable, [sys.executable, "-c", code], env=None)
    _run(reactor)
    block = bytes(range(256)) * 4096
    assert b"".join(p.out) == block * (size // len(block))
    assert b"".join(p.err) == block[::-1] * (size // len(block))
    assert p.ended is not None
    assert isinstance(p.ended.value, error.ProcessTerminated)
    assert p.ended.value.exitCode == 7
    assert p.ended.value.signal is None


def test_child_exit_zero_is_process_done(reactor: AsyncioReactor) -> None:
    p = Collector(reactor)
    reactor.spawnProcess(p, sys.executable, [sys.executable, "-c", "print('hi')"], env=None)
    _run(reactor)
    assert p.ended is not None
    assert isinstance(p.ended.value, error.ProcessDone)
    assert b"".join(p.out).strip() == b"hi"


def test_failing_child_reports_process_terminated(reactor: AsyncioReactor) -> None:
    """An uncaught exception in the child: exit status 1 and its traceback on stderr."""
    p = Collector(reactor)
    reactor.spawnProcess(
        p, sys.executable, [sys.executable, "-c", "raise SystemExit(42)"], env=None
    )
    _run(reactor)
    assert p.ended is not None
    assert isinstance(p.ended.value, error.ProcessTerminated)
    assert p.ended.value.exitCode == 42
    assert p.ended.value.status is not None and os.WEXITSTATUS(p.ended.value.status) == 42


def test_killed_child_reports_signal(reactor: AsyncioReactor) -> None:
    p = Collector(reactor)
    proc = reactor.spawnProcess(
        p, sys.executable, [sys.executable, "-c", "import time; time.sleep(60)"], env=None
    )
    reactor.callWhenRunning(proc.signalProcess, "KILL")
    _run(reactor)
    assert p.ended is not None
    assert isinstance(p.ended.value, error.ProcessTerminated)
    assert p.ended.value.signal == 9
    assert p.ended.value.exitCode is None


def test_udp_exchange_with_plain_socket(reactor: AsyncioReactor) -> None:
    """A listenUDP port answers a plain socket; a connected port hears the plain socket."""
    received: list[tuple[bytes, Any]] = []

    class Echo(protocol.DatagramProtocol):
        def datagramReceived(self, data: bytes, addr: Any) -> None:
            received.append((data, addr))
            self.transport.write(data.upper(), addr)
            if len(received) == 3:
                reactor.stop()

    port = reactor.listenUDP(0, Echo(), interface="127.0.0.1")
    portno = port.getHost().port
    peer = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    peer.bind(("127.0.0.1", 0))
    peer.settimeout(DEADLINE)
    replies: list[bytes] = []

    def client() -> None:
        for word in (b"one", b"two", b"three"):
            peer.sendto(word, ("127.0.0.1", portno))
            replies.append(peer.recvfrom(100)[0])

    t = threading.Thread(target=client)
    reactor.callWhenRunning(t.start)
    _run(reactor)
    t.join(DEADLINE)
    peer_addr = peer.getsockname()
    peer.close()
    port.stopListening()
    assert [d for d, _ in received] == [b"one", b"two", b"three"]
    assert all(a == peer_addr for _, a in received)
    assert replies == [b"ONE", b"TWO", b"THREE"]


def test_unix_stream_with_plain_socket(reactor: AsyncioReactor, tmpdir_short: str) -> None:
    """listenUNIX serves a plain socket client; connectUNIX talks to a plain socket server."""
    path = os.path.join(tmpdir_short, "s")
    got: list[bytes] = []

    class Upper(protocol.Protocol):
        def dataReceived(self, data: bytes) -> None:
            self.transport.write(data.upper())

    port = reactor.listenUNIX(path, protocol.Factory.forProtocol(Upper))
    assert port.getHost() == UNIXAddress(path)

    def client() -> None:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(DEADLINE)
            s.connect(path)
            s.sendall(b"hello unix")
            data = b""
            while len(data) < 10:
                chunk = s.recv(100)
                if not chunk:
                    break
                data += chunk
            got.append(data)
        reactor.callFromThread(reactor.stop)

    t = threading.Thread(target=client)
    reactor.callWhenRunning(t.start)
    _run(reactor)
    t.join(DEADLINE)
    port.stopListening()
    assert got == [b"HELLO UNIX"]


def test_unix_connect_to_plain_server(reactor: AsyncioReactor, tmpdir_short: str) -> None:
    """connectUNIX talks to a plain listening socket and sees its half-close as the end."""
    path2 = os.path.join(tmpdir_short, "plain")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path2)
    server.listen(1)
    server.settimeout(DEADLINE)
    heard: list[bytes] = []

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.sendall(b"greetings")
            conn.shutdown(socket.SHUT_WR)
            conn.recv(1)

    class Client(protocol.Protocol):
        def dataReceived(self, data: bytes) -> None:
            heard.append(data)
            if b"".join(heard) == b"greetings":
                self.transport.loseConnection()

        def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
            reactor.stop()

    factory = protocol.ClientFactory.forProtocol(Client)
    t2 = threading.Thread(target=serve)
    t2.start()
    reactor.connectUNIX(path2, factory)
    _run(reactor)
    t2.join(DEADLINE)
    server.close()
    assert b"".join(heard) == b"greetings"


def test_unix_datagram_with_plain_socket(reactor: AsyncioReactor, tmpdir_short: str) -> None:
    """listenUNIXDatagram hears a plain AF_UNIX datagram socket and answers to its path."""
    path = os.path.join(tmpdir_short, "d")
    peerPath = os.path.join(tmpdir_short, "peer")
    received: list[tuple[bytes, Any]] = []

    class Echo(protocol.DatagramProtocol):
        def datagramReceived(self, data: bytes, addr: Any) -> None:
            received.append((data, addr))
            self.transport.write(data[::-1], addr)

    port = reactor.listenUNIXDatagram(path, Echo())
    peer = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    peer.bind(peerPath)
    peer.settimeout(DEADLINE)
    replies: list[bytes] = []

    def client() -> None:
        peer.sendto(b"abc", path)
        replies.append(peer.recv(100))
        reactor.callFromThread(reactor.stop)

    t = threading.Thread(target=client)
    reactor.callWhenRunning(t.start)
    _run(reactor)
    t.join(DEADLINE)
    peer.close()
    port.stopListening()
    assert received == [(b"abc", peerPath)]
    assert replies == [b"cba"]


def test_unix_wantpid_lock(reactor: AsyncioReactor, tmpdir_short: str) -> None:
    """A second listener with wantPID on the same path is refused while the first holds it."""
    path = os.path.join(tmpdir_short, "locked")
    factory = protocol.Factory.forProtocol(protocol.Protocol)
    port = reactor.listenUNIX(path, factory, wantPID=True)
    assert os.path.islink(path + ".lock")
    with pytest.raises(error.CannotListenError):
        reactor.listenUNIX(path, factory, wantPID=True)
    d = port.stopListening()
    done: list[Any] = []
    d.addCallback(done.append)
    d.addCallback(lambda _: reactor.stop())
    _run(reactor)
    assert done == [None]
    assert not os.path.lexists(path + ".lock")


def test_pty_child_sees_a_terminal(reactor: AsyncioReactor) -> None:
    """usePTY=True: the child's stdin and stdout are a tty; input is echoed, output arrives."""
    data: list[bytes] = []
    ended: list[Failure] = []

    class P(protocol.ProcessProtocol):
        def connectionMade(self) -> None:
            self.transport.write(b"hello\n")

        def childDataReceived(self, childFD: int, chunk: bytes) -> None:
            data.append(chunk)

        def processEnded(self, reason: Failure) -> None:
            ended.append(reason)
            reactor.stop()

    code = "import os; print(os.isatty(0), os.isatty(1), input(), flush=True)"
    reactor.spawnProcess(P(), sys.executable, [sys.executable, "-c", code], env={}, usePTY=True)
    _run(reactor)
    assert b"".join(data) == b"hello\r\nTrue True hello\r\n"
    assert isinstance(ended[0].value, error.ProcessDone)


def test_pty_refuses_childFDs(reactor: AsyncioReactor) -> None:
    with pytest.raises(ValueError):
        reactor.spawnProcess(
            protocol.ProcessProtocol(), sys.executable, [sys.executable], usePTY=True, childFDs={}
        )


def test_child_fds_beyond_stdio(reactor: AsyncioReactor) -> None:
    """childFDs maps extra pipes: the child writes on 3 and reads on 4; nothing else leaks."""
    events: list[tuple[Any, ...]] = []

    class P(protocol.ProcessProtocol):
        def connectionMade(self) -> None:
            self.transport.writeToChild(4, b"to-four")
            self.transport.closeChildFD(4)

        def childDataReceived(self, childFD: int, data: bytes) -> None:
            events.append(("data", childFD, data))

        def childConnectionLost(self, childFD: int) -> None:
            events.append(("lost", childFD))

        def processEnded(self, reason: Failure) -> None:
            events.append(("ended", type(reason.value)))
            reactor.stop()

    code = (
        "import os; os.write(3, b'on-three'); os.write(1, os.read(4, 100)); "
        "os.write(2, repr(sorted(int(x) for x in os.listdir('/proc/self/fd'))).encode())"
    )
    reactor.spawnProcess(
        P(),
        sys.executable,
        [sys.executable, "-c", code],
        env={},
        childFDs={0: "w", 1: "r", 2: "r", 3: "r", 4: "w"},
    )
    _run(reactor)
    assert ("data", 3, b"on-three") in events
    assert ("data", 1, b"to-four") in events
    # 0-4 as asked, plus the descriptor listdir itself opened.
    assert ("data", 2, b"[0, 1, 2, 3, 4, 5]") in events
    assert {("lost", 1), ("lost", 2), ("lost", 3), ("lost", 4)} <= set(events)
    assert events[-1] == ("ended", error.ProcessDone)
