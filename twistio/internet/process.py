"""twisted.internet.process: POSIX child processes (``Process``, ``PTYProcess``).

A child is spawned (``subprocess.Popen`` for plain stdin/stdout/stderr children, else
``os.posix_spawnp``) when nothing needs to run between fork and exec (no uid/gid change, no
working directory change, no terminal), else started with ``os.fork`` and ``os.execvpe``.  The
spawn path reports a failed exec as an exception from ``spawnProcess``; the fork path reports
it as Twisted does, as a traceback the child writes to its stderr before exiting with status 1.

Exits are noticed without a SIGCHLD handler: the reactor's loop watches each child
(``twistio._aio.process.watchChildExit``) and calls ``reapProcess``, which collects the
status with ``waitpid``.  ``reapProcessHandlers`` maps the pid of every child not yet reaped
to its process, as on Twisted.

The module-level names ``os``, ``fcntl``, ``sys``, ``signal``, ``pty``, ``fdesc`` and
``switchUID`` are looked up at call time, so the fork path can be exercised with stand-ins.
"""

from __future__ import annotations

import errno
import fcntl
import gc
import os
import pty
import signal
import sys
import termios
import traceback
from collections.abc import Mapping
from os import environ as _parentEnvironment
from os import fsencode as _fsencode
from typing import Any

from zope.interface import implementer

from twistio._aio.process import isOurChild as _isOurChild
from twistio._aio.process import watchChildExit as _watchChildExit
from twistio.internet import abstract, error, fdesc
from twistio.internet._processbase import BaseProcess
from twistio.internet._processfds import _getFileActions
from twistio.internet._processpipes import ProcessReader, ProcessWriter
from twistio.internet._processspawn import ignoredSignals, spawnWithPopen
from twistio.internet.error import ProcessExitedAlready
from twistio.internet.interfaces import IProcessTransport
from twistio.python import log
from twistio.python.util import switchUID

__name__ = "twisted.internet.process"

CONNECTION_DONE = error.ConnectionDone("Connection done")
CONNECTION_LOST = error.ConnectionLost("Connection lost")

#: ``posix_spawn`` file-action codes, as ``_getFileActions`` takes them.
_PS_CLOSE: int = os.POSIX_SPAWN_CLOSE
_PS_DUP2: int = os.POSIX_SPAWN_DUP2

#: The signal names ``signalProcess`` translates (others go to ``os.kill`` unchanged).
_SIGNAL_NAMES = ("HUP", "STOP", "INT", "KILL", "TERM")

#: The wait status recorded for a child that something else reaped (it is unknown).
_STATUS_LOST = -1

#: pid -> process, for every child not yet reaped.
reapProcessHandlers: dict[Any, Any] = {}


def reapAllProcesses() -> None:
    """Try to reap every registered child now (each collects its own status)."""
    for process in list(reapProcessHandlers.values()):
        process.reapProcess()


def registerReapProcessHandler(pid: Any, process: Any) -> None:
    """Register ``process`` as the owner of child ``pid``.

    A child that has already exited is reaped at once (``process.processEnded`` is called
    instead of registering); an error from ``waitpid`` is logged.  Registering a pid twice
    raises ``RuntimeError``.
    """
    if pid in reapProcessHandlers:
        raise RuntimeError("Try to register an already registered process.")
    try:
        auxPID, status = os.waitpid(pid, os.WNOHANG)
    except BaseException:
        log.msg(f"Failed to reap {pid}:")
        log.err()
        return
    if auxPID:
        process.processEnded(status)
    else:
        reapProcessHandlers[pid] = process


def unregisterReapProcessHandler(pid: Any, process: Any) -> None:
    """Forget that ``process`` owns child ``pid``; ``RuntimeError`` if it is not so."""
    if not (pid in reapProcessHandlers and reapProcessHandlers[pid] == process):
        raise RuntimeError("Try to unregister a process not registered.")
    del reapProcessHandlers[pid]


class _FDDetector:
    """Finds how to list this process's open descriptors, once, on first use.

    The candidates (``/proc/<pid>/fd``, ``/dev/fd``, then every number below the descriptor
    limit) are tried in order; the first whose listing changes when a file is opened is the
    one kept, else the last.  ``listdir``, ``getpid`` and ``openfile`` are the functions
    used, replaceable on an instance.
    """

    def __init__(self) -> None:
        self.listdir: Any = os.listdir
        self.getpid: Any = os.getpid
        self.openfile: Any = open
        self._implementations: list[Any] = [
            self._procFDImplementation,
            self._devFDImplementation,
            self._fallbackFDImplementation,
        ]

    def _listOpenFDs(self) -> Any:
        """The open descriptors; the first call settles which way is used from then on."""
        implementation = self._getImplementation()
        self._listOpenFDs = implementation  # type: ignore[method-assign]
        return implementation()

    def _getImplementation(self) -> Any:
        """The first implementation that sees a newly opened file, else the last one."""
        for implementation in self._implementations:
            try:
                before = list(implementation())
                with self.openfile(os.devnull, "r"):
                    after = list(implementation())
            except BaseException:
                continue
            if before != after:
                return implementation
        return self._implementations[-1]

    def _devFDImplementation(self) -> list[int]:
        """The entries of ``/dev/fd`` (OSError where it does not exist)."""
        return [int(name) for name in self.listdir("/dev/fd")]

    def _procFDImplementation(self) -> list[int]:
        """The entries of ``/proc/<pid>/fd`` (OSError where it does not exist)."""
        return [int(name) for name in self.listdir(f"/proc/{self.getpid()}/fd")]

    def _fallbackFDImplementation(self) -> range:
        """Every descriptor number that could be open: below the hard limit, at most 1024."""
        try:
            import resource
        except ImportError:
            return range(1024)
        return range(min(1024, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))


def _fdFlags(fd: int) -> int | None:
    """The descriptor flags of ``fd``, or None when it is not open."""
    try:
        flags: int = fcntl.fcntl(fd, fcntl.F_GETFD, 0)
    except OSError:
        return None
    return flags


detector = _FDDetector()


def _listOpenFDs() -> list[int]:
    """The descriptors open in this process (possibly with the listing's own, now closed)."""
    return list(detector._listOpenFDs())


def _checkProcessArgs(executable: Any, args: Any, environment: Any) -> tuple[Any, Any, Any]:
    """Validate what ``spawnProcess`` was given, as Twisted does, before anything starts.

    Arguments and environment entries must be ``str`` or ``bytes`` without NUL bytes; an
    environment name may not contain ``=``.  The executable itself is checked by the spawn
    (the fork path reports a bad one from the child, as on Twisted).  Returns them as
    given.
    """
    if not isinstance(args, (list, tuple)):
        raise TypeError("argv must be a tuple or list")
    for arg in args:
        if b"\0" in _fsencode(arg):
            raise ValueError("embedded null byte")
    if environment is not None:
        for key in environment.keys():
            name = _fsencode(key)
            value = _fsencode(environment[key])
            if b"\0" in name or b"\0" in value:
                raise ValueError("embedded null byte")
            if b"=" in name:
                raise ValueError("illegal environment variable name")
    return executable, args, environment


class _BaseProcess(BaseProcess):
    """A POSIX child: reaping with ``waitpid``, signalling with ``kill``, the fork path."""

    status: int | None = None
    pid: int | None = None
    _reactor: Any = None

    def reapProcess(self) -> None:
        """Collect the child's status if it has exited (never blocks)."""
        try:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)  # type: ignore[arg-type]
            except OSError as e:
                if e.errno == errno.ECHILD:
                    # Not (or no longer) our child: nothing to collect.
                    pid = None
                else:
                    raise
        except BaseException:
            log.msg(f"Failed to reap {self.pid}:")
            log.err()
            pid = None
        if pid:
            unregisterReapProcessHandler(pid, self)
            self.processEnded(status)

    def _getReason(self, status: int) -> BaseException:
        if status == _STATUS_LOST:
            return error.ProcessTerminated(None, None, None)
        exitCode = sig = None
        if os.WIFEXITED(status):
            exitCode = os.WEXITSTATUS(status)
        else:
            sig = os.WTERMSIG(status)
        if exitCode or sig:
            return error.ProcessTerminated(exitCode, sig, status)
        return error.ProcessDone(status)

    def signalProcess(self, signalID: str | int) -> None:
        """Send a signal: a number, or one of Twisted's names "HUP", "STOP", "INT", "KILL",
        "TERM" (any other string reaches ``os.kill`` as it is, which refuses it)."""
        number: Any = signalID
        if signalID in _SIGNAL_NAMES:
            number = getattr(signal, "SIG" + str(signalID))
        if self.pid is None:
            raise ProcessExitedAlready()
        try:
            os.kill(self.pid, number)
        except OSError as e:
            if e.errno == errno.ESRCH:
                raise ProcessExitedAlready() from None
            raise

    def _watchExit(self) -> None:
        """After registration: have the loop tell us when the child exits."""
        pid = self.pid
        if pid is None or self._reactor is None:
            return
        if reapProcessHandlers.get(pid) is not self:
            if self.pid == pid:
                # Registering neither collected the child nor kept it: see if it is gone.
                self._exitNoticed(pid)
            return
        _watchChildExit(self._reactor, pid, lambda: self._exitNoticed(pid))

    def _exitNoticed(self, pid: int) -> None:
        """The child ``pid`` has exited: reap it.  If someone else already did (SIGCHLD
        set to SIG_IGN by a library, or another ``waitpid``), its status is lost, but the
        protocol still hears of the end rather than waiting forever."""
        if self.pid == pid and reapProcessHandlers.get(pid) is self:
            self.reapProcess()
        if self.pid != pid or _isOurChild(pid):
            return
        if reapProcessHandlers.get(pid) is self:
            unregisterReapProcessHandler(pid, self)
        self.processEnded(_STATUS_LOST)

    # -- the fork path ---------------------------------------------------------------------

    def _resetSignalDisposition(self) -> None:
        """In the child: ignored signals go back to their default (exec keeps SIG_IGN)."""
        for number in range(1, signal.NSIG):
            try:
                if signal.getsignal(number) == signal.SIG_IGN:
                    signal.signal(number, signal.SIG_DFL)
            except (ValueError, OSError, TypeError):
                continue

    def _fork(
        self,
        path: Any,
        uid: int | None,
        gid: int | None,
        executable: Any,
        args: Any,
        environment: Any,
        **kwargs: Any,
    ) -> None:
        """Fork; the child arranges itself (``_setupChild(**kwargs)``) and execs.

        The garbage collector is off across the fork (a collection in the child could run
        finalizers that touch the parent's resources); the parent turns it back on if it
        was on.  The child never returns: it execs or exits with status 1 after writing the
        traceback of what went wrong to its stderr.
        """
        collectorEnabled = gc.isenabled()
        gc.disable()
        try:
            self.pid = os.fork()
        except BaseException:
            if collectorEnabled:
                gc.enable()
            raise
        if self.pid == 0:
            try:
                self._setupChild(**kwargs)
                self._execChild(path, uid, gid, executable, args, environment)
            except BaseException:
                self._reportExecError(executable, args, environment)
            os._exit(1)
        if collectorEnabled:
            gc.enable()

    def _reportExecError(self, executable: Any, args: Any, environment: Any) -> None:
        """In the child: write why the exec failed to stderr (UTF-8), close stdio."""
        try:
            stderr = os.fdopen(2, "wb")
            message = (
                f"Upon execvpe {executable} {args} in environment id {id(environment)}\n:"
                + traceback.format_exc()
            )
            stderr.write(message.encode("utf-8", "backslashreplace"))
            stderr.flush()
            for fd in range(3):
                os.close(fd)
        except BaseException:
            pass

    def _execChild(
        self,
        path: Any,
        uid: int | None,
        gid: int | None,
        executable: Any,
        args: Any,
        environment: Any,
    ) -> None:
        """In the child: directory, identity and signals as asked, then exec."""
        if path:
            os.chdir(path)
        if uid is not None or gid is not None:
            if uid is None:
                uid = os.geteuid()
            if gid is None:
                gid = os.getegid()
            # A process that dropped only its effective ids (a setuid program) needs its
            # root privilege back before it can switch to another user.
            if os.geteuid() != 0:
                os.setuid(0)
                os.setgid(0)
            switchUID(uid, gid)
        self._resetSignalDisposition()
        if environment is None:
            environment = _parentEnvironment
        os.execvpe(executable, args, environment)

    def _setupChild(self, **kwargs: Any) -> None:
        raise NotImplementedError()


def _childDescriptorState() -> list[tuple[int, bool]]:
    """``(fd, closeOnExec)`` for each open descriptor (through the module's ``os``)."""
    state = []
    for name in os.listdir("/dev/fd"):
        fd = int(name)
        try:
            flags = fcntl.fcntl(fd, fcntl.F_GETFD, 0)
        except OSError:
            continue
        state.append((fd, bool(flags & fcntl.FD_CLOEXEC)))
    return state


@implementer(IProcessTransport)
class Process(_BaseProcess):
    """A child whose descriptors are pipes (or parent descriptors) as ``childFDs`` says.

    ``childFDs`` maps a child descriptor to ``"r"`` (we read what the child writes),
    ``"w"`` (we write what the child reads) or a parent descriptor number to pass on; the
    default is ``{0: "w", 1: "r", 2: "r"}``.  Every other descriptor is closed in the child.
    ``pipes`` maps each child descriptor we hold a pipe end for to its reader or writer.
    """

    debug = False
    debug_child = False
    status = -1
    pid: int | None = None
    processWriterFactory: Any = ProcessWriter
    processReaderFactory: Any = ProcessReader
    #: The Popen that started the child, when it was Popen (told the exit once reaped).
    _popen: Any = None

    def __init__(
        self,
        reactor: Any,
        executable: Any,
        args: Any,
        environment: Any,
        path: Any,
        proto: Any,
        uid: int | None = None,
        gid: int | None = None,
        childFDs: Mapping[int, Any] | None = None,
    ) -> None:
        _BaseProcess.__init__(self, proto)
        self._reactor = reactor
        self.pipes: dict[int, Any] = {}
        if childFDs is None:
            childFDs = {0: "w", 1: "r", 2: "r"}
        _checkProcessArgs(executable, args, environment)
        #: child descriptor -> the parent descriptor it must be
        fdmap: dict[int, int] = {}
        #: child descriptor -> our end of its pipe
        ourEnds: dict[int, int] = {}
        created: list[int] = []
        try:
            for childFD, target in childFDs.items():
                if target == "r":
                    readFD, writeFD = os.pipe()
                    created += [readFD, writeFD]
                    ourEnds[childFD], fdmap[childFD] = readFD, writeFD
                elif target == "w":
                    readFD, writeFD = os.pipe()
                    created += [readFD, writeFD]
                    ourEnds[childFD], fdmap[childFD] = writeFD, readFD
                else:
                    if not isinstance(target, int):
                        raise AssertionError(f"{target!r} should be an int")
                    fdmap[childFD] = target
            if not self._trySpawnInsteadOfFork(
                path, fdmap, executable, args, environment, uid, gid
            ):
                self._fork(path, uid, gid, executable, args, environment, fdmap=fdmap)
        except BaseException:
            for fd in created:
                try:
                    os.close(fd)
                except OSError:
                    pass
            raise
        # The child has its ends now.
        for childFD, ourFD in ourEnds.items():
            os.close(fdmap[childFD])
            fdesc.setNonBlocking(ourFD)
            if childFDs[childFD] == "r":
                self.pipes[childFD] = self.processReaderFactory(reactor, self, childFD, ourFD)
            else:
                self.pipes[childFD] = self.processWriterFactory(reactor, self, childFD, ourFD)
        registerReapProcessHandler(self.pid, self)
        self._watchExit()
        try:
            self.proto.makeConnection(self)
        except BaseException:
            log.err()

    def _trySpawnInsteadOfFork(
        self,
        path: Any,
        fdmap: dict[int, int],
        executable: Any,
        args: Any,
        environment: Any,
        uid: int | None,
        gid: int | None,
    ) -> bool:
        """Spawn the child (Popen, else ``posix_spawnp``) when nothing runs before its exec.

        Returns False (the caller forks instead) for a uid/gid change, a working directory
        other than ours, or when the reactor says ``_neverUseSpawn``.
        """
        if getattr(self._reactor, "_neverUseSpawn", False):
            return False
        if uid is not None or gid is not None:
            return False
        if path is not None and os.path.realpath(path) != os.path.realpath(os.getcwd()):
            return False
        env = _parentEnvironment if environment is None else environment
        popen = spawnWithPopen(executable, args, env, fdmap)
        if popen is not None:
            self._popen = popen
            self.pid = popen.pid
            return True
        fileActions = _getFileActions(
            [(fd, bool(flags & fcntl.FD_CLOEXEC)) for fd, flags in _openDescriptorFlags()],
            fdmap,
            _PS_CLOSE,
            _PS_DUP2,
        )
        self.pid = os.posix_spawnp(
            executable, args, env, file_actions=fileActions, setsigdef=ignoredSignals()
        )
        return True

    def processEnded(self, status: int) -> None:
        if self._popen is not None:
            # We reaped the child; the Popen must not wait for it (or warn that it runs).
            self._popen.returncode = os.waitstatus_to_exitcode(status)
        _BaseProcess.processEnded(self, status)

    def _setupChild(self, **kwargs: Any) -> None:
        """In the child: descriptor N becomes ``fdmap[N]``; every other one is closed."""
        fdmap: dict[int, int] = kwargs["fdmap"]
        for action in _getFileActions(_childDescriptorState(), fdmap, "close", "dup2"):
            if action[0] == "close":
                try:
                    os.close(action[1])
                except OSError:
                    pass
            else:
                os.dup2(action[1], action[2])

    # -- IProcessTransport -------------------------------------------------------------

    def writeToChild(self, childFD: int, data: bytes) -> None:
        """Send ``data`` to child descriptor ``childFD``; ``KeyError`` when we hold no pipe
        for it.  Data for a descriptor the child writes to (``"r"``) is dropped."""
        pipe = self.pipes[childFD]
        if isinstance(pipe, ProcessReader):
            return
        pipe.write(data)

    def closeChildFD(self, childFD: int) -> None:
        """Close our end of child descriptor ``childFD`` (once written data is sent)."""
        if childFD in self.pipes:
            self.pipes[childFD].loseConnection()

    def pauseProducing(self) -> None:
        """Stop reading what the child writes."""
        for pipe in self.pipes.values():
            if isinstance(pipe, ProcessReader):
                pipe.stopReading()

    def resumeProducing(self) -> None:
        """Read what the child writes again."""
        for pipe in self.pipes.values():
            if isinstance(pipe, ProcessReader):
                pipe.startReading()

    def closeStdin(self) -> None:
        """Close the child's stdin once what was written is sent."""
        self.closeChildFD(0)

    def closeStdout(self) -> None:
        self.closeChildFD(1)

    def closeStderr(self) -> None:
        self.closeChildFD(2)

    def loseConnection(self) -> None:
        self.closeStdin()
        self.closeStderr()
        self.closeStdout()

    def write(self, data: bytes) -> None:
        """Send ``data`` to the child's stdin (dropped when stdin is closed)."""
        if 0 in self.pipes:
            self.pipes[0].write(data)

    def registerProducer(self, producer: Any, streaming: bool) -> None:
        """Let ``producer`` feed the child's stdin (stopped at once if stdin is closed)."""
        if 0 in self.pipes:
            self.pipes[0].registerProducer(producer, streaming)
        else:
            producer.stopProducing()

    def unregisterProducer(self) -> None:
        if 0 in self.pipes:
            self.pipes[0].unregisterProducer()

    def writeSequence(self, seq: Any) -> None:
        if 0 in self.pipes:
            self.pipes[0].writeSequence(seq)

    def childDataReceived(self, name: int, data: bytes) -> None:
        self.proto.childDataReceived(name, data)

    def childConnectionLost(self, childFD: int, reason: Any) -> None:
        """Our end of ``childFD`` is closed: tell the protocol, maybe end."""
        self.pipes.pop(childFD, None)
        try:
            self.proto.childConnectionLost(childFD)
        except BaseException:
            log.err()
        self.maybeCallProcessEnded()

    def maybeCallProcessEnded(self) -> None:
        """``processEnded`` waits for every pipe to close as well as for the exit."""
        if self.pipes or not self.lostProcess:
            return
        _BaseProcess.maybeCallProcessEnded(self)

    def getHost(self) -> Any:
        """Not provided by process transports (as on Twisted)."""
        raise NotImplementedError()

    def getPeer(self) -> Any:
        """Not provided by process transports (as on Twisted)."""
        raise NotImplementedError()


def _openDescriptorFlags() -> list[tuple[int, int]]:
    """``(fd, flags)`` for each descriptor open here, asking each descriptor once."""
    try:
        fds = [int(name) for name in os.listdir("/dev/fd")]
    except OSError:
        fds = _listOpenFDs()
    found = []
    for fd in fds:
        flags = _fdFlags(fd)
        if flags is not None:
            found.append((fd, flags))
    return found


@implementer(IProcessTransport)
class PTYProcess(abstract.FileDescriptor, _BaseProcess):
    """A child whose stdin, stdout and stderr are one pseudo-terminal.

    Everything the child prints arrives as ``childDataReceived(1, ...)``; the terminal
    reports its end (EIO) once the child and its descendants have closed it.  ``usePTY``
    may be a ``(master, slave, ttyname)`` triple to use an existing terminal.
    """

    status = -1
    pid: int | None = None

    def __init__(
        self,
        reactor: Any,
        executable: Any,
        args: Any,
        environment: Any,
        path: Any,
        proto: Any,
        uid: int | None = None,
        gid: int | None = None,
        usePTY: Any = None,
    ) -> None:
        abstract.FileDescriptor.__init__(self, reactor)
        _BaseProcess.__init__(self, proto)
        self._reactor = reactor
        _checkProcessArgs(executable, args, environment)
        givenTerminal = isinstance(usePTY, (tuple, list))
        if givenTerminal:
            masterfd, slavefd = usePTY[0], usePTY[1]
        else:
            masterfd, slavefd = pty.openpty()
        try:
            self._fork(
                path,
                uid,
                gid,
                executable,
                args,
                environment,
                masterfd=masterfd,
                slavefd=slavefd,
            )
        except BaseException:
            if not givenTerminal:
                os.close(masterfd)
                os.close(slavefd)
            raise
        os.close(slavefd)
        fdesc.setNonBlocking(masterfd)
        self.fd = masterfd
        self.connected = 1
        self.startReading()
        registerReapProcessHandler(self.pid, self)
        self._watchExit()
        try:
            self.proto.makeConnection(self)
        except BaseException:
            log.err()

    def _setupChild(self, **kwargs: Any) -> None:
        """In the child: a new session whose controlling terminal is the slave side, which
        becomes descriptors 0, 1 and 2; everything else is closed."""
        masterfd: int = kwargs["masterfd"]
        slavefd: int = kwargs["slavefd"]
        os.close(masterfd)
        os.setsid()
        fcntl.ioctl(slavefd, termios.TIOCSCTTY, 0)
        fdmap = {0: slavefd, 1: slavefd, 2: slavefd}
        for action in _getFileActions(_childDescriptorState(), fdmap, "close", "dup2"):
            if action[0] == "close":
                try:
                    os.close(action[1])
                except OSError:
                    pass
            else:
                os.dup2(action[1], action[2])
        if slavefd > 2:
            try:
                os.close(slavefd)
            except OSError:
                pass

    def fileno(self) -> int:
        fd: int = self.fd
        return fd

    def doRead(self) -> Any:
        """What the child printed; the terminal's end (EIO or EOF) ends the reading."""
        try:
            data = os.read(self.fd, 65536)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EINTR):
                return None
            return CONNECTION_LOST
        if not data:
            return CONNECTION_DONE
        self.proto.childDataReceived(1, data)
        return None

    def writeSomeData(self, data: bytes) -> int | BaseException:
        try:
            return os.write(self.fd, data)
        except OSError as e:
            if e.errno in (errno.EAGAIN, errno.EINTR):
                return 0
            return CONNECTION_LOST

    def connectionLost(self, reason: Any) -> None:
        """The terminal is closed: count it as half of the end (the exit is the other)."""
        if self.disconnected:
            return
        abstract.FileDescriptor.connectionLost(self, reason)
        try:
            os.close(self.fd)
        except OSError:
            pass
        self.lostProcess += 1
        self.maybeCallProcessEnded()

    def maybeCallProcessEnded(self) -> None:
        """``processEnded`` waits for the terminal to close as well as for the exit."""
        if self.lostProcess < 2:
            return
        _BaseProcess.maybeCallProcessEnded(self)

    def writeToChild(self, childFD: int, data: bytes) -> None:
        """Not provided for a terminal (as on Twisted): use ``write``."""
        raise NotImplementedError()

    def closeChildFD(self, descriptor: int) -> None:
        """Nothing to do: a terminal's sides cannot be closed separately."""

    def closeStdin(self) -> None:
        """Nothing to do: a terminal has no separate input to close."""

    def closeStdout(self) -> None:
        """Nothing to do: a terminal has no separate output to close."""

    def closeStderr(self) -> None:
        """Nothing to do: a terminal has no separate error output to close."""

    def getHost(self) -> Any:
        """Not provided by process transports (as on Twisted)."""
        raise NotImplementedError()

    def getPeer(self) -> Any:
        """Not provided by process transports (as on Twisted)."""
        raise NotImplementedError()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} pid={self.pid} status={self.status}>"


__all__ = [
    "Process",
    "PTYProcess",
    "ProcessReader",
    "ProcessWriter",
    "_BaseProcess",
    "BaseProcess",
    "_getFileActions",
    "_listOpenFDs",
    "_FDDetector",
    "detector",
    "reapProcessHandlers",
    "reapAllProcesses",
    "registerReapProcessHandler",
    "unregisterReapProcessHandler",
    "switchUID",
    "sys",
]
