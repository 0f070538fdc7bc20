"""protocols.pcp: the producer/consumer proxy buffers, pauses and pulls as documented."""

from __future__ import annotations

from typing import Any

from twistio.internet.testing import StringTransport
from twistio.protocols import pcp


class Upstream:
    def __init__(self) -> None:
        self.events: list[str] = []

    def pauseProducing(self) -> None:
        self.events.append("pause")

    def resumeProducing(self) -> None:
        self.events.append("resume")

    def stopProducing(self) -> None:
        self.events.append("stop")


def test_bounded_buffer_pauses_and_resumes_the_upstream() -> None:
    """A paused ProducerConsumerProxy buffers; past bufferSize the streaming upstream is
    paused, and it is resumed once the buffer is flushed to the consumer."""
    consumer = StringTransport()
    proxy = pcp.ProducerConsumerProxy(consumer)
    assert consumer.producer is proxy and consumer.streaming
    proxy.bufferSize = 10
    upstream = Upstream()
    proxy.registerProducer(upstream, True)
    proxy.pauseProducing()
    proxy.write(b"x" * 6)
    assert upstream.events == [] and consumer.value() == b""
    proxy.write(b"y" * 6)
    assert upstream.events == ["pause"]
    proxy.resumeProducing()
    assert consumer.value() == b"x" * 6 + b"y" * 6
    assert upstream.events == ["pause", "resume"]


def test_pull_proxy_writes_once_per_pull_and_stop_drops() -> None:
    """A pull (non-streaming) proxy holds writes until pulled; after stopProducing nothing
    more reaches the consumer and the upstream is told to stop."""

    class Pull(pcp.BasicProducerConsumerProxy):
        iAmStreaming = False

    consumer = StringTransport()
    proxy: Any = Pull(consumer)
    upstream = Upstream()
    proxy.registerProducer(upstream, True)
    proxy.write(b"held")
    assert consumer.value() == b""
    proxy.resumeProducing()
    assert consumer.value() == b"held"
    proxy.stopProducing()
    proxy.write(b"dropped")
    assert consumer.value() == b"held"
    assert upstream.events == ["resume", "stop"]
