"""The TLS handshake against a stdlib ``ssl``/raw-socket peer when reading stops or the peer goes.

Twisted's ``stopReading`` takes the socket out of the reactor, so a TLS connection that stops
reading in ``connectionMade`` does not answer the peer's ClientHello until it reads again (the
loops' ``start_tls`` resumes the raw transport it paused, which used to let the handshake run
on).  A peer that closes its socket mid-handshake ends the connection with ``ConnectionLost``
on both loops (the stdlib loop's ``start_tls`` returns None then, which used to leave the
connection with no ``connectionLost`` at all: a hang).
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from typing import Any

import pytest
from zope.interface import implementer

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import error, protocol
from twistio.internet import ssl as tssl
from twistio.internet.interfaces import IHandshakeListener
from twistio.python import log
from twistio.python.failure import Failure

pytestmark = pytest.mark.realpeer


@pytest.fixture(scope="module")
def certificate() -> tssl.PrivateCertificate:
    return tssl.KeyPair.generate(size=2048).selfSignedCert(1, commonName="localhost")


class StopsReadingEcho(protocol.Protocol):
    """Stops reading as soon as it is connected; echoes what it reads once resumed."""

    instances: list[StopsReadingEcho]

    def connectionMade(self) -> None:
        self.transport.stopReading()
        self.instances.append(self)

    def dataReceived(self, data: bytes) -> None:
        self.transport.write(data)


def _run(reactor: AsyncioReactor, client: Any, seconds: float = 30) -> None:
    """Run ``client`` in a thread; stop the reactor when it returns (or after ``seconds``)."""

    def target() -> None:
        try:
            client()
        finally:
            reactor.callFromThread(reactor.stop)

    reactor.callWhenRunning(threading.Thread(target=target, daemon=True).start)
    guard = reactor.callLater(seconds, reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert guard.active(), "the reactor had to be stopped by the guard"
    guard.cancel()


def test_stop_reading_in_connection_made_stalls_the_handshake(
    fresh_reactor: AsyncioReactor, certificate: tssl.PrivateCertificate
) -> None:
    """The handshake does not complete while the server is not reading, and completes (and
    data flows) once it reads again."""
    reactor = fresh_reactor
    servers: list[StopsReadingEcho] = []
    factory = protocol.Factory.forProtocol(StopsReadingEcho)
    StopsReadingEcho.instances = servers
    port = reactor.listenSSL(0, factory, certificate.options(), interface="127.0.0.1")
    outcome: dict[str, Any] = {}

    def client() -> None:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        raw = socket.create_connection(("127.0.0.1", port.getHost().port))
        # uvloop starts reading an accepted socket once connection_made returns, before the
        # pause can be re-applied: a ClientHello already there can be read once.  Send it
        # after the server has settled into not reading.
        time.sleep(0.2)
        with ctx.wrap_socket(raw, do_handshake_on_connect=False) as tls:
            tls.settimeout(0.5)
            try:
                tls.do_handshake()
                outcome["first"] = "completed"
            except TimeoutError:
                outcome["first"] = "timed out"
            reactor.callFromThread(lambda: servers[0].transport.startReading())
            tls.settimeout(10)
            tls.do_handshake()
            tls.sendall(b"ping")
            outcome["echo"] = tls.recv(100)

    _run(reactor, client)
    port.stopListening()
    assert outcome == {"first": "timed out", "echo": b"ping"}


class Recorder(protocol.Protocol):
    """Records how its connection ended."""

    reasons: list[Failure]

    def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
        self.reasons.append(reason)


@pytest.mark.parametrize("sent", [b"", b"\x16\x03\x01\x00\x05"], ids=["nothing", "partial"])
def test_peer_closing_mid_handshake_is_connection_lost(
    fresh_reactor: AsyncioReactor, certificate: tssl.PrivateCertificate, sent: bytes
) -> None:
    """A raw peer that connects, sends nothing (or part of a ClientHello record) and closes:
    connectionLost comes, with ConnectionLost as on Twisted."""
    reactor = fresh_reactor
    reasons: list[Failure] = []
    Recorder.reasons = reasons
    port = reactor.listenSSL(
        0, protocol.Factory.forProtocol(Recorder), certificate.options(), interface="127.0.0.1"
    )

    def client() -> None:
        with socket.create_connection(("127.0.0.1", port.getHost().port)) as s:
            s.sendall(sent)
        # Give the server up to 5 s to report connectionLost (it used to never come).
        for _ in range(100):
            if reasons:
                return
            time.sleep(0.05)

    _run(reactor, client)
    port.stopListening()
    assert len(reasons) == 1
    assert reasons[0].check(error.ConnectionLost)


@implementer(IHandshakeListener)
class AbortsDuringHandshake(protocol.Protocol):
    """Aborts its connection a moment after connecting, before any handshake can finish."""

    reasons: list[Failure]
    handshakes: list[bool]

    def connectionMade(self) -> None:
        self.transport.write(b"never sent")
        self.factory.reactor.callLater(0.05, self.transport.abortConnection)

    def handshakeCompleted(self) -> None:
        self.handshakes.append(True)

    def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
        self.reasons.append(reason)


def test_abort_during_handshake_is_connection_aborted(
    fresh_reactor: AsyncioReactor, certificate: tssl.PrivateCertificate
) -> None:
    """abortConnection while the (silent) peer has not answered the ClientHello: connectionLost
    with ConnectionAborted, no handshakeCompleted, and the peer sees the socket go."""
    reactor = fresh_reactor
    listener = socket.create_server(("127.0.0.1", 0))
    reasons: list[Failure] = []
    handshakes: list[bool] = []
    AbortsDuringHandshake.reasons = reasons
    AbortsDuringHandshake.handshakes = handshakes
    factory = protocol.ClientFactory.forProtocol(AbortsDuringHandshake)
    factory.reactor = reactor  # type: ignore[attr-defined]
    peer: dict[str, Any] = {}

    def client() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(10)
            hello = conn.recv(5)
            peer["hello"] = hello[:1]
            try:
                while conn.recv(65536):
                    pass
                peer["end"] = "eof"
            except ConnectionResetError:
                peer["end"] = "reset"
        for _ in range(100):
            if reasons:
                return
            time.sleep(0.05)

    options = tssl.optionsForClientTLS("localhost", trustRoot=certificate)
    reactor.callWhenRunning(
        reactor.connectSSL, "127.0.0.1", listener.getsockname()[1], factory, options
    )
    _run(reactor, client)
    listener.close()
    assert peer == {"hello": b"\x16", "end": "reset"}
    assert handshakes == []
    assert len(reasons) == 1
    assert reasons[0].check(error.ConnectionAborted)


class RaisingPullProducer(protocol.Protocol):
    """Writes a backlog before the handshake, then registers itself as a pull producer whose
    first real ``resumeProducing`` aborts the connection and raises."""

    calls: list[int]
    reasons: list[Failure]
    registering = False

    def connectionMade(self) -> None:
        self.transport.write(b"x" * 700_000)
        self.registering = True
        self.transport.registerProducer(self, False)
        self.registering = False

    def resumeProducing(self) -> None:
        if self.registering:
            return
        self.calls.append(1)
        self.transport.abortConnection()
        raise ZeroDivisionError("from resumeProducing")

    def stopProducing(self) -> None:
        pass

    def connectionLost(self, reason: Failure = protocol.connectionDone) -> None:
        self.reasons.append(reason)


def test_pull_producer_failing_after_handshake_is_asked_once(
    fresh_reactor: AsyncioReactor, tmp_path: Any, certificate: tssl.PrivateCertificate
) -> None:
    """A pull producer resumed when the pre-handshake backlog drains, that aborts and raises,
    is not asked again (it used to be, once more, by the hand-over to the TLS transport)."""
    reactor = fresh_reactor
    (tmp_path / "server.pem").write_bytes(certificate.dumpPEM())
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(tmp_path / "server.pem")
    listener = socket.create_server(("127.0.0.1", 0))
    calls: list[int] = []
    reasons: list[Failure] = []
    RaisingPullProducer.calls = calls
    RaisingPullProducer.reasons = reasons
    errors: list[Any] = []
    observer = errors.append

    def server() -> None:
        conn, _ = listener.accept()
        with ctx.wrap_socket(conn, server_side=True) as tls:
            tls.settimeout(10)
            try:
                while tls.recv(65536):
                    pass
            except (OSError, ssl.SSLError):
                pass
        for _ in range(100):
            if reasons:
                return
            time.sleep(0.05)

    log.addObserver(observer)
    try:
        reactor.callWhenRunning(
            reactor.connectSSL,
            "127.0.0.1",
            listener.getsockname()[1],
            protocol.ClientFactory.forProtocol(RaisingPullProducer),
            tssl.CertificateOptions(),
        )
        _run(reactor, server)
    finally:
        log.removeObserver(observer)
        listener.close()
    assert calls == [1]
    assert len(reasons) == 1
    logged = [e for e in errors if e.get("isError") and e.get("failure") is not None]
    assert [e["failure"].type for e in logged] == [ZeroDivisionError]


def test_tls_port_start_message_says_tls(
    fresh_reactor: AsyncioReactor, certificate: tssl.PrivateCertificate
) -> None:
    """listenSSL logs "<factory> (TLS) starting on <port>", as Twisted does; listenTCP has no
    label."""
    messages: list[tuple[Any, ...]] = []

    def observer(event: dict[str, Any]) -> None:
        messages.append(event["message"])

    factory = protocol.Factory.forProtocol(protocol.Protocol)
    log.addObserver(observer)
    try:
        tls = fresh_reactor.listenSSL(0, factory, certificate.options(), interface="127.0.0.1")
        tcp = fresh_reactor.listenTCP(0, factory, interface="127.0.0.1")
    finally:
        log.removeObserver(observer)
    tlsPort, tcpPort = tls.getHost().port, tcp.getHost().port
    tls.stopListening()
    tcp.stopListening()
    assert (f"Factory (TLS) starting on {tlsPort}",) in messages
    assert (f"Factory starting on {tcpPort}",) in messages
