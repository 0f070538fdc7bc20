"""twisted.protocols.pcp: a proxy that is a consumer to one side and a producer to the other.

It sits between a producer and the consumer it feeds (for instance to shape traffic, see
twisted.protocols.htb): the upstream producer writes into the proxy, and the proxy registers
itself as the producer of the downstream consumer, relaying pause/resume/stop as documented
on each class.  Data written while the proxy may not pass it on is buffered.
"""

from __future__ import annotations

from typing import Any

from zope.interface import implementer

from twistio.internet import interfaces

__name__ = "twisted.protocols.pcp"


def _joined(chunks: list[Any]) -> Any:
    # Data is usually bytes, but the proxy passes through whatever it is given.
    return chunks[0][:0].join(chunks)


@implementer(interfaces.IProducer, interfaces.IConsumer)
class BasicProducerConsumerProxy:
    """Relay writes to ``consumer`` and producer calls to the registered producer.

    As a producer (for ``consumer``): while paused, writes are buffered and the upstream
    producer is paused too; resuming flushes the buffer.  When ``iAmStreaming`` is false the
    proxy acts as a pull producer: writes wait for a ``resumeProducing`` (a pull) and one
    pull lets the next write through.  After ``stopProducing`` writes are dropped.
    """

    consumer: Any = None
    producer: Any = None
    producerIsStreaming: bool | None = None
    iAmStreaming = True
    outstandingPull = False
    paused = False
    stopped = False

    def __init__(self, consumer: Any) -> None:
        self._buffer: list[Any] = []
        if consumer is not None:
            self.consumer = consumer
            consumer.registerProducer(self, self.iAmStreaming)

    # -- IProducer (towards the consumer) ---------------------------------------------------

    def pauseProducing(self) -> None:
        self.paused = True
        if self.producer is not None:
            self.producer.pauseProducing()

    def resumeProducing(self) -> None:
        self.paused = False
        if self._buffer:
            data = _joined(self._buffer)
            del self._buffer[:]
            if self.consumer is not None:
                self.consumer.write(data)
        elif not self.iAmStreaming:
            self.outstandingPull = True
        if self.producer is not None:
            self.producer.resumeProducing()

    def stopProducing(self) -> None:
        if self.producer is not None:
            self.producer.stopProducing()
        self.stopped = True

    # -- IConsumer (towards the producer) ---------------------------------------------------

    def _holding(self) -> bool:
        return self.paused or (not self.iAmStreaming and not self.outstandingPull)

    def write(self, data: Any) -> None:
        if self.stopped:
            return
        if self._holding():
            self._buffer.append(data)
        elif self.consumer is not None:
            self.consumer.write(data)
            self.outstandingPull = False

    def finish(self) -> None:
        """The upstream is done: tell the consumer and forget the producer."""
        if self.consumer is not None:
            self.consumer.finish()
        self.unregisterProducer()

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        self.producer = producer
        self.producerIsStreaming = streaming

    def unregisterProducer(self) -> None:
        if self.producer is not None:
            self.producer = None
        if self.consumer is not None:
            self.consumer.unregisterProducer()

    def __repr__(self) -> str:
        return f"<{self.__class__}@{id(self):x} around {self.consumer}>"


class ProducerConsumerProxy(BasicProducerConsumerProxy):
    """A proxy with a bounded buffer of its own.

    Pausing the proxy does not pause the upstream producer; instead a streaming producer is
    paused once more than ``bufferSize`` is buffered, and resumed when the buffer drains.  A
    pull producer is asked for more each time the proxy is resumed.  ``_writeSomeData``
    (which subclasses may override) says how much of a write the consumer took; the rest
    stays buffered.
    """

    bufferSize = 2**2**2**2
    producerPaused = False
    unregistered = False

    def pauseProducing(self) -> None:
        self.paused = True

    def resumeProducing(self) -> None:
        self.paused = False
        if self._buffer:
            data = _joined(self._buffer)
            sent = self._writeSomeData(data)
            if sent < len(data):
                self._buffer[:] = [data[sent:]]
            else:
                del self._buffer[:]
        elif not self.iAmStreaming:
            self.outstandingPull = True
        producer = self.producer
        if producer is None:
            return
        if self.producerIsStreaming:
            if self.producerPaused and self._buffered() <= self.bufferSize:
                self.producerPaused = False
                producer.resumeProducing()
        elif not self._buffer:
            producer.resumeProducing()

    def _buffered(self) -> int:
        return sum(len(chunk) for chunk in self._buffer)

    def write(self, data: Any) -> None:
        if self.stopped:
            return
        if self._holding():
            self._buffer.append(data)
            if (
                self.producer is not None
                and self.producerIsStreaming
                and not self.producerPaused
                and self._buffered() > self.bufferSize
            ):
                self.producerPaused = True
                self.producer.pauseProducing()
            return
        sent = self._writeSomeData(data)
        if sent < len(data):
            self._buffer.append(data[sent:])
        self.outstandingPull = False

    def _writeSomeData(self, data: Any) -> int:
        """Give ``data`` to the consumer; returns how much of it was taken."""
        if self.consumer is None:
            return 0
        self.consumer.write(data)
        return len(data)

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        self.unregistered = False
        BasicProducerConsumerProxy.registerProducer(self, producer, streaming)
        if not streaming:
            producer.resumeProducing()

    def unregisterProducer(self) -> None:
        if self.producer is not None:
            self.producer = None
            self.unregistered = True
        if self.consumer is not None:
            self.consumer.unregisterProducer()


__all__ = ["BasicProducerConsumerProxy", "ProducerConsumerProxy"]
