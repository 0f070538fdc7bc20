"""twisted.internet.protocol: Protocol, Factory and friends.

A *protocol* reacts to events on one connection; a *factory* makes a protocol for each
connection and is started (``doStart``) when its first port or connector begins using it and
stopped (``doStop``) when the last one is done.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from zope.interface import implementer

from twistio.internet import error, interfaces
from twistio.internet.interfaces import (
    IConsumer,
    ILoggingContext,
    IProcessProtocol,
    IProtocol,
    IProtocolFactory,
    ITransport,
)
from twistio.logger import _loggerFor
from twistio.python import components, failure, log

__name__ = "twisted.internet.protocol"

P = TypeVar("P", bound="Protocol")


@implementer(IProtocolFactory, ILoggingContext)
class Factory(Generic[P]):
    """Makes protocol instances of the class in ``protocol`` (see :meth:`buildProtocol`).

    ``numPorts`` counts the ports/connectors using the factory: :meth:`startFactory` runs
    when it goes from 0 to 1 and :meth:`stopFactory` when it falls back to 0, logging
    "Starting factory ..." / "Stopping factory ..." when ``noisy`` is true.
    """

    protocol: Callable[[], P] | None = None
    numPorts = 0
    noisy = True

    @classmethod
    def forProtocol(cls, protocol: Callable[[], P], *args: Any, **kwargs: Any) -> Any:
        """A factory of this class, made with ``args``/``kwargs``, that builds ``protocol``."""
        factory = cls(*args, **kwargs)
        factory.protocol = protocol
        return factory

    def logPrefix(self) -> str:
        """The class name, used as log context."""
        return self.__class__.__name__

    def doStart(self) -> None:
        """A port or connector begins using this factory."""
        if not self.numPorts:
            if self.noisy:
                _loggerFor(self).info("Starting factory {factory!r}", factory=self)
            self.startFactory()
        self.numPorts = self.numPorts + 1

    def doStop(self) -> None:
        """A port or connector is done with this factory."""
        if self.numPorts == 0:
            # Stopping more often than started is tolerated, as in Twisted.
            return
        self.numPorts = self.numPorts - 1
        if not self.numPorts:
            if self.noisy:
                _loggerFor(self).info("Stopping factory {factory!r}", factory=self)
            self.stopFactory()

    def startFactory(self) -> None:
        """Hook: the factory is starting to be used (override)."""

    def stopFactory(self) -> None:
        """Hook: the factory is no longer used (override)."""

    def buildProtocol(self, addr: Any) -> P | None:
        """A new protocol (``self.protocol()``) with ``factory`` set to this factory."""
        assert self.protocol is not None
        p = self.protocol()
        p.factory = self
        return p


class ServerFactory(Factory[P]):
    """A factory for protocols accepted by a listening port."""


class ClientFactory(Factory[P]):
    """A factory for outgoing connections; told when connecting starts, fails or ends."""

    def startedConnecting(self, connector: Any) -> None:
        """Hook: a connection attempt started."""

    def clientConnectionFailed(self, connector: Any, reason: failure.Failure) -> None:
        """Hook: a connection attempt failed."""

    def clientConnectionLost(self, connector: Any, reason: failure.Failure) -> None:
        """Hook: an established connection ended."""


class _InstanceFactory(ClientFactory[Any]):
    """Hands one pre-built protocol to one connection and fires a Deferred with it."""

    noisy = False
    pending: Any = None

    def __init__(self, reactor: Any, instance: Any, deferred: Any) -> None:
        self.reactor = reactor
        self.instance = instance
        self.deferred = deferred

    def __repr__(self) -> str:
        return f"<ClientCreator factory: {self.instance!r}>"

    def buildProtocol(self, addr: Any) -> Any:
        self.pending = self.reactor.callLater(0, self.fire, self.deferred.callback, self.instance)
        self.deferred = None
        return self.instance

    def clientConnectionFailed(self, connector: Any, reason: failure.Failure) -> None:
        self.pending = self.reactor.callLater(0, self.fire, self.deferred.errback, reason)
        self.deferred = None

    def fire(self, func: Callable[[Any], object], value: Any) -> None:
        self.pending = None
        func(value)


class ClientCreator:
    """Connects a single protocol instance, built from ``protocolClass(*args, **kwargs)``.

    Each ``connect*`` method returns a Deferred firing with the connected protocol; cancelling
    it stops the attempt (or drops the connection if it was already made).
    """

    def __init__(self, reactor: Any, protocolClass: Any, *args: Any, **kwargs: Any) -> None:
        self.reactor = reactor
        self.protocolClass = protocolClass
        self.args = args
        self.kwargs = kwargs

    def _connect(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        from twistio.internet.defer import Deferred

        def cancel(deferred: Any) -> None:
            connector.disconnect()
            if factory.pending is not None:
                factory.pending.cancel()
                factory.pending = None

        deferred: Any = Deferred(cancel)
        factory = _InstanceFactory(
            self.reactor, self.protocolClass(*self.args, **self.kwargs), deferred
        )
        connector = method(*args, factory=factory, **kwargs)
        return deferred

    def connectTCP(self, host: str, port: int, timeout: float = 30, bindAddress: Any = None) -> Any:
        """Connect over TCP (see ``IReactorTCP.connectTCP``)."""
        return self._connect(
            self.reactor.connectTCP, host, port, timeout=timeout, bindAddress=bindAddress
        )

    def connectUNIX(self, address: str, timeout: float = 30, checkPID: bool = False) -> Any:
        """Connect over a UNIX socket (see ``IReactorUNIX.connectUNIX``)."""
        return self._connect(self.reactor.connectUNIX, address, timeout=timeout, checkPID=checkPID)

    def connectSSL(
        self,
        host: str,
        port: int,
        contextFactory: Any,
        timeout: float = 30,
        bindAddress: Any = None,
    ) -> Any:
        """Connect over TLS (see ``IReactorSSL.connectSSL``)."""
        return self._connect(
            self.reactor.connectSSL,
            host,
            port,
            contextFactory=contextFactory,
            timeout=timeout,
            bindAddress=bindAddress,
        )


class ReconnectingClientFactory(ClientFactory[P]):
    """A client factory that reconnects after failures, backing off exponentially.

    Each retry multiplies ``delay`` by ``factor`` (capped at ``maxDelay``) and perturbs it
    with a normal ``jitter``; ``maxRetries`` (if set) bounds the attempts.  Call
    :meth:`resetDelay` once a connection is established and :meth:`stopTrying` to give up.
    ``clock`` (the reactor by default) schedules the retries.
    """

    maxDelay = 3600
    initialDelay = 1.0
    factor = 2.7182818284590451
    jitter = 0.119626565582
    delay = initialDelay
    retries = 0
    maxRetries: int | None = None
    _callID: Any = None
    connector: Any = None
    clock: Any = None
    continueTrying = 1

    def clientConnectionFailed(self, connector: Any, reason: failure.Failure) -> None:
        if self.continueTrying:
            self.connector = connector
            self.retry()

    def clientConnectionLost(self, connector: Any, unused_reason: failure.Failure) -> None:
        if self.continueTrying:
            self.connector = connector
            self.retry()

    def retry(self, connector: Any = None) -> None:
        """Schedule a new connection attempt after the next back-off delay."""
        if not self.continueTrying:
            if self.noisy:
                log.msg(f"Abandoning {connector} on explicit request")
            return
        if connector is None:
            if self.connector is None:
                raise ValueError("no connector to retry")
            connector = self.connector
        self.retries += 1
        if self.maxRetries is not None and self.retries > self.maxRetries:
            if self.noisy:
                log.msg(f"Abandoning {connector} after {self.retries} retries.")
            return
        # This attempt waits the current delay (perturbed by jitter); the next one grows
        # from what this one waited, capped at maxDelay (so the first wait is initialDelay).
        wait = self.delay
        if self.jitter:
            wait = random.normalvariate(wait, wait * self.jitter)
        self.delay = min(wait * self.factor, self.maxDelay)
        if self.noisy:
            log.msg(f"{connector} will retry in {int(wait)} seconds")

        def reconnector() -> None:
            self._callID = None
            connector.connect()

        if self.clock is None:
            from twistio.internet import reactor

            self.clock = reactor
        self._callID = self.clock.callLater(wait, reconnector)

    def stopTrying(self) -> None:
        """Stop reconnecting: cancel a pending retry and any attempt in progress."""
        if self._callID:
            self._callID.cancel()
            self._callID = None
        self.continueTrying = 0
        if self.connector:
            try:
                self.connector.stopConnecting()
            except error.NotConnectingError:
                pass

    def resetDelay(self) -> None:
        """Back to the initial delay and zero retries (call after connecting)."""
        self.delay = self.initialDelay
        self.retries = 0
        self._callID = None
        self.continueTrying = 1

    def __getstate__(self) -> dict[str, Any]:
        # Connection state must not survive pickling (e.g. in a .tap file).
        state = self.__dict__.copy()
        for key in ("connector", "retries", "delay", "continueTrying", "_callID", "clock"):
            state.pop(key, None)
        return state


class BaseProtocol:
    """What protocols of every kind share: ``connected``, ``transport`` and makeConnection."""

    connected = 0
    transport: Any = None

    def makeConnection(self, transport: Any) -> None:
        """Attach ``transport`` and call :meth:`connectionMade`."""
        self.connected = 1
        self.transport = transport
        self.connectionMade()

    def connectionMade(self) -> None:
        """Hook: the connection is up and ``self.transport`` is set."""


#: The reason given to ``connectionLost`` by default: the connection closed cleanly.
connectionDone = failure.Failure(error.ConnectionDone())
connectionDone.cleanFailure()


@implementer(IProtocol, ILoggingContext)
class Protocol(BaseProtocol):
    """A stream protocol: override ``dataReceived``, ``connectionMade`` and ``connectionLost``."""

    factory: Any = None

    def logPrefix(self) -> str:
        """The class name, used as log context."""
        return self.__class__.__name__

    def dataReceived(self, data: bytes) -> None:
        """Hook: bytes arrived (in arbitrary chunks)."""

    def connectionLost(self, reason: failure.Failure = connectionDone) -> None:
        """Hook: the connection is gone; ``reason`` says why."""


@implementer(IProcessProtocol)
class ProcessProtocol(BaseProtocol):
    """Receives a child process's output and exit; see ``IReactorProcess.spawnProcess``."""

    transport: Any = None

    def childDataReceived(self, childFD: int, data: bytes) -> None:
        """Output on a child descriptor: fd 1 goes to outReceived, fd 2 to errReceived."""
        if childFD == 1:
            self.outReceived(data)
        elif childFD == 2:
            self.errReceived(data)

    def outReceived(self, data: bytes) -> None:
        """Hook: the child wrote to stdout."""

    def errReceived(self, data: bytes) -> None:
        """Hook: the child wrote to stderr."""

    def childConnectionLost(self, childFD: int) -> None:
        """A child descriptor closed: dispatched to in/out/errConnectionLost for 0/1/2."""
        if childFD == 0:
            self.inConnectionLost()
        elif childFD == 1:
            self.outConnectionLost()
        elif childFD == 2:
            self.errConnectionLost()

    def inConnectionLost(self) -> None:
        """Hook: the child's stdin closed."""

    def outConnectionLost(self) -> None:
        """Hook: the child closed its stdout."""

    def errConnectionLost(self) -> None:
        """Hook: the child closed its stderr."""

    def processExited(self, reason: failure.Failure) -> None:
        """Hook: the child exited (its descriptors may still be open)."""

    def processEnded(self, reason: failure.Failure) -> None:
        """Hook: the child exited and all its descriptors closed."""


class AbstractDatagramProtocol:
    """The base of datagram protocols: started/stopped by the ports that use them."""

    transport: Any = None
    numPorts = 0
    noisy = True

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["transport"] = None
        return state

    def doStart(self) -> None:
        """A port starts using this protocol; the first one calls :meth:`startProtocol`."""
        if not self.numPorts:
            if self.noisy:
                log.msg(f"Starting protocol {self}")
            self.startProtocol()
        self.numPorts = self.numPorts + 1

    def doStop(self) -> None:
        """A port stops using this protocol; the last one calls :meth:`stopProtocol`."""
        assert self.numPorts > 0
        self.numPorts = self.numPorts - 1
        self.transport = None
        if not self.numPorts:
            if self.noisy:
                log.msg(f"Stopping protocol {self}")
            self.stopProtocol()

    def startProtocol(self) -> None:
        """Hook: the protocol was attached to a port."""

    def stopProtocol(self) -> None:
        """Hook: the protocol was detached from its last port."""

    def makeConnection(self, transport: Any) -> None:
        """Attach the datagram ``transport`` and start."""
        assert self.transport is None
        self.transport = transport
        self.doStart()

    def datagramReceived(self, datagram: bytes, addr: Any) -> None:
        """Hook: a datagram arrived from ``addr``."""


@implementer(ILoggingContext)
class DatagramProtocol(AbstractDatagramProtocol):
    """A UDP protocol."""

    def logPrefix(self) -> str:
        """The class name, used as log context."""
        return self.__class__.__name__

    def connectionRefused(self) -> None:
        """Hook: a previous datagram was refused (connected UDP only)."""


class ConnectedDatagramProtocol(DatagramProtocol):
    """A datagram protocol bound to one peer."""

    def datagramReceived(self, datagram: bytes, addr: Any = None) -> None:
        """Hook: a datagram arrived."""

    def connectionFailed(self, failure: failure.Failure) -> None:
        """Hook: connecting failed."""


@implementer(ITransport)
class FileWrapper:
    """An ITransport writing to a file-like object (for tests and simple pipelines)."""

    closed = 0
    disconnecting = 0
    producer: Any = None
    streamingProducer = 0

    def __init__(self, file: Any) -> None:
        self.file = file

    def write(self, data: bytes) -> None:
        try:
            self.file.write(data)
        except BaseException:
            self.handleException()

    def _checkProducer(self) -> None:
        # A pull producer is asked for more as soon as something was written.
        if self.producer:
            self.producer.resumeProducing()

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        self.producer = producer
        self.streamingProducer = streaming
        if not streaming:
            producer.resumeProducing()

    def unregisterProducer(self) -> None:
        self.producer = None

    def stopConsuming(self) -> None:
        self.unregisterProducer()
        self.loseConnection()

    def writeSequence(self, iovec: Any) -> None:
        self.write(b"".join(iovec))

    def loseConnection(self) -> None:
        self.closed = 1
        try:
            self.file.close()
        except OSError:
            self.handleException()

    def getPeer(self) -> Any:
        return ("file", "file")

    def getHost(self) -> Any:
        return "file"

    def handleException(self) -> None:
        pass

    def resumeProducing(self) -> None:
        pass

    def pauseProducing(self) -> None:
        pass

    def stopProducing(self) -> None:
        self.loseConnection()


@implementer(IProtocol)
class ConsumerToProtocolAdapter(components.Adapter):
    """Adapts an IConsumer to IProtocol: received data is written to the consumer."""

    def dataReceived(self, data: bytes) -> None:
        self.original.write(data)

    def connectionLost(self, reason: failure.Failure) -> None:
        pass

    def makeConnection(self, transport: Any) -> None:
        pass

    def connectionMade(self) -> None:
        pass


@implementer(IConsumer)
class ProtocolToConsumerAdapter(components.Adapter):
    """Adapts an IProtocol to IConsumer: written data is delivered to ``dataReceived``."""

    def write(self, data: bytes) -> None:
        self.original.dataReceived(data)

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        pass

    def unregisterProducer(self) -> None:
        pass


components.registerAdapter(ProtocolToConsumerAdapter, interfaces.IProtocol, interfaces.IConsumer)
components.registerAdapter(ConsumerToProtocolAdapter, interfaces.IConsumer, interfaces.IProtocol)

__all__ = [
    "Factory",
    "ClientFactory",
    "ReconnectingClientFactory",
    "connectionDone",
    "Protocol",
    "ProcessProtocol",
    "FileWrapper",
    "ServerFactory",
    "AbstractDatagramProtocol",
    "DatagramProtocol",
    "ConnectedDatagramProtocol",
    "ClientCreator",
]
