"""ClientService: keep one client connection up through an endpoint, reconnecting with backoff.

The connection's life is a small state machine (rules, by state):

- ``init``/``stopped``: start -> connecting.  stop -> already stopped.
- ``connecting``: the endpoint's connect Deferred is outstanding.  Success (and a successful
  ``prepareConnection``) -> connected; failure -> waiting, failing the ``whenConnected``
  Deferreds that asked to fail after that many failures (counted from their request).  stop cancels the attempt -> stopped.
- ``waiting``: a retry is scheduled after ``retryPolicy(failures)`` seconds.  stop cancels it.
- ``connected``: connection lost -> waiting (retry).  stop closes the connection -> disconnecting.
- ``disconnecting``: connection lost -> stopped (stop Deferreds fire).  start -> restarting.
- ``restarting``: connection lost -> the stop Deferreds fire, then connecting.  stop ->
  disconnecting.

Entering ``stopped`` fails every pending ``whenConnected`` with CancelledError.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from zope.interface import directlyProvides, providedBy

from twistio.application.service import Service
from twistio.internet.defer import CancelledError, Deferred, fail, maybeDeferred, succeed
from twistio.logger import Logger
from twistio.python.failure import Failure

__name__ = "twisted.application.internet"


def backoffPolicy(
    initialDelay: float = 1.0,
    maxDelay: float = 60.0,
    factor: float = 1.5,
    jitter: Callable[[], float] = random.random,
) -> Callable[[int], float]:
    """A retry policy: attempt ``n`` waits ``min(initialDelay * factor**n, maxDelay)`` seconds
    plus ``jitter()``; huge attempt numbers or factors give ``maxDelay`` (plus jitter)."""

    def policy(attempt: int) -> float:
        try:
            delay = min(initialDelay * (factor ** min(100, attempt)), maxDelay)
        except OverflowError:
            delay = maxDelay
        return delay + jitter()

    return policy


_defaultPolicy = backoffPolicy()


class _ReconnectingProtocolProxy:
    """Stands between the transport and the application's protocol, telling the machine
    when the connection is lost.  Provides whatever the wrapped protocol provides."""

    def __init__(
        self, protocol: Any, lostNotifier: Callable[[_ReconnectingProtocolProxy], None]
    ) -> None:
        self._protocol = protocol
        self._lostNotifier = lostNotifier
        directlyProvides(self, providedBy(protocol))

    def connectionLost(self, reason: Failure) -> Any:
        try:
            return self._protocol.connectionLost(reason)
        finally:
            self._lostNotifier(self)

    def __getattr__(self, item: str) -> Any:
        return getattr(self._protocol, item)

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} wrapping {self._protocol!r}>"


class _DisconnectFactory:
    """The factory given to the endpoint: wraps each protocol of the application's factory."""

    def __init__(
        self, protocolFactory: Any, lostNotifier: Callable[[_ReconnectingProtocolProxy], None]
    ) -> None:
        self._protocolFactory = protocolFactory
        self._lostNotifier = lostNotifier

    def buildProtocol(self, addr: Any) -> _ReconnectingProtocolProxy | None:
        protocol = self._protocolFactory.buildProtocol(addr)
        if protocol is None:
            return None
        return _ReconnectingProtocolProxy(protocol, self._lostNotifier)

    def __getattr__(self, item: str) -> Any:
        return getattr(self._protocolFactory, item)

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} wrapping {self._protocolFactory!r}>"


class _NoProtocol(Exception):
    """The factory built no protocol (buildProtocol returned None)."""


class _ClientMachine:
    """The connection state machine behind :class:`ClientService` (see the module docstring)."""

    def __init__(
        self,
        endpoint: Any,
        factory: Any,
        retryPolicy: Callable[[int], float],
        clock: Any,
        prepareConnection: Callable[[Any], object] | None,
        log: Logger,
    ) -> None:
        self._endpoint = endpoint
        self._factory = _DisconnectFactory(factory, self._connectionLost)
        self._retryPolicy = retryPolicy
        self._clock = clock
        self._prepareConnection = prepareConnection
        self._log = log
        self._state = "init"
        self._failedAttempts = 0
        self._attempt: Deferred[Any] | None = None
        self._retryCall: Any = None
        self._current: _ReconnectingProtocolProxy | None = None
        self._awaiting: list[tuple[Deferred[Any], int | None]] = []
        self._stopWaiters: list[Deferred[None]] = []

    # -- inputs --

    def start(self) -> None:
        if self._state in ("init", "stopped"):
            self._connect()
        elif self._state == "disconnecting":
            self._state = "restarting"

    def stop(self) -> Deferred[None]:
        state = self._state
        if state == "connecting":
            self._state = "stopped"
            attempt, self._attempt = self._attempt, None
            if attempt is not None:
                attempt.cancel()
            self._cancelAwaiting()
            return succeed(None)
        if state == "waiting":
            self._state = "stopped"
            call, self._retryCall = self._retryCall, None
            if call is not None and call.active():
                call.cancel()
            self._cancelAwaiting()
            return succeed(None)
        if state == "connected":
            self._state = "disconnecting"
            waiter: Deferred[None] = Deferred()
            self._stopWaiters.append(waiter)
            assert self._current is not None
            self._current.transport.loseConnection()
            return waiter
        if state in ("disconnecting", "restarting"):
            self._state = "disconnecting"
            waiter = Deferred()
            self._stopWaiters.append(waiter)
            return waiter
        self._state = "stopped" if state == "stopped" else state
        return succeed(None)

    def whenConnected(self, failAfterFailures: int | None = None) -> Deferred[Any]:
        if self._state == "connected":
            assert self._current is not None
            return succeed(self._current._protocol)
        if self._state == "stopped":
            return fail(CancelledError())
        d: Deferred[Any] = Deferred()
        self._awaiting.append((d, failAfterFailures))
        return d

    # -- transitions --

    def _connect(self) -> None:
        self._state = "connecting"
        self._retryCall = None
        attempt = self._endpoint.connect(self._factory)
        self._attempt = attempt

        def prepare(protocol: Any) -> Any:
            if protocol is None:
                raise _NoProtocol("the protocol factory built no protocol")
            if self._prepareConnection is None:
                return protocol
            d = maybeDeferred(self._prepareConnection, protocol)

            def closeOnFailure(f: Failure) -> Failure:
                protocol.transport.loseConnection()
                return f

            return d.addCallbacks(lambda _: protocol, closeOnFailure)

        def connected(protocol: Any) -> None:
            if self._attempt is not attempt:
                return
            self._attempt = None
            self._state = "connected"
            self._failedAttempts = 0
            self._current = protocol
            awaiting, self._awaiting = self._awaiting, []
            for d, _ in awaiting:
                d.callback(protocol._protocol)

        def failed(f: Failure) -> None:
            if self._attempt is not attempt:
                return
            self._attempt = None
            self._failedAttempts += 1
            # A waiter counts only the failures that happen after it asked.
            still: list[tuple[Deferred[Any], int | None]] = []
            for d, remaining in self._awaiting:
                if remaining is not None and remaining <= 1:
                    d.errback(f)
                else:
                    still.append((d, None if remaining is None else remaining - 1))
            self._awaiting = still
            self._wait()

        attempt.addCallback(prepare).addCallbacks(connected, failed)

    def _wait(self) -> None:
        self._state = "waiting"
        delay = self._retryPolicy(self._failedAttempts)
        self._log.info(
            "Scheduling retry {attempt} to connect {endpoint} in {delay} seconds.",
            attempt=self._failedAttempts,
            endpoint=self._endpoint,
            delay=delay,
        )
        self._retryCall = self._clock.callLater(delay, self._connect)

    def _connectionLost(self, proxy: _ReconnectingProtocolProxy) -> None:
        if proxy is not self._current:
            return
        self._current = None
        state = self._state
        if state == "connected":
            self._wait()
        elif state == "disconnecting":
            self._state = "stopped"
            self._fireStopWaiters()
            self._cancelAwaiting()
        elif state == "restarting":
            self._fireStopWaiters()
            self._connect()

    def _fireStopWaiters(self) -> None:
        waiters, self._stopWaiters = self._stopWaiters, []
        for d in waiters:
            d.callback(None)

    def _cancelAwaiting(self) -> None:
        awaiting, self._awaiting = self._awaiting, []
        for d, _ in awaiting:
            d.errback(CancelledError())


class ClientService(Service):
    """A service that keeps a connection through ``endpoint`` to a protocol of ``factory``,
    reconnecting after failures and lost connections (delays from ``retryPolicy``, default
    :func:`backoffPolicy`).  ``prepareConnection(protocol)`` runs on each new connection before
    it counts as connected; a failure there counts as a failed attempt."""

    _log = Logger()

    def __init__(
        self,
        endpoint: Any,
        factory: Any,
        retryPolicy: Callable[[int], float] | None = None,
        clock: Any = None,
        prepareConnection: Callable[[Any], object] | None = None,
    ) -> None:
        if clock is None:
            from twistio.internet import reactor

            clock = reactor
        self._machine = _ClientMachine(
            endpoint,
            factory,
            retryPolicy if retryPolicy is not None else _defaultPolicy,
            clock,
            prepareConnection,
            self._log,
        )

    def whenConnected(self, failAfterFailures: int | None = None) -> Deferred[Any]:
        """A Deferred firing with the application protocol once connected (at once if connected
        now), failing with the attempt's failure after ``failAfterFailures`` failed attempts, or
        with CancelledError if the service stops first."""
        return self._machine.whenConnected(failAfterFailures)

    def startService(self) -> None:
        if self.running:
            self._log.warn("Duplicate ClientService.startService {log_source}")
            return
        Service.startService(self)
        self._machine.start()

    def stopService(self) -> Deferred[None]:
        Service.stopService(self)
        return self._machine.stop()
