"""Services that listen, connect or run a timer while the application runs.

``TCPServer(port, factory)`` and its siblings call ``reactor.listenTCP(port, factory)`` (or the
``listen``/``connect`` method their ``method`` names) when started, and stop listening or
disconnect when stopped.  :class:`StreamServerEndpointService` does the same through an
endpoint; :class:`ClientService` keeps one client connection up, reconnecting with backoff.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from twistio.application._client_service import ClientService, backoffPolicy
from twistio.application.service import Service
from twistio.internet import task
from twistio.internet.defer import CancelledError, Deferred
from twistio.python import log
from twistio.python.failure import Failure

__name__ = "twisted.application.internet"

__all__ = [
    "TimerService",
    "CooperatorService",
    "MulticastServer",
    "StreamServerEndpointService",
    "UDPServer",
    "ClientService",
    "TCPServer",
    "TCPClient",
    "UNIXServer",
    "UNIXClient",
    "SSLServer",
    "SSLClient",
    "UNIXDatagramServer",
    "UNIXDatagramClient",
    "ClientService",
    "backoffPolicy",
]


def _maybeGlobalReactor(maybeReactor: Any) -> Any:
    """``maybeReactor``, or the global reactor when it is None."""
    if maybeReactor is not None:
        return maybeReactor
    from twistio.internet import reactor

    return reactor


class _VolatileDataService(Service):
    """A service whose attributes named in ``volatile`` are left out of copies and pickles."""

    volatile: list[str] = []

    def __getstate__(self) -> dict[str, Any]:
        state = Service.__getstate__(self)
        for attr in self.volatile:
            state.pop(attr, None)
        return state


class _AbstractServer(_VolatileDataService):
    """Calls ``reactor.listen<method>(*args, **kwargs)`` on start (or privileged start) and
    stops listening on stop.  A ``reactor`` keyword argument picks the reactor."""

    volatile = ["_port"]
    method: str | None = None
    reactor: Any = None
    privileged = False
    _port: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        if "reactor" in kwargs:
            self.reactor = kwargs.pop("reactor")
        self.kwargs = kwargs

    def privilegedStartService(self) -> None:
        Service.privilegedStartService(self)
        self._port = self._getPort()

    def startService(self) -> None:
        Service.startService(self)
        if self._port is None:
            self._port = self._getPort()

    def stopService(self) -> Any:
        Service.stopService(self)
        if self._port is not None:
            d = self._port.stopListening()
            del self._port
            return d
        return None

    def _getPort(self) -> Any:
        listen = getattr(_maybeGlobalReactor(self.reactor), f"listen{self.method}")
        return listen(*self.args, **self.kwargs)


class _AbstractClient(_VolatileDataService):
    """Calls ``reactor.connect<method>(*args, **kwargs)`` on start and disconnects on stop."""

    volatile = ["_connection"]
    method: str | None = None
    reactor: Any = None
    _connection: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        if "reactor" in kwargs:
            self.reactor = kwargs.pop("reactor")
        self.kwargs = kwargs

    def startService(self) -> None:
        Service.startService(self)
        self._connection = self._getConnection()

    def stopService(self) -> Any:
        Service.stopService(self)
        if self._connection is not None:
            self._connection.disconnect()
            del self._connection
        return None

    def _getConnection(self) -> Any:
        connect = getattr(_maybeGlobalReactor(self.reactor), f"connect{self.method}")
        return connect(*self.args, **self.kwargs)


class TCPServer(_AbstractServer):
    """Serve TCP: ``reactor.listenTCP(*args, **kwargs)`` while running."""

    method = "TCP"


class TCPClient(_AbstractClient):
    """Connect over TCP: ``reactor.connectTCP(*args, **kwargs)`` while running."""

    method = "TCP"


class UNIXServer(_AbstractServer):
    """Serve a UNIX socket: ``reactor.listenUNIX(*args, **kwargs)`` while running."""

    method = "UNIX"


class UNIXClient(_AbstractClient):
    """Connect to a UNIX socket: ``reactor.connectUNIX(*args, **kwargs)`` while running."""

    method = "UNIX"


class SSLServer(_AbstractServer):
    """Serve TLS: ``reactor.listenSSL(*args, **kwargs)`` while running."""

    method = "SSL"


class SSLClient(_AbstractClient):
    """Connect over TLS: ``reactor.connectSSL(*args, **kwargs)`` while running."""

    method = "SSL"


class UDPServer(_AbstractServer):
    """Listen for datagrams: ``reactor.listenUDP(*args, **kwargs)`` while running."""

    method = "UDP"


class UNIXDatagramServer(_AbstractServer):
    """``reactor.listenUNIXDatagram(*args, **kwargs)`` while running."""

    method = "UNIXDatagram"


class UNIXDatagramClient(_AbstractClient):
    """``reactor.connectUNIXDatagram(*args, **kwargs)`` while running."""

    method = "UNIXDatagram"


class MulticastServer(_AbstractServer):
    """``reactor.listenMulticast(*args, **kwargs)`` while running."""

    method = "Multicast"


class TimerService(_VolatileDataService):
    """Calls ``callable(*args, **kwargs)`` every ``step`` seconds while running, first at start.

    A call returning a Deferred delays the next one until it fires; stopping waits for a call in
    progress.  A failing call is logged and ends the loop.  ``clock`` (default: the reactor)
    provides the time.
    """

    volatile = ["_loop", "_loopFinished"]
    clock: Any = None

    def __init__(
        self, step: float, callable: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> None:
        self.step = step
        self.call = (callable, args, kwargs)

    def startService(self) -> None:
        Service.startService(self)
        function, args, kwargs = self.call
        self._loop = task.LoopingCall(function, *args, **kwargs)
        self._loop.clock = _maybeGlobalReactor(self.clock)
        self._loopFinished = self._loop.start(self.step, now=True)
        self._loopFinished.addErrback(self._failed)

    def _failed(self, why: Failure) -> None:
        # The loop ended on a failure; stopService must not try to stop it again.
        self._loop.running = False
        log.err(why)

    def stopService(self) -> Deferred[None]:
        if self._loop.running:
            self._loop.stop()
        finished: Deferred[None] = self._loopFinished
        finished.addCallback(lambda _: Service.stopService(self))
        return finished


class CooperatorService(Service):
    """Runs a :class:`~twisted.internet.task.Cooperator` while the service runs."""

    def __init__(self) -> None:
        self.coop = task.Cooperator(started=False)

    def coiterate(self, iterator: Any) -> Deferred[Any]:
        """Cooperatively iterate ``iterator``; see ``Cooperator.coiterate``."""
        result: Deferred[Any] = self.coop.coiterate(iterator)
        return result

    def startService(self) -> None:
        self.coop.start()

    def stopService(self) -> None:
        self.coop.stop()


class StreamServerEndpointService(Service):
    """Listens on a stream server endpoint with ``factory`` while running.

    The listen attempt starts at privileged start (or start); a failure is logged, and with
    ``_raiseSynchronously`` set, one that happens at once is also raised.  Stopping cancels an
    unfinished attempt or stops listening, returning a Deferred that fires when done.
    """

    _raiseSynchronously = False

    def __init__(self, endpoint: Any, factory: Any) -> None:
        self.endpoint = endpoint
        self.factory = factory
        self._waitingForPort: Deferred[Any] | None = None

    def privilegedStartService(self) -> None:
        Service.privilegedStartService(self)
        self._waitingForPort = self.endpoint.listen(self.factory)
        raisedNow: list[Failure] = []

        def handleIt(err: Failure) -> None:
            if self._raiseSynchronously:
                raisedNow.append(err)
            elif not err.check(CancelledError):
                log.err(err)

        self._waitingForPort.addErrback(handleIt)
        if raisedNow:
            raisedNow[0].raiseException()
        # Once we get here, a later failure is only logged.
        self._raiseSynchronously = False

    def startService(self) -> None:
        Service.startService(self)
        if self._waitingForPort is None:
            self.privilegedStartService()

    def stopService(self) -> Deferred[Any]:
        waiting = self._waitingForPort
        assert waiting is not None
        waiting.cancel()

        def stopIt(port: Any) -> Any:
            if port is not None:
                return port.stopListening()
            return None

        waiting.addCallback(stopIt)

        def stop(passthrough: Any) -> Any:
            self.running = False
            return passthrough

        waiting.addBoth(stop)
        return waiting
