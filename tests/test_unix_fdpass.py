"""Descriptor passing on UNIX stream connections (IUNIXTransport.sendFileDescriptor and
IFileDescriptorReceiver) against plain ``socket`` peers using ``send_fds``/``recv_fds``."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from reactor_run import run
from zope.interface import implementer
from zope.interface.verify import verifyObject

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import error, protocol
from twistio.internet.interfaces import IFileDescriptorReceiver, IUNIXTransport
from twistio.python import sendmsg


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


def pipe_with(data: bytes) -> tuple[int, int]:
    """A pipe whose read end has ``data`` waiting."""
    r, w = os.pipe()
    os.write(w, data)
    return r, w


def in_thread(work: Callable[[], Any]) -> Callable[[], Any]:
    """Run ``work`` in a thread now; the returned callable joins it and answers its result
    (re-raising what it raised)."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = work()
        except BaseException as e:
            box["error"] = e

    thread = threading.Thread(target=target, daemon=True)
    thread.start()

    def join() -> Any:
        thread.join(10)
        if "error" in box:
            raise box["error"]
        return box["result"]

    return join


@implementer(IFileDescriptorReceiver)
class Recorder(protocol.Protocol):
    """Records descriptors and bytes in arrival order; stops the reactor when lost."""

    def __init__(self, reactor: AsyncioReactor) -> None:
        self.reactor = reactor
        self.events: list[tuple[str, Any]] = []
        self.reason: Any = None

    def fileDescriptorReceived(self, descriptor: int) -> None:
        self.events.append(("fd", descriptor))

    def dataReceived(self, data: bytes) -> None:
        self.events.append(("data", data))

    def connectionLost(self, reason: Any) -> None:
        self.reason = reason
        self.reactor.stop()


def listen(reactor: AsyncioReactor, tmp_path: Path, build: Callable[[], Any]) -> str:
    path = str(tmp_path / "fd.sock")
    factory = protocol.Factory()
    factory.buildProtocol = lambda addr: build()  # type: ignore[method-assign]
    reactor.listenUNIX(path, factory)
    return path


def test_server_receives_descriptors_sent_at_once_by_a_socket_peer(
    reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """A peer that sends descriptors as soon as it connects (they wait in the socket before
    the accept): each arrives, in order, before the bytes it came with, and is a working
    duplicate of what was sent."""
    servers: list[Recorder] = []

    def build() -> Recorder:
        servers.append(Recorder(reactor))
        return servers[-1]

    path = listen(reactor, tmp_path, build)
    first, w1 = pipe_with(b"first pipe")
    second, w2 = pipe_with(b"second pipe")

    def peer() -> None:
        with socket.socket(socket.AF_UNIX) as c:
            c.connect(path)
            socket.send_fds(c, [b"hello"], [first, second])
            socket.send_fds(c, [b"again"], [first])
            c.sendall(b" plain")

    join = in_thread(peer)
    run(reactor)
    join()
    (server,) = servers
    kinds = [kind for kind, _ in server.events]
    assert kinds[:3] == ["fd", "fd", "data"]
    fds = [value for kind, value in server.events if kind == "fd"]
    data = b"".join(value for kind, value in server.events if kind == "data")
    assert data == b"helloagain plain"
    assert len(fds) == 3
    # Fresh descriptors, the same pipes (same inode) in the order sent.
    assert not {first, second} & set(fds)
    assert [os.fstat(fd).st_ino for fd in fds] == [
        os.fstat(first).st_ino,
        os.fstat(second).st_ino,
        os.fstat(first).st_ino,
    ]
    assert os.read(fds[0], 100) == b"first pipe"
    assert os.read(fds[1], 100) == b"second pipe"
    assert server.reason.check(error.ConnectionDone)
    for fd in [*fds, first, second, w1, w2]:
        os.close(fd)


def test_server_sends_a_descriptor_a_socket_peer_reads_from(
    reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """sendFileDescriptor then write: the peer's recv_fds gets the descriptor with the first
    byte of what was written after it, and can read from it; bytes written before it come
    first, without a descriptor."""
    r, w = pipe_with(b"through the pipe")

    class Sender(protocol.Protocol):
        def connectionMade(self) -> None:
            verifyObject(IUNIXTransport, self.transport)
            self.transport.write(b"AB")
            self.transport.sendFileDescriptor(r)
            self.transport.write(b"CD")
            self.transport.loseConnection()

        def connectionLost(self, reason: Any) -> None:
            reactor.stop()

    path = listen(reactor, tmp_path, Sender)

    def peer() -> list[tuple[bytes, list[int]]]:
        got = []
        with socket.socket(socket.AF_UNIX) as c:
            c.connect(path)
            c.settimeout(5)
            while True:
                msg, fds, _flags, _ = socket.recv_fds(c, 100, 4)
                if not msg:
                    return got
                got.append((msg, fds))

    join = in_thread(peer)
    run(reactor)
    got = join()
    assert b"".join(msg for msg, _ in got) == b"ABCD"
    with_fds = [index for index, (_, fds) in enumerate(got) if fds]
    assert len(with_fds) == 1
    (index,) = with_fds
    (fd,) = got[index][1]
    # The descriptor comes with "C" (the kernel may join "AB" to that read, never "D").
    assert b"".join(msg for msg, _ in got[: index + 1]) == b"ABC"
    assert fd != r
    assert os.read(fd, 100) == b"through the pipe"
    for each in (fd, r, w):
        os.close(each)


def test_more_descriptors_than_bytes_is_an_overrun(reactor: AsyncioReactor, tmp_path: Path) -> None:
    """A descriptor queued with no byte to carry it loses the connection with
    FileDescriptorOverrun; the peer gets end of file and no descriptor."""
    r, w = os.pipe()
    reasons: list[Any] = []

    class Overrun(protocol.Protocol):
        def connectionMade(self) -> None:
            self.transport.sendFileDescriptor(r)
            self.transport.sendFileDescriptor(r)
            self.transport.write(b"x")

        def connectionLost(self, reason: Any) -> None:
            reasons.append(reason)
            reactor.stop()

    path = listen(reactor, tmp_path, Overrun)

    def peer() -> tuple[bytes, list[int]]:
        with socket.socket(socket.AF_UNIX) as c:
            c.connect(path)
            c.settimeout(5)
            msg, fds, _flags, _ = socket.recv_fds(c, 100, 4)
            return msg, fds

    join = in_thread(peer)
    run(reactor)
    assert join() == (b"", [])
    (reason,) = reasons
    assert reason.check(error.FileDescriptorOverrun)
    os.close(r)
    os.close(w)


def test_descriptor_sent_to_a_plain_protocol_is_closed(
    reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """A protocol that is not an IFileDescriptorReceiver gets the bytes; the descriptor that
    came with them does not stay open in this process (the kernel closes it)."""
    probe, probed = socket.socketpair()
    received: list[bytes] = []

    class Plain(protocol.Protocol):
        def dataReceived(self, data: bytes) -> None:
            received.append(data)

        def connectionLost(self, reason: Any) -> None:
            reactor.stop()

    path = listen(reactor, tmp_path, Plain)

    def peer() -> None:
        with socket.socket(socket.AF_UNIX) as c:
            c.connect(path)
            socket.send_fds(c, [b"data"], [probe.fileno()])

    join = in_thread(peer)
    run(reactor)
    join()
    assert b"".join(received) == b"data"
    probe.close()
    # With every copy of the other end closed, this end reads end of file at once.
    probed.settimeout(5)
    assert probed.recv(10) == b""
    probed.close()


def test_receiver_paused_in_connectionMade_gets_descriptors_once_resumed(
    reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """pauseProducing holds reading (descriptors and bytes) until resumeProducing."""
    r, w = pipe_with(b"late")
    servers: list[Recorder] = []

    class Paused(Recorder):
        def connectionMade(self) -> None:
            self.transport.pauseProducing()
            reactor.callLater(0.3, self.resume)

        def resume(self) -> None:
            self.events.append(("resumed", None))
            self.transport.resumeProducing()

    def build() -> Recorder:
        servers.append(Paused(reactor))
        return servers[-1]

    path = listen(reactor, tmp_path, build)

    def peer() -> None:
        with socket.socket(socket.AF_UNIX) as c:
            c.connect(path)
            socket.send_fds(c, [b"payload"], [r])

    join = in_thread(peer)
    run(reactor)
    join()
    (server,) = servers
    assert [kind for kind, _ in server.events] == ["resumed", "fd", "data"]
    fd = server.events[1][1]
    assert os.read(fd, 10) == b"late"
    for each in (fd, r, w):
        os.close(each)


def test_sendmsg_module_round_trip() -> None:
    """twisted.python.sendmsg: recvmsg's cmsgSize is the payload room (one int fits one
    descriptor); the answer is a ReceivedMessage."""
    a, b = socket.socketpair()
    r, w = os.pipe()
    with a, b:
        assert sendmsg.getSocketFamily(a) == socket.AF_UNIX
        sent = sendmsg.sendmsg(
            a, b"hi", [(socket.SOL_SOCKET, sendmsg.SCM_RIGHTS, r.to_bytes(4, "little"))]
        )
        assert sent == 2
        message = sendmsg.recvmsg(b, cmsgSize=4)
        assert isinstance(message, sendmsg.ReceivedMessage)
        assert message.data == b"hi"
        ((level, kind, payload),) = message.ancillary
        assert (level, kind) == (socket.SOL_SOCKET, socket.SCM_RIGHTS)
        fd = int.from_bytes(payload[:4], "little")
        assert os.fstat(fd).st_ino == os.fstat(r).st_ino
    for each in (fd, r, w):
        os.close(each)


def test_client_receives_a_descriptor_from_a_socket_server(
    reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """connectUNIX with an IFileDescriptorReceiver protocol: a plain socket server that
    sends a descriptor on accept; the client gets it before the bytes, and its replies
    reach the server."""
    path = str(tmp_path / "srv.sock")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen(1)
    r, w = pipe_with(b"from server")
    clients: list[Recorder] = []

    class Replying(Recorder):
        def dataReceived(self, data: bytes) -> None:
            Recorder.dataReceived(self, data)
            self.transport.write(b"thanks")
            self.transport.loseConnection()

    def build() -> Recorder:
        clients.append(Replying(reactor))
        return clients[-1]

    def server() -> bytes:
        conn, _ = listener.accept()
        with conn:
            socket.send_fds(conn, [b"take this"], [r])
            conn.settimeout(5)
            got = b""
            while chunk := conn.recv(100):
                got += chunk
            return got

    join = in_thread(server)
    factory = protocol.ClientFactory()
    factory.buildProtocol = lambda addr: build()  # type: ignore[method-assign]
    reactor.connectUNIX(path, factory)
    run(reactor)
    assert join() == b"thanks"
    listener.close()
    (client,) = clients
    assert [kind for kind, _ in client.events] == ["fd", "data"]
    fd = client.events[0][1]
    assert os.read(fd, 100) == b"from server"
    assert client.reason.check(error.ConnectionDone)
    for each in (fd, r, w):
        os.close(each)
