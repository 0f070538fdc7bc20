"""twisted.protocols.policies: wrappers that put a policy around any protocol.

A :class:`WrappingFactory` wraps every protocol its wrapped factory builds in a
:class:`ProtocolWrapper`, which sits between the transport and the real protocol: the wrapped
protocol's transport *is* the wrapper.  The policies (throttling, connection limits, timeouts,
traffic logging, spewing) are wrapper/factory pairs; :class:`TimeoutMixin` gives any protocol
an idle timeout without a wrapper.
"""

from __future__ import annotations

import sys
from typing import IO, Any

from zope.interface import directlyProvides, providedBy

from twistio.internet import error, protocol
from twistio.python import log

__name__ = "twisted.protocols.policies"


def _wrappedLogPrefix(wrapper: Any, wrapped: Any) -> str:
    """``"<wrapped's prefix> (<wrapper class>)"``; the wrapped class name if it has none."""
    if hasattr(wrapped, "logPrefix"):
        prefix = wrapped.logPrefix()
    else:
        prefix = wrapped.__class__.__name__
    return f"{prefix} ({wrapper.__class__.__name__})"


class ProtocolWrapper(protocol.Protocol):
    """Stands between a transport and ``wrappedProtocol``, acting as the transport of the
    latter and forwarding everything both ways.

    Attributes the wrapper does not define are looked up on the real transport, and the
    wrapper provides the interfaces the real transport provides.
    """

    disconnecting = 0

    def __init__(self, factory: WrappingFactory, wrappedProtocol: Any) -> None:
        self.wrappedProtocol = wrappedProtocol
        self.factory = factory

    def logPrefix(self) -> str:
        return _wrappedLogPrefix(self, self.wrappedProtocol)

    def makeConnection(self, transport: Any) -> None:
        directlyProvides(self, providedBy(transport))
        protocol.Protocol.makeConnection(self, transport)
        self.factory.registerProtocol(self)
        self.wrappedProtocol.makeConnection(self)

    # The transport side, as seen by the wrapped protocol.

    def write(self, data: bytes) -> None:
        self.transport.write(data)

    def writeSequence(self, data: Any) -> None:
        self.transport.writeSequence(data)

    def loseConnection(self) -> None:
        self.disconnecting = 1
        self.transport.loseConnection()

    def getPeer(self) -> Any:
        return self.transport.getPeer()

    def getHost(self) -> Any:
        return self.transport.getHost()

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        self.transport.registerProducer(producer, streaming)

    def unregisterProducer(self) -> None:
        self.transport.unregisterProducer()

    def stopConsuming(self) -> None:
        self.transport.stopConsuming()

    def __getattr__(self, name: str) -> Any:
        # Only called for attributes not found normally: the rest of the transport's API.
        if name == "transport":
            raise AttributeError(name)
        return getattr(self.transport, name)

    # The protocol side, as seen by the transport.

    def dataReceived(self, data: bytes) -> None:
        self.wrappedProtocol.dataReceived(data)

    def connectionLost(self, reason: Any = protocol.connectionDone) -> None:
        self.factory.unregisterProtocol(self)
        self.wrappedProtocol.connectionLost(reason)
        # The wrapped protocol holds the wrapper as its transport: break the cycle.
        self.wrappedProtocol = None


class WrappingFactory(protocol.ClientFactory[Any]):
    """Wraps each protocol ``wrappedFactory`` builds in ``self.protocol`` (a wrapper class
    taking ``(factory, wrappedProtocol)``), and keeps the live wrappers in ``protocols``."""

    protocol = ProtocolWrapper  # type: ignore[assignment]

    def __init__(self, wrappedFactory: Any) -> None:
        self.wrappedFactory = wrappedFactory
        self.protocols: dict[Any, int] = {}

    def logPrefix(self) -> str:
        return _wrappedLogPrefix(self, self.wrappedFactory)

    def doStart(self) -> None:
        self.wrappedFactory.doStart()
        protocol.ClientFactory.doStart(self)

    def doStop(self) -> None:
        self.wrappedFactory.doStop()
        protocol.ClientFactory.doStop(self)

    def startedConnecting(self, connector: Any) -> None:
        self.wrappedFactory.startedConnecting(connector)

    def clientConnectionFailed(self, connector: Any, reason: Any) -> None:
        self.wrappedFactory.clientConnectionFailed(connector, reason)

    def clientConnectionLost(self, connector: Any, reason: Any) -> None:
        self.wrappedFactory.clientConnectionLost(connector, reason)

    def buildProtocol(self, addr: Any) -> Any:
        return self.protocol(self, self.wrappedFactory.buildProtocol(addr))  # type: ignore[call-arg,arg-type]

    def registerProtocol(self, p: Any) -> None:
        """Called by a wrapper when its connection is made."""
        self.protocols[p] = 1

    def unregisterProtocol(self, p: Any) -> None:
        """Called by a wrapper when its connection is lost."""
        self.protocols.pop(p, None)


class ThrottlingProtocol(ProtocolWrapper):
    """Counts the bytes it moves for its :class:`ThrottlingFactory`, and pauses reading (the
    transport) or writing (the registered producer) when the factory says so."""

    def write(self, data: bytes) -> None:
        self.factory.registerWritten(len(data))  # type: ignore[attr-defined]
        ProtocolWrapper.write(self, data)

    def writeSequence(self, seq: Any) -> None:
        self.factory.registerWritten(sum(map(len, seq)))  # type: ignore[attr-defined]
        ProtocolWrapper.writeSequence(self, seq)

    def dataReceived(self, data: bytes) -> None:
        self.factory.registerRead(len(data))  # type: ignore[attr-defined]
        ProtocolWrapper.dataReceived(self, data)

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        self.producer = producer
        ProtocolWrapper.registerProducer(self, producer, streaming)

    def unregisterProducer(self) -> None:
        self.__dict__.pop("producer", None)
        ProtocolWrapper.unregisterProducer(self)

    def throttleReads(self) -> None:
        self.transport.pauseProducing()

    def unthrottleReads(self) -> None:
        self.transport.resumeProducing()

    def throttleWrites(self) -> None:
        producer = getattr(self, "producer", None)
        if producer is not None:
            producer.pauseProducing()

    def unthrottleWrites(self) -> None:
        producer = getattr(self, "producer", None)
        if producer is not None:
            producer.resumeProducing()


class ThrottlingFactory(WrappingFactory):
    """Limits the connection count and, per second, the bytes read and written over all its
    connections.

    Every second the counts are checked; over a limit, reading (or writing) of every
    connection pauses for as long as the excess would take at the allowed rate.  Timers come
    from :meth:`callLater` (the reactor's), which tests may override.
    """

    protocol = ThrottlingProtocol

    def __init__(
        self,
        wrappedFactory: Any,
        maxConnectionCount: int = sys.maxsize,
        readLimit: int | None = None,
        writeLimit: int | None = None,
    ) -> None:
        WrappingFactory.__init__(self, wrappedFactory)
        self.connectionCount = 0
        self.maxConnectionCount = maxConnectionCount
        self.readLimit = readLimit
        self.writeLimit = writeLimit
        self.readThisSecond = 0
        self.writtenThisSecond = 0
        self.unthrottleReadsID: Any = None
        self.checkReadBandwidthID: Any = None
        self.unthrottleWritesID: Any = None
        self.checkWriteBandwidthID: Any = None

    def callLater(self, period: float, func: Any) -> Any:
        """The reactor's ``callLater``; tests override it with a clock's."""
        return _reactorCallLater(period, func)

    def registerWritten(self, length: int) -> None:
        self.writtenThisSecond += length

    def registerRead(self, length: int) -> None:
        self.readThisSecond += length

    def checkReadBandwidth(self) -> None:
        """Throttle reads if over the limit in the last second; check again in a second."""
        assert self.readLimit is not None
        if self.readThisSecond > self.readLimit:
            self.throttleReads()
            throttleTime = (float(self.readThisSecond) / self.readLimit) - 1.0
            self.unthrottleReadsID = self.callLater(throttleTime, self.unthrottleReads)
        self.readThisSecond = 0
        self.checkReadBandwidthID = self.callLater(1, self.checkReadBandwidth)

    def checkWriteBandwidth(self) -> None:
        """Throttle writes if over the limit in the last second; check again in a second."""
        assert self.writeLimit is not None
        if self.writtenThisSecond > self.writeLimit:
            self.throttleWrites()
            throttleTime = (float(self.writtenThisSecond) / self.writeLimit) - 1.0
            self.unthrottleWritesID = self.callLater(throttleTime, self.unthrottleWrites)
        self.writtenThisSecond = 0
        self.checkWriteBandwidthID = self.callLater(1, self.checkWriteBandwidth)

    def throttleReads(self) -> None:
        log.msg(f"Throttling reads on {self}")
        for p in list(self.protocols):
            p.throttleReads()

    def unthrottleReads(self) -> None:
        self.unthrottleReadsID = None
        log.msg(f"Stopped throttling reads on {self}")
        for p in list(self.protocols):
            p.unthrottleReads()

    def throttleWrites(self) -> None:
        log.msg(f"Throttling writes on {self}")
        for p in list(self.protocols):
            p.throttleWrites()

    def unthrottleWrites(self) -> None:
        self.unthrottleWritesID = None
        log.msg(f"Stopped throttling writes on {self}")
        for p in list(self.protocols):
            p.unthrottleWrites()

    def buildProtocol(self, addr: Any) -> Any:
        if self.connectionCount == 0:
            # The first connection starts the per-second checks.
            if self.readLimit is not None:
                self.checkReadBandwidth()
            if self.writeLimit is not None:
                self.checkWriteBandwidth()
        if self.connectionCount < self.maxConnectionCount:
            self.connectionCount += 1
            return WrappingFactory.buildProtocol(self, addr)
        log.msg("Max connection count reached!")
        return None

    def unregisterProtocol(self, p: Any) -> None:
        WrappingFactory.unregisterProtocol(self, p)
        self.connectionCount -= 1
        if self.connectionCount == 0:
            for name in (
                "unthrottleReadsID",
                "checkReadBandwidthID",
                "unthrottleWritesID",
                "checkWriteBandwidthID",
            ):
                call = getattr(self, name)
                if call is not None and call.active():
                    call.cancel()


class SpewingProtocol(ProtocolWrapper):
    """Logs every chunk received and written."""

    def dataReceived(self, data: bytes) -> None:
        log.msg(f"Received: {data!r}")
        ProtocolWrapper.dataReceived(self, data)

    def write(self, data: bytes) -> None:
        log.msg(f"Sending: {data!r}")
        ProtocolWrapper.write(self, data)


class SpewingFactory(WrappingFactory):
    protocol = SpewingProtocol


class LimitConnectionsByPeer(WrappingFactory):
    """At most ``maxConnectionsPerPeer`` connections from one peer host.

    Like Twisted's, it indexes addresses as ``(host, port)`` tuples when building and as
    ``getPeer()[1]`` when unregistering.
    """

    maxConnectionsPerPeer = 5

    def startFactory(self) -> None:
        self.peerConnections: dict[Any, int] = {}

    def buildProtocol(self, addr: Any) -> Any:
        peerHost = addr[0]
        connectionCount = self.peerConnections.get(peerHost, 0)
        if connectionCount >= self.maxConnectionsPerPeer:
            return None
        self.peerConnections[peerHost] = connectionCount + 1
        return WrappingFactory.buildProtocol(self, addr)

    def unregisterProtocol(self, p: Any) -> None:
        peerHost = p.getPeer()[1]
        self.peerConnections[peerHost] -= 1
        if self.peerConnections[peerHost] == 0:
            del self.peerConnections[peerHost]


class LimitTotalConnectionsFactory(protocol.ServerFactory[Any]):
    """At most ``connectionLimit`` connections (``None``: no limit).

    Past the limit a connection gets ``overflowProtocol`` if set (it still counts), and is
    refused otherwise.
    """

    connectionCount = 0
    connectionLimit: int | None = None
    overflowProtocol: Any = None

    def buildProtocol(self, addr: Any) -> Any:
        if self.connectionLimit is None or self.connectionCount < self.connectionLimit:
            wrappedProtocol = self.protocol()  # type: ignore[misc]
        elif self.overflowProtocol is None:
            return None
        else:
            wrappedProtocol = self.overflowProtocol()
        wrappedProtocol.factory = self
        wrapper = ProtocolWrapper(self, wrappedProtocol)  # type: ignore[arg-type]
        self.connectionCount += 1
        return wrapper

    def registerProtocol(self, p: Any) -> None:
        pass

    def unregisterProtocol(self, p: Any) -> None:
        self.connectionCount -= 1


class TrafficLoggingProtocol(ProtocolWrapper):
    """Writes every event of its connection to ``logfile``, one line each: ``*`` when
    connected, ``C <n>: <data>`` for data from the peer, ``S <n>: <data>`` (``SV`` for
    ``writeSequence``) for data sent, ``S <n>: *`` on loseConnection, ``C <n>: <reason>``
    when the connection is lost."""

    def __init__(
        self,
        factory: WrappingFactory,
        wrappedProtocol: Any,
        logfile: IO[str],
        lengthLimit: int | None = None,
        number: int = 0,
    ) -> None:
        ProtocolWrapper.__init__(self, factory, wrappedProtocol)
        self.logfile = logfile
        self.lengthLimit = lengthLimit
        self._number = number

    def _log(self, line: str) -> None:
        self.logfile.write(line + "\n")
        self.logfile.flush()

    def _mungeData(self, data: bytes) -> bytes:
        if self.lengthLimit and len(data) > self.lengthLimit:
            data = data[: self.lengthLimit - 12] + b"<... elided>"
        return data

    def connectionMade(self) -> None:
        self._log("*")
        return ProtocolWrapper.connectionMade(self)

    def dataReceived(self, data: bytes) -> None:
        self._log(f"C {self._number}: {self._mungeData(data)!r}")
        return ProtocolWrapper.dataReceived(self, data)

    def connectionLost(self, reason: Any = protocol.connectionDone) -> None:
        self._log(f"C {self._number}: {reason!r}")
        return ProtocolWrapper.connectionLost(self, reason)

    def write(self, data: bytes) -> None:
        self._log(f"S {self._number}: {self._mungeData(data)!r}")
        return ProtocolWrapper.write(self, data)

    def writeSequence(self, iovec: Any) -> None:
        self._log(f"SV {self._number}: {[self._mungeData(d) for d in iovec]!r}")
        return ProtocolWrapper.writeSequence(self, iovec)

    def loseConnection(self) -> None:
        self._log(f"S {self._number}: *")
        return ProtocolWrapper.loseConnection(self)


class TrafficLoggingFactory(WrappingFactory):
    """Logs each connection's traffic to its own file, ``<logfilePrefix>-<n>``."""

    protocol = TrafficLoggingProtocol  # type: ignore[assignment]
    _counter = 0

    def __init__(
        self, wrappedFactory: Any, logfilePrefix: str, lengthLimit: int | None = None
    ) -> None:
        self.logfilePrefix = logfilePrefix
        self.lengthLimit = lengthLimit
        WrappingFactory.__init__(self, wrappedFactory)

    def open(self, name: str) -> IO[str]:
        return open(name, "w")

    def buildProtocol(self, addr: Any) -> Any:
        self._counter += 1
        logfile = self.open(self.logfilePrefix + "-" + str(self._counter))
        return self.protocol(
            self,  # type: ignore[arg-type]
            self.wrappedFactory.buildProtocol(addr),
            logfile,
            self.lengthLimit,
            self._counter,
        )

    def resetCounter(self) -> None:
        """Number the next connection's log file 1 again."""
        self._counter = 0


def _reactorCallLater(period: float, func: Any, *args: Any, **kw: Any) -> Any:
    from twistio.internet import reactor

    return reactor.callLater(period, func, *args, **kw)  # type: ignore[attr-defined]


class TimeoutProtocol(ProtocolWrapper):
    """Drops the connection after ``timeoutPeriod`` seconds without traffic either way."""

    def __init__(self, factory: WrappingFactory, wrappedProtocol: Any, timeoutPeriod: Any) -> None:
        ProtocolWrapper.__init__(self, factory, wrappedProtocol)
        self.timeoutCall: Any = None
        self.timeoutPeriod: Any = None
        self.setTimeout(timeoutPeriod)

    def setTimeout(self, timeoutPeriod: float | None = None) -> None:
        """Replace the timeout; ``None`` leaves the connection without one."""
        self.cancelTimeout()
        self.timeoutPeriod = timeoutPeriod
        if timeoutPeriod is not None:
            self.timeoutCall = self.factory.callLater(  # type: ignore[attr-defined]
                self.timeoutPeriod, self.timeoutFunc
            )

    def cancelTimeout(self) -> None:
        """Remove the timeout (harmless if it already ran or was cancelled elsewhere)."""
        self.timeoutPeriod = None
        if self.timeoutCall is not None:
            try:
                self.timeoutCall.cancel()
            except (error.AlreadyCalled, error.AlreadyCancelled):
                pass
            self.timeoutCall = None

    def resetTimeout(self) -> None:
        """Start the countdown again."""
        if self.timeoutCall is not None:
            self.timeoutCall.reset(self.timeoutPeriod)

    def write(self, data: bytes) -> None:
        self.resetTimeout()
        ProtocolWrapper.write(self, data)

    def writeSequence(self, seq: Any) -> None:
        self.resetTimeout()
        ProtocolWrapper.writeSequence(self, seq)

    def dataReceived(self, data: bytes) -> None:
        self.resetTimeout()
        ProtocolWrapper.dataReceived(self, data)

    def connectionLost(self, reason: Any = protocol.connectionDone) -> None:
        self.cancelTimeout()
        ProtocolWrapper.connectionLost(self, reason)

    def timeoutFunc(self) -> None:
        """The timeout expired: drop the connection."""
        self.loseConnection()


class TimeoutFactory(WrappingFactory):
    """Wraps every connection in a :class:`TimeoutProtocol` of ``timeoutPeriod`` seconds."""

    protocol = TimeoutProtocol  # type: ignore[assignment]

    def __init__(self, wrappedFactory: Any, timeoutPeriod: float = 30 * 60) -> None:
        self.timeoutPeriod = timeoutPeriod
        WrappingFactory.__init__(self, wrappedFactory)

    def buildProtocol(self, addr: Any) -> Any:
        return self.protocol(
            self,  # type: ignore[arg-type]
            self.wrappedFactory.buildProtocol(addr),
            timeoutPeriod=self.timeoutPeriod,  # type: ignore[call-arg]
        )

    def callLater(self, period: float, func: Any) -> Any:
        """The reactor's ``callLater``; tests override it with a clock's."""
        return _reactorCallLater(period, func)


class TimeoutMixin:
    """An idle timeout for any protocol: after ``timeOut`` seconds without
    :meth:`resetTimeout`, :meth:`timeoutConnection` runs (it drops the connection).

    Timers come from :meth:`callLater` (the reactor's), which tests may override.
    """

    timeOut: float | None = None
    __timeoutCall: Any = None
    transport: Any

    def callLater(self, period: float, func: Any) -> Any:
        return _reactorCallLater(period, func)

    def resetTimeout(self) -> None:
        """Start the countdown again (call it whenever there is traffic)."""
        if self.__timeoutCall is not None and self.timeOut is not None:
            self.__timeoutCall.reset(self.timeOut)

    def setTimeout(self, period: float | None) -> float | None:
        """Set the timeout (``None`` cancels it); returns the previous one."""
        prev = self.timeOut
        self.timeOut = period
        if self.__timeoutCall is not None:
            if period is None:
                try:
                    self.__timeoutCall.cancel()
                except (error.AlreadyCancelled, error.AlreadyCalled):
                    # Cancelled or run elsewhere (a reactor shutting down, say).
                    pass
                self.__timeoutCall = None
            else:
                self.__timeoutCall.reset(period)
        elif period is not None:
            self.__timeoutCall = self.callLater(period, self.__timedOut)
        return prev

    def __timedOut(self) -> None:
        self.__timeoutCall = None
        self.timeoutConnection()

    def timeoutConnection(self) -> None:
        """Called when the timeout expires; drops the connection by default."""
        self.transport.loseConnection()


__all__ = [
    "LimitConnectionsByPeer",
    "LimitTotalConnectionsFactory",
    "ProtocolWrapper",
    "SpewingFactory",
    "SpewingProtocol",
    "ThrottlingFactory",
    "ThrottlingProtocol",
    "TimeoutFactory",
    "TimeoutMixin",
    "TimeoutProtocol",
    "TrafficLoggingFactory",
    "TrafficLoggingProtocol",
    "WrappingFactory",
]
