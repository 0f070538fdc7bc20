"""The asyncio reactor: Twisted's reactor interfaces over one asyncio event loop.

Time
    ``seconds()`` is the wall clock (``time.time()``), as in Twisted; the loop schedules on
    its monotonic ``loop.time()``.  :meth:`AsyncioReactor._loopTime` is the only place that
    converts between the two.  Timed calls share one ``loop.call_at`` timer (see
    twistio._aio._timed); each runs in the contextvars context of its caller.

Running
    ``run()`` fires the startup event then runs the loop until ``stop()`` (which fires the
    shutdown event; its "during" phase crashes the loop) or ``crash()``.  After a crash,
    ``run()`` may be called again (trial relies on that); after a stop it raises
    ReactorNotRestartable.  ``iterate(delay)`` runs the loop for one pass (``delay`` 0) or for
    ``delay`` seconds.

Running inside asyncio (``asyncio.run(main())``)
    When ``run()`` is called while an asyncio loop is already running in this thread, the
    reactor adopts that loop (moving pending timed calls onto it), fires the startup event and
    returns an awaitable that completes once the reactor has stopped (after the shutdown
    triggers).  So ``await reactor.run()`` inside a coroutine runs a Twisted program on the
    application's loop.  :meth:`AsyncioReactor.adopt` does the adoption alone.  Ports and
    connections belong to the loop that was current when they were made; make them after
    adopting.
"""

from __future__ import annotations

import asyncio
import collections
import signal
import socket
import threading
from collections.abc import Callable
from typing import Any

from zope.interface import implementer

from twistio._aio import loop as _loopchoice
from twistio._aio._timed import TimedCalls
from twistio.internet import error
from twistio.internet._reactorbase import ReactorBase
from twistio.internet.interfaces import (
    IReactorCore,
    IReactorFDSet,
    IReactorMulticast,
    IReactorPluggableNameResolver,
    IReactorPluggableResolver,
    IReactorProcess,
    IReactorSocket,
    IReactorSSL,
    IReactorTCP,
    IReactorThreads,
    IReactorTime,
    IReactorUDP,
    IReactorUNIX,
    IReactorUNIXDatagram,
)
from twistio.python import log
from twistio.python.failure import Failure


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


@implementer(
    IReactorCore,
    IReactorTime,
    IReactorThreads,
    IReactorTCP,
    IReactorSSL,
    IReactorUDP,
    IReactorMulticast,
    IReactorProcess,
    IReactorUNIX,
    IReactorUNIXDatagram,
    IReactorSocket,
    IReactorFDSet,
    IReactorPluggableResolver,
    IReactorPluggableNameResolver,
)
class AsyncioReactor(TimedCalls, ReactorBase):
    """A Twisted reactor driving (and driven by) an asyncio event loop.

    ``eventloop`` is the loop to use; by default the loop running in this thread, or a new
    loop of the kind ``TWISTIO_LOOP`` selects (uvloop unless told otherwise).
    """

    _asyncioEventloop: asyncio.AbstractEventLoop

    def __init__(self, eventloop: asyncio.AbstractEventLoop | None = None) -> None:
        if eventloop is None:
            eventloop = _running_loop()
        if eventloop is None:
            eventloop = _loopchoice.new_event_loop()
            eventloop.set_exception_handler(_log_asyncio_error)
            asyncio.set_event_loop(eventloop)
        self._asyncioEventloop = eventloop
        self._initTimedCalls()
        self._threadCalls: collections.deque[Any] = collections.deque()
        self._wakePending = False
        self._readers: dict[Any, int] = {}
        self._writers: dict[Any, int] = {}
        #: Transports and ports driven by asyncio (see getReaders/removeAll).
        self._selectables: set[Any] = set()
        self._adoptedStop: asyncio.Future[None] | None = None
        self._signalsInstalled: list[tuple[int, Any]] = []
        super().__init__()

    # -- threads ---------------------------------------------------------------------------

    def callFromThread(self, f: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Run ``f`` in the reactor thread soon; safe from any thread (wakes the loop).

        As in Twisted, the calls queued when the reactor gets to them run together, followed
        by any timed calls then due; calls queued meanwhile wait for the next pass.
        """
        assert callable(f), f"{f} is not callable"
        self._threadCalls.append((f, args, kwargs))
        if not self._wakePending:
            self._wakePending = True
            self._asyncioEventloop.call_soon_threadsafe(self._runThreadCalls)

    def _runThreadCalls(self) -> None:
        self._wakePending = False
        queue = self._threadCalls
        for _ in range(len(queue)):
            f, args, kwargs = queue.popleft()
            try:
                f(*args, **kwargs)
            except BaseException:
                log.err()
        self._runDue()

    # -- running ---------------------------------------------------------------------------

    def adopt(self, eventloop: asyncio.AbstractEventLoop | None = None) -> None:
        """Move the reactor onto ``eventloop`` (default: the running loop), with its timers."""
        if eventloop is None:
            eventloop = asyncio.get_running_loop()
        if eventloop is self._asyncioEventloop:
            return
        self._asyncioEventloop = eventloop
        self._rearm()
        if self._threadCalls:
            self._wakePending = True
            eventloop.call_soon_threadsafe(self._runThreadCalls)

    def run(self, installSignalHandlers: bool = True) -> Any:
        """Run until stopped (see the module docstring for use inside a running loop)."""
        running = _running_loop()
        if running is not None:
            return self._runInRunningLoop(running, installSignalHandlers)
        self._replaceClosedLoop()
        self.startRunning(installSignalHandlers=installSignalHandlers)
        try:
            if self._started:
                self._asyncioEventloop.run_forever()
        finally:
            self._removeSignals()
        log.msg("Main loop terminated.")
        return None

    def _runInRunningLoop(
        self, loop: asyncio.AbstractEventLoop, installSignalHandlers: bool
    ) -> asyncio.Future[None]:
        self.adopt(loop)
        done: asyncio.Future[None] = loop.create_future()
        self._adoptedStop = done
        self.startRunning(installSignalHandlers=installSignalHandlers)
        if not self._started and not done.done():
            done.set_result(None)
        return done

    @property
    def started(self) -> bool:
        """Whether run() has started the reactor and it has not stopped or crashed."""
        return self._started

    def _scheduleShutdown(self) -> None:
        self._asyncioEventloop.call_soon(self._fireShutdown)

    def _stopLoop(self) -> None:
        done = self._adoptedStop
        if done is not None:
            self._adoptedStop = None
            self._removeSignals()
            if not done.done():
                done.set_result(None)
            return
        loop = self._asyncioEventloop
        # Stopping a loop that is not running would make its *next* run return at once.
        if loop.is_running():
            loop.stop()

    def iterate(self, delay: float = 0) -> None:
        """Run the loop for one pass (``delay`` 0) or for ``delay`` seconds."""
        self._replaceClosedLoop()
        loop = self._asyncioEventloop
        handle: asyncio.Handle
        if delay:
            handle = loop.call_later(delay, loop.stop)
        else:
            handle = loop.call_soon(loop.stop)
        try:
            loop.run_forever()
        finally:
            handle.cancel()

    def _handleSignals(self) -> None:
        # Python-level handlers (not loop.add_signal_handler): uvloop only notices signals
        # it handles while its loop runs, and startup triggers run before that.  Our handlers
        # only queue work with call_soon_threadsafe, which wakes either loop.
        if threading.current_thread() is not threading.main_thread():
            return
        handlers = [(signal.SIGINT, self.sigInt), (signal.SIGTERM, self.sigTerm)]
        if hasattr(signal, "SIGBREAK"):
            handlers.append((signal.SIGBREAK, self.sigBreak))
        for number, handler in handlers:
            try:
                previous = signal.signal(number, handler)
            except (ValueError, OSError):
                continue
            self._signalsInstalled.append((number, previous))

    def _removeSignals(self) -> None:
        while self._signalsInstalled:
            number, previous = self._signalsInstalled.pop()
            try:
                signal.signal(number, previous)
            except (ValueError, OSError, TypeError):
                pass

    def _uninstallHandler(self) -> None:
        """Restore the signal handlers run() installed (Twisted's reactor tests call this)."""
        self._removeSignals()

    # -- file descriptors (IReactorFDSet) --------------------------------------------------

    def addReader(self, reader: Any) -> None:
        """Call ``reader.doRead()`` whenever its ``fileno()`` is readable.

        A transport asyncio drives (a connection) reads through the loop already: adding it
        resumes its reading instead (``startReading``), as removing it pauses it.
        """
        if reader in self._readers:
            return
        if reader in self._selectables:
            startReading = getattr(reader, "startReading", None)
            if startReading is not None:
                startReading()
            return
        fd = reader.fileno()
        self._readers[reader] = fd
        self._asyncioEventloop.add_reader(fd, self._doRead, reader)

    def addWriter(self, writer: Any) -> None:
        """Call ``writer.doWrite()`` whenever its ``fileno()`` is writable.

        A transport asyncio drives writes through the loop: adding or removing it as a
        writer changes nothing (asyncio flushes what it was given).
        """
        if writer in self._writers or writer in self._selectables:
            return
        fd = writer.fileno()
        self._writers[writer] = fd
        self._asyncioEventloop.add_writer(fd, self._doWrite, writer)

    def removeReader(self, reader: Any) -> None:
        fd = self._readers.pop(reader, None)
        if fd is not None:
            self._asyncioEventloop.remove_reader(fd)
        elif reader in self._selectables:
            stopReading = getattr(reader, "stopReading", None)
            if stopReading is not None:
                stopReading()

    def removeWriter(self, writer: Any) -> None:
        fd = self._writers.pop(writer, None)
        if fd is not None:
            self._asyncioEventloop.remove_writer(fd)

    def getReaders(self) -> list[Any]:
        """Readers added with addReader, plus the connections and ports that are reading."""
        return list(self._readers) + [s for s in self._selectables if s._isReading()]

    def getWriters(self) -> list[Any]:
        """Writers added with addWriter, plus connections with unsent data."""
        return list(self._writers) + [s for s in self._selectables if s._isWriting()]

    def removeAll(self) -> list[Any]:
        """Stop watching everything; returns what was watched (connections are dropped)."""
        removed: list[Any] = []
        for reader in list(self._readers):
            self.removeReader(reader)
            removed.append(reader)
        for writer in list(self._writers):
            self.removeWriter(writer)
            if writer not in removed:
                removed.append(writer)
        for selectable in list(self._selectables):
            # As with Twisted's reactors, only what is reading or writing is watched: a
            # paused or half-closed-and-idle connection is left alone (and not reported).
            if selectable._isReading() or selectable._isWriting():
                self._selectables.discard(selectable)
                selectable._removeFromReactor()
                removed.append(selectable)
        return removed

    def disconnectAll(self) -> None:
        """At shutdown: whatever removeAll stops watching gets connectionLost now.

        As in Twisted, one failing connectionLost is logged and does not stop the others.
        """
        for selectable in self.removeAll():
            shutdown = getattr(selectable, "_disconnectForShutdown", None)
            if shutdown is None:
                self._disconnectSelectable(selectable, Failure(error.ConnectionLost()))
                continue
            try:
                shutdown()
            except BaseException:
                log.err()

    def _doRead(self, reader: Any) -> None:
        registered = self._readers.get(reader)
        if registered is None:
            return
        try:
            # Best effort, as in Twisted: a descriptor closed (and its number perhaps reused)
            # behind the reactor's back no longer answers the number it was registered with.
            if reader.fileno() != registered:
                why: Any = Failure(error.ConnectionFdescWentAway("Filedescriptor went away"))
            else:
                why = reader.doRead()
        except BaseException:
            why = Failure()
            log.err(why)
        if why:
            self.removeReader(reader)
            self.removeWriter(reader)
            self._disconnectSelectable(reader, why)

    def _doWrite(self, writer: Any) -> None:
        if writer not in self._writers:
            return
        try:
            why = writer.doWrite()
        except BaseException:
            why = Failure()
            log.err(why)
        if why:
            self.removeReader(writer)
            self.removeWriter(writer)
            self._disconnectSelectable(writer, why)

    def _disconnectSelectable(self, selectable: Any, why: Any) -> None:
        reason = why if isinstance(why, Failure) else Failure(why)
        try:
            selectable.connectionLost(reason)
        except BaseException:
            log.err()

    def _replaceClosedLoop(self) -> None:
        """Before running the loop ourselves: a loop someone closed is replaced by a new one.

        The reactor may have followed a loop that ``asyncio.run()`` (or a test runner) made and
        closed since; running it again would fail with "Event loop is closed".
        """
        if self._asyncioEventloop.is_closed():
            eventloop = _loopchoice.new_event_loop()
            eventloop.set_exception_handler(_log_asyncio_error)
            asyncio.set_event_loop(eventloop)
            self.adopt(eventloop)

    def _followRunningLoop(self) -> None:
        """Before creating I/O: a reactor that is not running moves onto the running loop.

        A program may import the reactor before ``asyncio.run()`` (which makes a new loop) and
        then listen or connect inside its coroutine before ``await reactor.run()``.  asyncio
        transports cannot change loops later, so the move has to happen before the first one
        is made, here, rather than when the reactor starts.
        """
        running = _running_loop()
        if running is not None and running is not self._asyncioEventloop and not self._started:
            self.adopt(running)

    # -- TCP -------------------------------------------------------------------------------

    def listenTCP(self, port: int, factory: Any, backlog: int = 50, interface: str = "") -> Any:
        """Listen on ``interface``:``port`` (IPv6 if ``interface`` is an IPv6 literal)."""
        from twistio._aio.tcp import Port

        self._followRunningLoop()

        p = Port(port, factory, backlog, interface, self)
        p.startListening()
        return p

    def listenUNIX(
        self, address: Any, factory: Any, backlog: int = 50, mode: int = 0o666, wantPID: int = 0
    ) -> Any:
        """Listen on the UNIX socket ``address`` (a path)."""
        from twistio._aio.unix import Port as UNIXPort

        self._followRunningLoop()

        p = UNIXPort(address, factory, backlog, mode, self, wantPID)
        p.startListening()
        return p

    def connectUNIX(
        self, address: Any, factory: Any, timeout: float = 30, checkPID: int = 0
    ) -> Any:
        """Connect to the UNIX socket ``address``; returns the IConnector."""
        from twistio._aio.unix import Connector as UNIXConnector

        self._followRunningLoop()

        c = UNIXConnector(address, factory, timeout, self, checkPID)
        c.connect()
        return c

    def listenUNIXDatagram(
        self, address: Any, protocol: Any, maxPacketSize: int = 8192, mode: int = 0o666
    ) -> Any:
        """Bind a UNIX datagram socket at the path ``address`` for ``protocol``."""
        from twistio._aio.unix import DatagramPort

        self._followRunningLoop()

        p = DatagramPort(address, protocol, maxPacketSize, mode, self)
        p.startListening()
        return p

    def connectUNIXDatagram(
        self,
        address: Any,
        protocol: Any,
        maxPacketSize: int = 8192,
        mode: int = 0o666,
        bindAddress: Any = None,
    ) -> Any:
        """A UNIX datagram socket talking to the path ``address`` (bound to ``bindAddress``)."""
        from twistio._aio.unix import ConnectedDatagramPort

        self._followRunningLoop()

        p = ConnectedDatagramPort(address, protocol, maxPacketSize, mode, bindAddress, self)
        p.startListening()
        return p

    def spawnProcess(
        self,
        processProtocol: Any,
        executable: str | bytes,
        args: Any = (),
        env: Any = {},  # noqa: B006 -- Twisted's default; an empty environment, never mutated
        path: Any = None,
        uid: int | None = None,
        gid: int | None = None,
        usePTY: Any = 0,
        childFDs: Any = None,
    ) -> Any:
        """Start a child process attached to ``processProtocol``.

        ``env`` defaults to an empty environment, as on Twisted; ``None`` passes ours on.
        """
        # Looked up on the module at each call (tests and programs replace them there).
        from twistio.internet import process

        self._followRunningLoop()

        if usePTY:
            if childFDs is not None:
                raise ValueError("Using childFDs is not supported with usePTY=True.")
            return process.PTYProcess(
                self, executable, args, env, path, processProtocol, uid, gid, usePTY
            )
        return process.Process(
            self, executable, args, env, path, processProtocol, uid, gid, childFDs
        )

    def listenMulticast(
        self,
        port: int,
        protocol: Any,
        interface: str = "",
        maxPacketSize: int = 8192,
        listenMultiple: bool = False,
    ) -> Any:
        """A UDP port that can join multicast groups (IPv6 when ``interface`` is IPv6)."""
        from twistio._aio.udp import MulticastPort

        self._followRunningLoop()

        p = MulticastPort(port, protocol, interface, maxPacketSize, self, listenMultiple)
        p.startListening()
        return p

    def listenUDP(
        self, port: int, protocol: Any, interface: str = "", maxPacketSize: int = 8192
    ) -> Any:
        """Bind a UDP port on ``interface`` and attach the DatagramProtocol ``protocol``."""
        from twistio._aio.udp import Port as UDPPort

        self._followRunningLoop()

        p = UDPPort(port, protocol, interface, maxPacketSize, self)
        p.startListening()
        return p

    def connectTCP(
        self,
        host: str,
        port: int,
        factory: Any,
        timeout: float = 30,
        bindAddress: Any = None,
    ) -> Any:
        """Connect to ``host``:``port``; returns the IConnector."""
        from twistio._aio.tcp import Connector

        self._followRunningLoop()

        c = Connector(host, port, factory, timeout, bindAddress, self)
        c.connect()
        return c

    # -- IReactorSSL (implemented in twistio._aio.tls) ---------------------------------------

    def listenSSL(
        self, port: int, factory: Any, contextFactory: Any, backlog: int = 50, interface: str = ""
    ) -> Any:
        """Listen for TLS connections; ``contextFactory`` gives the server context."""
        from twistio._aio.tls import TLSPort

        self._followRunningLoop()
        p = TLSPort(port, factory, contextFactory, backlog, interface, self)
        p.startListening()
        return p

    def connectSSL(
        self,
        host: str,
        port: int,
        factory: Any,
        contextFactory: Any,
        timeout: float = 30,
        bindAddress: Any = None,
    ) -> Any:
        """Connect over TLS; ``contextFactory`` gives the client context (and hostname)."""
        from twistio._aio.tls import TLSConnector

        self._followRunningLoop()
        c = TLSConnector(host, port, factory, contextFactory, timeout, bindAddress, self)
        c.connect()
        return c

    # -- IReactorSocket --------------------------------------------------------------------

    def adoptStreamPort(self, fileDescriptor: int, addressFamily: int, factory: Any) -> Any:
        """Accept connections on an existing listening socket (AF_INET, AF_INET6 or AF_UNIX).

        The descriptor is duplicated: the caller keeps (and must close) ``fileDescriptor``;
        stopping the port closes only the duplicate, so other holders may keep accepting.
        """
        from twistio._aio.tcp import Port
        from twistio._aio.unix import Port as UNIXPort

        _checkFamily(addressFamily, (socket.AF_INET, socket.AF_INET6, socket.AF_UNIX))
        sock = socket.fromfd(fileDescriptor, addressFamily, socket.SOCK_STREAM)
        sock.setblocking(False)
        self._followRunningLoop()
        portClass = UNIXPort if addressFamily == socket.AF_UNIX else Port
        p = portClass._adopt(sock, factory, self)
        p.startListening()
        return p

    def adoptStreamConnection(self, fileDescriptor: int, addressFamily: int, factory: Any) -> Any:
        """Serve ``factory``'s protocol over an existing connected socket (a duplicate of it).

        AF_INET, AF_INET6 and AF_UNIX are accepted; the server-side transport is returned.
        """
        from twistio._aio.tcp import adoptConnection

        _checkFamily(addressFamily, (socket.AF_INET, socket.AF_INET6, socket.AF_UNIX))
        sock = socket.fromfd(fileDescriptor, addressFamily, socket.SOCK_STREAM)
        sock.setblocking(False)
        self._followRunningLoop()
        return adoptConnection(self, sock, factory)

    def adoptDatagramPort(
        self, fileDescriptor: int, addressFamily: int, protocol: Any, maxPacketSize: int = 8192
    ) -> Any:
        """Run ``protocol`` over an existing bound datagram socket (a duplicate of it)."""
        from twistio._aio.udp import Port as UDPPort

        _checkFamily(addressFamily, (socket.AF_INET, socket.AF_INET6))
        sock = socket.fromfd(fileDescriptor, addressFamily, socket.SOCK_DGRAM)
        sock.setblocking(False)
        self._followRunningLoop()
        p = UDPPort._adopt(sock, protocol, maxPacketSize, self)
        p.startListening()
        return p


def _checkFamily(family: int, supported: tuple[int, ...]) -> None:
    if family not in supported:
        raise error.UnsupportedAddressFamily(family)


def _log_asyncio_error(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    # Errors asyncio itself catches (in callbacks we did not wrap) go to Twisted's log.
    exc = context.get("exception")
    message = context.get("message", "asyncio error")
    if isinstance(exc, BaseException):
        log.err(Failure(exc, type(exc), exc.__traceback__), message)
    else:
        log.msg(f"asyncio: {message}")


def install(eventloop: asyncio.AbstractEventLoop | None = None) -> AsyncioReactor:
    """Install an AsyncioReactor as the global reactor (``<reactor module>.install()``, as
    programs that re-create their reactor by module name expect)."""
    from twistio.internet.default import install as _install

    return _install(eventloop)
