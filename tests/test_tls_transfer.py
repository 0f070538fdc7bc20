"""Bulk data over listenSSL/connectSSL in one process, on the loop under test.

The TLS read path decrypts into one buffer shared by a thread's connections and copies each
read out before the protocol sees it; these tests would see corrupted, mixed or lost bytes if
that copy or the hand-over of paused reads went wrong.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import protocol
from twistio.internet import ssl as tssl
from twistio.internet.defer import Deferred, DeferredList

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
