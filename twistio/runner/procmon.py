"""twisted.runner.procmon: a service that keeps a set of child processes running.

``ProcessMonitor`` starts each registered program when the service starts and restarts it
whenever it exits: at once when it ran for at least ``threshold`` seconds, otherwise after a
delay that starts at ``minRestartDelay`` and doubles on each quick death, up to
``maxRestartDelay``.  Stopping a program sends it TERM, then KILL after ``killTime`` seconds.
Each line a program writes to stdout or stderr is logged as ``[name] line``.
"""

from __future__ import annotations

from typing import Any

from twistio.application import service
from twistio.internet import error, protocol
from twistio.logger import Logger
from twistio.protocols import basic
from twistio.python import deprecate
from twistio.python.failure import Failure
from twistio.python.versions import Version

__name__ = "twisted.runner.procmon"


class DummyTransport:
    """The transport the line loggers are connected to: they never write or close."""

    disconnecting = 0


transport = DummyTransport()


class LineLogger(basic.LineReceiver):
    """Logs each ``\\n``-terminated line of one output stream of a monitored program.

    A line that is not UTF-8 is logged as the ``repr`` of its bytes.
    """

    tag: str | None = None
    stream: str | None = None
    delimiter = b"\n"
    service: Any = None

    def lineReceived(self, line: bytes) -> None:
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text = repr(line)
        self.service.log.info("[{tag}] {line}", tag=self.tag, line=text, stream=self.stream)


class LoggingProtocol(protocol.ProcessProtocol):
    """The protocol of one monitored program: logs its output, reports its exit."""

    service: Any = None
    name: str | None = None

    def connectionMade(self) -> None:
        self._output = self._lineLogger("stdout")
        self._outputEmpty = True
        self._error = self._lineLogger("stderr")
        self._errorEmpty = True

    def _lineLogger(self, stream: str) -> LineLogger:
        logger = LineLogger()
        logger.tag = self.name
        logger.stream = stream
        logger.service = self.service
        logger.makeConnection(transport)
        return logger

    @property
    def output(self) -> LineLogger:
        """The stdout line logger."""
        return self._output

    @property
    def empty(self) -> bool:
        """Whether nothing was received on stdout yet."""
        return self._outputEmpty

    def outReceived(self, data: bytes) -> None:
        self._output.dataReceived(data)
        self._outputEmpty = False

    def errReceived(self, data: bytes) -> None:
        self._error.dataReceived(data)
        self._errorEmpty = False

    def processEnded(self, reason: Failure) -> None:
        """Log what is left of an unterminated last line (on a stream that had output),
        then let the monitor decide about a restart."""
        if not self._outputEmpty:
            self._output.dataReceived(b"\n")
        if not self._errorEmpty:
            self._error.dataReceived(b"\n")
        self.service._monitoredProcessExited(self.name, reason)


class _Process:
    """What ``addProcess`` was told about one program."""

    def __init__(
        self,
        args: list[str],
        uid: int | None = None,
        gid: int | None = None,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
    ) -> None:
        self.args = args
        self.uid = uid
        self.gid = gid
        self.env = {} if env is None else env
        self.cwd = cwd

    @deprecate.deprecated(Version("Twisted", 18, 7, 0))
    def toTuple(self) -> tuple[list[str], int | None, int | None, dict[str, str]]:
        """``(args, uid, gid, env)``, the form ``ProcessMonitor.processes`` used to hold."""
        return (self.args, self.uid, self.gid, self.env)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Process):
            return NotImplemented
        return vars(self) == vars(other)

    def __repr__(self) -> str:
        return (
            f"_Process(args={self.args!r}, uid={self.uid!r}, gid={self.gid!r}, "
            f"env={self.env!r}, cwd={self.cwd!r})"
        )


def _defaultReactor() -> Any:
    from twistio.internet import reactor

    return reactor


class ProcessMonitor(service.Service):
    """Runs programs and restarts them when they exit (see the module docstring).

    ``protocols`` maps each running program's name to its LoggingProtocol; ``delay`` holds
    each program's next quick-death restart delay; ``timeStarted`` when it last started;
    ``murder`` the pending KILLs; ``restart`` the pending (re)starts.
    """

    threshold = 1
    killTime = 5
    minRestartDelay = 1
    maxRestartDelay = 3600
    log = Logger()

    def __init__(self, reactor: Any = None) -> None:
        if reactor is None:
            reactor = _defaultReactor()
        self._reactor = reactor
        self._clock = reactor
        self._processes: dict[str, _Process] = {}
        self.protocols: dict[str, LoggingProtocol] = {}
        self.delay: dict[str, float] = {}
        self.timeStarted: dict[str, float] = {}
        self.murder: dict[str, Any] = {}
        self.restart: dict[str, Any] = {}

    @deprecate.deprecatedProperty(Version("Twisted", 18, 7, 0))  # type: ignore[misc]
    def processes(self) -> dict[str, tuple[Any, ...]]:
        """name -> ``(args, uid, gid, env)`` for every program (deprecated)."""
        return {name: process.toTuple() for name, process in self._processes.items()}

    @deprecate.deprecated(Version("Twisted", 18, 7, 0))
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        del state["_reactor"]
        del state["_processes"]
        state["processes"] = self.processes
        return state

    def addProcess(
        self,
        name: str,
        args: list[str],
        uid: int | None = None,
        gid: int | None = None,
        env: dict[str, str] = {},  # noqa: B006 -- Twisted's default, never mutated
        cwd: str | None = None,
    ) -> None:
        """Monitor the program ``args`` under ``name`` (started now if the service runs).

        ``KeyError`` if ``name`` is already used.
        """
        if name in self._processes:
            raise KeyError(f"remove {name} first")
        self._processes[name] = _Process(args, uid, gid, env, cwd)
        self.delay[name] = self.minRestartDelay
        if self.running:
            self.startProcess(name)

    def removeProcess(self, name: str) -> None:
        """Stop monitoring ``name`` (and stop it); ``KeyError`` if unknown."""
        if name not in self._processes:
            raise KeyError(f"bad process name {name}")
        self.stopProcess(name)
        del self._processes[name]

    def startService(self) -> None:
        """Start every program (from the reactor, on its next turn)."""
        service.Service.startService(self)
        for name in list(self._processes):
            self.restart[name] = self._reactor.callLater(0, self.startProcess, name)

    def stopService(self) -> None:
        """Cancel pending restarts and stop every program."""
        service.Service.stopService(self)
        for delayedCall in list(self.restart.values()):
            if delayedCall.active():
                delayedCall.cancel()
        for name in list(self._processes):
            self.stopProcess(name)

    @deprecate.deprecated(Version("Twisted", 25, 5, 0))
    def connectionLost(self, name: str) -> None:
        """Program ``name`` has exited: restart it as the service's rules say."""
        self._monitoredProcessExited(name)

    def _monitoredProcessExited(self, name: str, reason: Failure | None = None) -> None:
        """Program ``name`` exited: forget its protocol, schedule its restart if the service
        runs, and cancel a pending KILL."""
        self.protocols.pop(name, None)
        if self._reactor.seconds() - self.timeStarted[name] < self.threshold:
            nextDelay = self.delay[name]
            self.delay[name] = min(self.delay[name] * 2, self.maxRestartDelay)
        else:
            nextDelay = 0
            self.delay[name] = self.minRestartDelay
        if self.running and name in self._processes:
            self.restart[name] = self._reactor.callLater(nextDelay, self.startProcess, name)
        killer = self.murder.pop(name, None)
        if killer is not None and killer.active():
            killer.cancel()

    def startProcess(self, name: str) -> None:
        """Start program ``name`` unless it runs; ``KeyError`` if unknown.

        An ``OSError`` from ``spawnProcess`` is logged and handled as a quick exit (the
        restart is delayed); any other exception propagates.
        """
        if name in self.protocols:
            return
        process = self._processes[name]
        proto = LoggingProtocol()
        proto.service = self
        proto.name = name
        self.protocols[name] = proto
        self.timeStarted[name] = self._reactor.seconds()
        try:
            self._reactor.spawnProcess(
                proto,
                process.args[0],
                process.args,
                uid=process.uid,
                gid=process.gid,
                env=process.env,
                path=process.cwd,
            )
        except OSError:
            # Twisted's wording (its "failure" field is not in the event, so observers
            # show the format error; kept so both log the same).
            self.log.failure("Process '{name}' has exited: {failure!r}", name=name)
            self._monitoredProcessExited(name)

    def _forceStopProcess(self, proc: Any) -> None:
        """KILL a program that did not stop after TERM."""
        try:
            proc.signalProcess("KILL")
        except error.ProcessExitedAlready:
            pass

    def stopProcess(self, name: str) -> None:
        """Send TERM to program ``name``, and KILL after ``killTime`` seconds.

        Nothing happens for a program that is not running; ``KeyError`` if unknown.
        """
        if name not in self._processes:
            raise KeyError(f"Unrecognized process name: {name}")
        proto = self.protocols.get(name)
        if proto is None:
            return
        proc = proto.transport
        try:
            proc.signalProcess("TERM")
        except error.ProcessExitedAlready:
            pass
        else:
            self.murder[name] = self._reactor.callLater(self.killTime, self._forceStopProcess, proc)

    def restartAll(self) -> None:
        """Stop every program; each is restarted by the usual rules."""
        for name in list(self._processes):
            self.stopProcess(name)

    def __repr__(self) -> str:
        parts = []
        for name, process in self._processes.items():
            ids = ""
            if process.uid is not None or process.gid is not None:
                uid = "" if process.uid is None else str(process.uid)
                gid = "" if process.gid is None else f":{process.gid}"
                ids = f"({uid}{gid})"
            parts.append(f"{name!r}{ids}: {process.args!r}")
        return f"<{type(self).__name__} {' '.join(parts)}>"
