"""Bulk data over listenSSL/connectSSL in one process, on the loop under test.

The TLS read path decrypts into one buffer shared by a thread's connections and copies each
read out before the protocol sees it; these tests would see corrupted, mixed or lost bytes if
that copy or the hand-over of paused reads went wrong.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from zope.interface import implementer

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import protocol
from twistio.internet import ssl as tssl
from twistio.internet.defer import Deferred, DeferredList
from twistio.internet.interfaces import IHandshakeListener
from twistio.python import log

pytestmark = pytest.mark.realpeer

SIZE = 2 * 1024 * 1024


@pytest.fixture(scope="module")
def certificate() -> tssl.PrivateCertificate:
    return tssl.KeyPair.generate(size=2048).selfSignedCert(1, commonName="localhost")


class PausingEcho(protocol.Protocol):
    """Echoes everything, stopping reading for a moment after each 256 KiB it has seen."""

    seen = 0

    def dataReceived(self, data: bytes) -> None:
        self.transport.write(data)
        before, self.seen = self.seen, self.seen + len(data)
        if before // 262144 != self.seen // 262144:
            self.transport.pauseProducing()
            self.factory.reactor.callLater(0.001, self.transport.resumeProducing)


class Sender(protocol.Protocol):
    """Sends ``payload`` in 64 KiB writes and fires ``done`` with everything echoed back."""

    def __init__(self, payload: bytes, done: Deferred[bytes]) -> None:
        self.payload = payload
        self.done = done
        self.received: list[bytes] = []
        self.count = 0
        #: The asyncio protocol the loop's TLS transport drove, seen at the first read.
        self.appProtocol: Any = None

    def connectionMade(self) -> None:
        for i in range(0, len(self.payload), 65536):
            self.transport.write(self.payload[i : i + 65536])

    def dataReceived(self, data: bytes) -> None:
        if self.appProtocol is None:
            self.appProtocol = self.transport._tr.get_protocol()
        self.received.append(data)
        self.count += len(data)
        if self.count >= len(self.payload):
            self.transport.loseConnection()
            self.done.callback(b"".join(self.received))


def _echoAll(
    reactor: AsyncioReactor, certificate: tssl.PrivateCertificate, payloads: list[bytes]
) -> tuple[list[bytes], list[Any]]:
    server = protocol.Factory.forProtocol(PausingEcho)
    server.reactor = reactor  # type: ignore[attr-defined]
    port = reactor.listenSSL(0, server, certificate.options(), interface="127.0.0.1")
    client = tssl.optionsForClientTLS("localhost", trustRoot=certificate)
    results: list[bytes] = []
    transports: list[Any] = []

    def connect(payload: bytes) -> Deferred[bytes]:
        done: Deferred[bytes] = Deferred()
        factory = protocol.ClientFactory()

        def build(addr: Any) -> Sender:
            p = Sender(payload, done)
            p.factory = factory
            transports.append(p)
            return p

        factory.buildProtocol = build  # type: ignore[method-assign]
        reactor.connectSSL("127.0.0.1", port.getHost().port, factory, client)
        return done

    def go() -> None:
        d = DeferredList([connect(p) for p in payloads], fireOnOneErrback=True)
        d.addCallback(lambda rs: results.extend(r for _, r in rs))
        d.addBoth(lambda _: port.stopListening())
        d.addBoth(lambda _: reactor.callLater(0.05, reactor.stop))

    reactor.callWhenRunning(go)
    timeout = reactor.callLater(120, reactor.stop)
    reactor.run(installSignalHandlers=False)
    if timeout.active():
        timeout.cancel()
    return results, transports


def test_bulk_echo_intact_across_connections(
    fresh_reactor: AsyncioReactor, certificate: tssl.PrivateCertificate
) -> None:
    """Three connections echo 2 MiB each at once, through a server that keeps pausing its
    reading; each client gets back exactly its own bytes, in order."""
    payloads = [bytes(range(i, 256)) * (SIZE // 256 + 1) for i in (1, 2, 3)]
    payloads = [p[:SIZE] for p in payloads]
    results, _ = _echoAll(fresh_reactor, certificate, payloads)
    assert len(results) == 3
    for sent, got in zip(payloads, results, strict=True):
        assert len(got) == len(sent)
        assert got == sent


def test_loop_decrypts_into_a_buffered_protocol(
    fresh_reactor: AsyncioReactor, certificate: tssl.PrivateCertificate
) -> None:
    """The loop's TLS transport drives a BufferedProtocol, so it decrypts into our buffer
    instead of allocating 256 KiB per record (the cost that made uvloop TLS slow)."""
    _, transports = _echoAll(fresh_reactor, certificate, [b"x" * 100000])
    assert isinstance(transports[0].appProtocol, asyncio.BufferedProtocol)


@implementer(IHandshakeListener)
class HandshakeRecorder(protocol.Protocol):
    """Records handshakeCompleted and data in order; the client greets at connectionMade."""

    def __init__(self, events: list[str], greet: bool, fail: bool = False) -> None:
        self.events = events
        self.greet = greet
        self.fail = fail

    def connectionMade(self) -> None:
        if self.greet:
            self.transport.write(b"hello")

    def handshakeCompleted(self) -> None:
        self.events.append("handshake")
        if self.fail:
            raise ValueError("handshakeCompleted failed")

    def dataReceived(self, data: bytes) -> None:
        self.events.append("data")
        if not self.greet:
            self.transport.write(data)
        else:
            self.transport.loseConnection()

    def connectionLost(self, reason: Any) -> None:
        self.events.append("lost:" + reason.type.__name__)
        self.factory.lost.callback(None)


def _handshakePair(
    reactor: AsyncioReactor, serverOptions: Any, clientOptions: Any, clientFails: bool = False
) -> tuple[list[str], list[str]]:
    serverEvents: list[str] = []
    clientEvents: list[str] = []
    serverFactory = protocol.Factory()
    serverFactory.lost = Deferred()  # type: ignore[attr-defined]
    serverFactory.buildProtocol = (  # type: ignore[method-assign]
        lambda addr: _bound(HandshakeRecorder(serverEvents, False), serverFactory)
    )
    clientFactory = protocol.ClientFactory()
    clientFactory.lost = Deferred()  # type: ignore[attr-defined]
    clientFactory.buildProtocol = (  # type: ignore[method-assign]
        lambda addr: _bound(HandshakeRecorder(clientEvents, True, clientFails), clientFactory)
    )
    port = reactor.listenSSL(0, serverFactory, serverOptions, interface="127.0.0.1")
    reactor.connectSSL("127.0.0.1", port.getHost().port, clientFactory, clientOptions)
    both = DeferredList([serverFactory.lost, clientFactory.lost])  # type: ignore[attr-defined]
    both.addBoth(lambda _: port.stopListening())
    both.addBoth(lambda _: reactor.stop())
    timeout = reactor.callLater(60, reactor.stop)
    reactor.run(installSignalHandlers=False)
    if timeout.active():
        timeout.cancel()
    return serverEvents, clientEvents


def _bound(p: HandshakeRecorder, factory: Any) -> HandshakeRecorder:
    p.factory = factory
    return p


def test_handshake_completed_before_data(
    fresh_reactor: AsyncioReactor, certificate: tssl.PrivateCertificate
) -> None:
    """An IHandshakeListener hears handshakeCompleted once on each side, before any data."""
    server, client = _handshakePair(fresh_reactor, certificate.options(), tssl.CertificateOptions())
    assert server == ["handshake", "data", "lost:ConnectionDone"]
    assert client == ["handshake", "data", "lost:ConnectionDone"]


def test_handshake_completed_failing_drops_connection(
    fresh_reactor: AsyncioReactor, certificate: tssl.PrivateCertificate
) -> None:
    """An exception from handshakeCompleted is logged and drops the connection; what the
    protocol wrote before is not sent, and the server loses the connection uncleanly."""
    observed: list[dict[str, Any]] = []
    log.addObserver(observed.append)
    try:
        server, client = _handshakePair(
            fresh_reactor, certificate.options(), tssl.CertificateOptions(), clientFails=True
        )
    finally:
        log.removeObserver(observed.append)
    assert client == ["handshake", "lost:ValueError"]
    assert "data" not in server
    assert server[-1] == "lost:ConnectionLost"
    assert any(
        e.get("isError") and "handshakeCompleted failed" in str(e.get("failure")) for e in observed
    )


def test_default_openssl_context_factory_on_both_sides(
    fresh_reactor: AsyncioReactor, certificate: tssl.PrivateCertificate, tmp_path: Any
) -> None:
    """Classic code hands a DefaultOpenSSLContextFactory to connectSSL too (to present a
    certificate): the client side gets a client context and does not verify the server."""
    keyFile, certFile = tmp_path / "key.pem", tmp_path / "cert.pem"
    keyFile.write_bytes(certificate.privateKey.dump(tssl.FILETYPE_PEM))
    certFile.write_bytes(certificate.dump(tssl.FILETYPE_PEM))
    factory = tssl.DefaultOpenSSLContextFactory(str(keyFile), str(certFile))
    server, client = _handshakePair(fresh_reactor, factory, factory)
    assert server == ["handshake", "data", "lost:ConnectionDone"]
    assert client == ["handshake", "data", "lost:ConnectionDone"]
