"""twisted.internet.process: the spawn and fork paths, argument checks, reaping, pipes.

Each behaviour here was compared with real Twisted 26.10 (probe scripts run with it).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from typing import Any

import pytest

from twistio._aio.reactor import AsyncioReactor
from twistio.internet import error, process, protocol
from twistio.python import log
from twistio.python.failure import Failure

pytestmark = pytest.mark.realpeer

#: Generous: only a hung run ever reaches it (the machine is shared and slow).
DEADLINE = 60
SH = shutil.which("sh") or "/bin/sh"


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


class Recorder(protocol.ProcessProtocol):
    """Records every callback; stops the reactor at processEnded."""

    def __init__(self, reactor: AsyncioReactor) -> None:
        self.reactor = reactor
        self.events: list[Any] = []
        self.data: dict[int, bytes] = {}
        self.ended: Failure | None = None
        self.registeredAtEnd: bool | None = None

    def childDataReceived(self, childFD: int, data: bytes) -> None:
        self.data[childFD] = self.data.get(childFD, b"") + data

    def childConnectionLost(self, childFD: int) -> None:
        self.events.append(("lost", childFD))

    def processExited(self, reason: Failure) -> None:
        self.events.append(("exited", type(reason.value)))

    def processEnded(self, reason: Failure) -> None:
        self.events.append(("ended", type(reason.value)))
        self.ended = reason
        self.registeredAtEnd = self.transport in process.reapProcessHandlers.values()
        self.reactor.stop()


def run(reactor: AsyncioReactor) -> None:
    timedOut: list[bool] = []

    def giveUp() -> None:
        timedOut.append(True)
        reactor.stop()

    call = reactor.callLater(DEADLINE, giveUp)
    reactor.run(installSignalHandlers=False)
    if call.active():
        call.cancel()
    assert not timedOut, "the child did not end in time"


def openFDs() -> set[int]:
    return set(process._listOpenFDs())


def test_spawn_path_exec_error_is_raised(reactor: AsyncioReactor) -> None:
    """With nothing to do between fork and exec, a missing executable raises at once (as
    posix_spawnp reports it on Twisted) and every pipe made for the child is closed."""
    before = openFDs()
    with pytest.raises(FileNotFoundError):
        reactor.spawnProcess(Recorder(reactor), "/nonexistent/program", ["program"])
    assert openFDs() == before
    assert not reactor.getReaders()


def test_fork_path_exec_error_is_reported_by_child(reactor: AsyncioReactor) -> None:
    """With a working directory to change to, the child reports a failed exec on its stderr
    ("Upon execvpe" and the traceback) and exits with status 1, as on Twisted."""
    proto = Recorder(reactor)
    with tempfile.TemporaryDirectory() as elsewhere:
        transport = reactor.spawnProcess(proto, "/nonexistent/program", ["program"], path=elsewhere)
        assert isinstance(transport, process.Process)
        run(reactor)
    assert proto.ended is not None
    assert isinstance(proto.ended.value, error.ProcessTerminated)
    assert proto.ended.value.exitCode == 1
    assert b"Upon execvpe" in proto.data[2]
    assert b"FileNotFoundError" in proto.data[2]


def test_fork_path_runs_the_child(reactor: AsyncioReactor) -> None:
    """The fork path (forced as Twisted's tests force it) runs the child in ``path`` with the
    given environment and pipes, and reports its exit status."""
    reactor._neverUseSpawn = True  # type: ignore[attr-defined]
    proto = Recorder(reactor)
    with tempfile.TemporaryDirectory() as elsewhere:

        class Writer(Recorder):
            def connectionMade(self) -> None:
                self.transport.write(b"in")
                self.transport.closeStdin()

        proto = Writer(reactor)
        reactor.spawnProcess(
            proto,
            SH,
            ["sh", "-c", 'pwd; cat; echo "$MARK" >&2; exit 4'],
            env={"MARK": "m"},
            path=elsewhere,
        )
        run(reactor)
        here = os.path.realpath(elsewhere)
    assert os.path.realpath(proto.data[1].split(b"\n")[0].decode()) == here
    assert proto.data[1].endswith(b"in")
    assert proto.data[2] == b"m\n"
    assert proto.ended is not None
    assert proto.ended.value.exitCode == 4  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kwargs", "exception", "message"),
    [
        ({"args": ["sh", 1]}, TypeError, "not int"),
        ({"args": ["sh", "a\0b"]}, ValueError, "embedded null byte"),
        ({"args": ["sh"], "env": {"A": 2}}, TypeError, "not int"),
        ({"args": ["sh"], "env": {"A=B": "x"}}, ValueError, "illegal environment variable name"),
        ({"args": ["sh"], "env": {"A": "x\0"}}, ValueError, "embedded null byte"),
        ({"args": ["sh"], "childFDs": {0: "x"}}, AssertionError, "'x' should be an int"),
        ({"args": ["sh"], "usePTY": True, "childFDs": {1: "r"}}, ValueError, "usePTY"),
    ],
)
def test_bad_arguments_raise_synchronously(
    reactor: AsyncioReactor, kwargs: dict[str, Any], exception: type, message: str
) -> None:
    """Bad arguments raise from spawnProcess itself, with Twisted's exception types, and
    leave no descriptor behind."""
    before = openFDs()
    with pytest.raises(exception, match=message):
        reactor.spawnProcess(Recorder(reactor), SH, **kwargs)
    assert openFDs() == before


@pytest.mark.parametrize("fork", [False, True])
def test_environment_default_empty_none_inherits(
    reactor: AsyncioReactor, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    """Without ``env`` the child gets an empty environment; ``env=None`` passes ours on
    (both spawn paths)."""
    monkeypatch.setenv("TWISTIO_PROCS_MARK", "here")
    reactor._neverUseSpawn = fork  # type: ignore[attr-defined]
    protos = []
    remaining = [3]

    class Counting(Recorder):
        def processEnded(self, reason: Failure) -> None:
            remaining[0] -= 1
            if not remaining[0]:
                self.reactor.stop()

    envs: list[dict[str, Any]] = [{"env": {}}, {}, {"env": None}]
    for env in envs:
        proto = Counting(reactor)
        protos.append(proto)
        reactor.spawnProcess(proto, SH, ["sh", "-c", 'echo "[$TWISTIO_PROCS_MARK]"'], **env)
    run(reactor)
    assert [p.data[1] for p in protos] == [b"[]\n", b"[]\n", b"[here]\n"]


def test_reap_registry(reactor: AsyncioReactor) -> None:
    """A running child is in reapProcessHandlers under its pid, and is removed before
    processEnded; the registry refuses a pid twice and an unknown unregistration."""
    proto = Recorder(reactor)
    transport = reactor.spawnProcess(proto, SH, ["sh", "-c", "read x || true"])
    pid = transport.pid
    assert process.reapProcessHandlers[pid] is transport
    with pytest.raises(RuntimeError):
        process.registerReapProcessHandler(pid, transport)
    with pytest.raises(RuntimeError):
        process.unregisterReapProcessHandler(pid, object())
    readers = reactor.getReaders()
    assert transport.pipes[1] in readers and transport.pipes[2] in readers
    assert isinstance(transport.pipes[0], process.ProcessWriter)
    assert isinstance(transport.pipes[1], process.ProcessReader)
    transport.closeStdin()
    run(reactor)
    assert proto.registeredAtEnd is False
    assert pid not in process.reapProcessHandlers
    assert transport.pid is None
    assert transport.status == 0
    assert not [r for r in reactor.getReaders() if isinstance(r, process.ProcessReader)]
    with pytest.raises(error.ProcessExitedAlready):
        transport.signalProcess("TERM")


def test_signal_ends_with_process_terminated(reactor: AsyncioReactor) -> None:
    """signalProcess("KILL") ends the child: ProcessTerminated carrying the signal."""
    proto = Recorder(reactor)
    transport = reactor.spawnProcess(proto, SH, ["sh", "-c", "exec sleep 30"])
    reactor.callLater(0, transport.signalProcess, "KILL")
    run(reactor)
    assert proto.ended is not None
    assert isinstance(proto.ended.value, error.ProcessTerminated)
    assert proto.ended.value.signal == 9
    assert proto.ended.value.exitCode is None


def test_processEnded_error_is_logged(reactor: AsyncioReactor) -> None:
    """An exception from processEnded is logged ('while calling processEnded:') and the
    child is unregistered all the same."""
    logged: list[dict[str, Any]] = []
    log.addObserver(logged.append)
    try:

        class Failing(Recorder):
            def processEnded(self, reason: Failure) -> None:
                Recorder.processEnded(self, reason)
                raise ZeroDivisionError("deliberate")

        proto = Failing(reactor)
        transport = reactor.spawnProcess(proto, SH, ["sh", "-c", "exit 0"])
        pid = transport.pid
        run(reactor)
    finally:
        log.removeObserver(logged.append)
    failures = [e for e in logged if e.get("isError") and "failure" in e]
    assert [e["why"] for e in failures] == ["while calling processEnded:"]
    assert failures[0]["failure"].check(ZeroDivisionError)
    assert pid not in process.reapProcessHandlers


def test_extra_descriptors_are_not_inherited(reactor: AsyncioReactor) -> None:
    """Descriptors not named in childFDs are closed in the child, even inheritable ones."""
    r, w = os.pipe()
    os.set_inheritable(w, True)
    try:
        proto = Recorder(reactor)
        reactor.spawnProcess(
            proto,
            sys.executable,
            [
                sys.executable,
                "-c",
                f"import os\ntry:\n os.fstat({w}); print('open')\n"
                "except OSError:\n print('closed')",
            ],
            env=None,
        )
        run(reactor)
    finally:
        os.close(r)
        os.close(w)
    assert proto.data[1] == b"closed\n"


def test_megabytes_through_stdin_round_trip(reactor: AsyncioReactor) -> None:
    """Megabytes written to the child's stdin (buffered by the writer while the pipe is
    full) come back intact from ``cat``, and closeStdin waits for the buffer to drain."""
    payload = os.urandom(1 << 16) * 64  # 4 MiB

    class Feeder(Recorder):
        def connectionMade(self) -> None:
            self.transport.write(payload[: len(payload) // 2])
            self.transport.writeSequence([payload[len(payload) // 2 :]])
            self.transport.closeStdin()

    proto = Feeder(reactor)
    reactor.spawnProcess(proto, "cat", ["cat"], env=None)
    run(reactor)
    assert proto.data[1] == payload
    assert proto.events[-1] == ("ended", error.ProcessDone)
    assert ("lost", 0) in proto.events


def test_listOpenFDs_tracks_open_descriptors() -> None:
    """_listOpenFDs lists a descriptor while it is open and not after it is closed."""
    r, w = os.pipe()
    high = os.dup2(w, max(openFDs()) + 5)
    os.close(w)
    try:
        assert {r, high} <= set(process._listOpenFDs())
    finally:
        os.close(high)
        os.close(r)
    assert high not in process._listOpenFDs()


def test_reapAllProcesses_collects_registered_children(reactor: AsyncioReactor) -> None:
    """reapAllProcesses asks every registered process to reap: one whose child has
    exited is ended (processEnded), with no help from the loop's exit watching."""
    pid = os.posix_spawn("/bin/sh", ["sh", "-c", "exit 5"], {})
    ended: list[int] = []

    class Owner(process._BaseProcess):
        def processEnded(self, status: int) -> None:
            ended.append(status)

    owner = Owner(None)
    owner.pid = pid
    process.reapProcessHandlers[pid] = owner
    try:
        os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
        process.reapAllProcesses()
    finally:
        process.reapProcessHandlers.pop(pid, None)
    assert [os.waitstatus_to_exitcode(s) for s in ended] == [5]


def test_exit_noticed_without_pidfd(
    reactor: AsyncioReactor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where pidfd_open is missing, a waiting thread notices the exit instead."""
    monkeypatch.delattr(os, "pidfd_open", raising=False)
    proto = Recorder(reactor)
    reactor.spawnProcess(proto, SH, ["sh", "-c", "exit 6"])
    run(reactor)
    assert proto.ended is not None
    assert proto.ended.value.exitCode == 6  # type: ignore[attr-defined]


@pytest.mark.parametrize("usePTY", [False, True])
def test_child_reaped_elsewhere_still_ends(reactor: AsyncioReactor, usePTY: bool) -> None:
    """With SIGCHLD ignored (the kernel then reaps children itself) the exit status is lost,
    but processEnded still comes, with a ProcessTerminated that knows no code or signal."""
    import signal

    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        proto = Recorder(reactor)
        transport = reactor.spawnProcess(proto, SH, ["sh", "-c", "exit 3"], usePTY=usePTY)
        pid = transport.pid
        run(reactor)
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert proto.ended is not None
    assert isinstance(proto.ended.value, error.ProcessTerminated)
    assert (proto.ended.value.exitCode, proto.ended.value.signal) == (None, None)
    assert pid not in process.reapProcessHandlers
