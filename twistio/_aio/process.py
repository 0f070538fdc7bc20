"""Child processes: ``spawnProcess`` on ``subprocess.Popen`` with the loop watching the pipes.

The child's stdout/stderr pipes are read with ``loop.add_reader``; stdin is written through a
buffer flushed with ``loop.add_writer``; the exit is noticed through a pidfd (Linux) or, where
there is none, a thread blocked in ``waitpid``.  Protocol callbacks follow Twisted's order:
``childConnectionLost`` per pipe, ``processExited`` at exit, ``processEnded`` once both the
child has exited and its pipes are closed.
"""

from __future__ import annotations

import os
import signal as _signal
import subprocess
import threading
from typing import Any

from zope.interface import implementer

from twistio.internet import error
from twistio.internet.interfaces import IProcessTransport
from twistio.python import log
from twistio.python.failure import Failure

__name__ = "twisted.internet.process"


_RESTORED_BY_POPEN = frozenset(
    getattr(_signal, name) for name in ("SIGPIPE", "SIGXFZ", "SIGXFSZ") if hasattr(_signal, name)
)


#: pid -> Process for every child not yet reaped (Twisted's name; its tests inspect it).
reapProcessHandlers: dict[int, Any] = {}


def _ignoredSignals() -> list[int]:
    """The signals set to SIG_IGN in this process (but those Popen restores itself)."""
    found = []
    for number in range(1, _signal.NSIG):
        if number in _RESTORED_BY_POPEN:
            continue
        try:
            if _signal.getsignal(number) == _signal.SIG_IGN:
                found.append(number)
        except (ValueError, OSError):
            continue
    return found


def _arrangeDescriptors(childSide: dict[int, int]) -> None:
    """In the child, before exec: descriptor N becomes ``childSide[N]`` (N > 2); every other
    descriptor above 2 that would survive exec is closed."""
    import fcntl

    from twistio.internet._processfds import _getFileActions

    state = []
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        try:
            flags = fcntl.fcntl(fd, fcntl.F_GETFD)
        except OSError:
            continue  # the directory listing's own descriptor, gone already
        state.append((fd, bool(flags & fcntl.FD_CLOEXEC)))
    wanted = {fd: fd for fd, _ in state if fd <= 2}
    wanted.update(childSide)
    for action in _getFileActions(state, wanted, "close", "dup2"):
        if action[0] == "close":
            os.close(action[1])
        else:
            os.dup2(action[1], action[2])


def _resetSignals(numbers: list[int]) -> None:
    """In the child, before exec: back to the default dispositions."""
    for number in numbers:
        try:
            _signal.signal(number, _signal.SIG_DFL)
        except (ValueError, OSError):
            pass


@implementer(IProcessTransport)
class Process:
    """A running child process (IProcessTransport)."""

    status = -1
    pid: int | None = None

    def __init__(
        self,
        reactor: Any,
        executable: str | bytes,
        args: Any,
        environment: Any,
        path: Any,
        proto: Any,
        uid: int | None = None,
        gid: int | None = None,
        childFDs: dict[int, Any] | None = None,
    ) -> None:
        self.reactor = reactor
        self.proto = proto
        if childFDs is None:
            childFDs = {0: "w", 1: "r", 2: "r"}
        #: child descriptors above 2: what the child gets, and our ends of their pipes
        childSide: dict[int, int] = {}
        ourEnds: dict[int, int] = {}
        for fd, how in childFDs.items():
            if fd in (0, 1, 2):
                continue
            if how == "r":
                ourEnds[fd], childSide[fd] = os.pipe()
            elif how == "w":
                childSide[fd], ourEnds[fd] = os.pipe()
            elif isinstance(how, int):
                childSide[fd] = how
        self._readable = {1, 2} | {fd for fd, how in childFDs.items() if how == "r" and fd > 2}
        streams: dict[int, Any] = {}
        for fd in (0, 1, 2):
            how = childFDs.get(fd)
            if how in ("r", "w"):
                streams[fd] = subprocess.PIPE
            elif isinstance(how, int):
                streams[fd] = how
            else:
                streams[fd] = subprocess.DEVNULL
        # Signals this process ignores would stay ignored in the child (exec keeps SIG_IGN);
        # Twisted gives children default dispositions.  Only pay for a pre-exec hook when
        # there is something to reset.
        ignored = _ignoredSignals()
        prepare: Any = None
        if childSide:

            def prepare() -> None:
                _resetSignals(ignored)
                _arrangeDescriptors(childSide)

        elif ignored:

            def prepare() -> None:
                _resetSignals(ignored)

        try:
            self._popen = subprocess.Popen(
                [os.fsdecode(a) if isinstance(a, bytes) else a for a in args],
                executable=executable,
                env={} if environment is None else environment,
                cwd=path,
                stdin=streams[0],
                stdout=streams[1],
                stderr=streams[2],
                user=uid,
                group=gid,
                # With extra descriptors the pre-exec plan closes what the child must not
                # inherit (Popen's close_fds would also close the descriptors it arranged).
                close_fds=not childSide,
                preexec_fn=prepare,
            )
        except BaseException:
            for fd in ourEnds.values():
                os.close(fd)
            raise
        finally:
            for fd, how in childFDs.items():
                if fd > 2 and how in ("r", "w"):
                    os.close(childSide[fd])
        self.pid = self._popen.pid
        reapProcessHandlers[self.pid] = self
        loop = reactor._asyncioEventloop
        self._loop = loop
        #: childFD -> our end of its pipe (an OS descriptor), while open.
        self.pipes: dict[int, int] = {}
        self._outBuffer: list[bytes] = []
        self._closeStdinWhenFlushed = False
        self._writing = False
        self._exitReason: Failure | None = None
        self._ended = False
        if self._popen.stdin is not None:
            self.pipes[0] = self._popen.stdin.fileno()
            os.set_blocking(self.pipes[0], False)
            # Our end of the child's stdin polls readable (an error) once the child's end is
            # closed: that is how the child closing its stdin, or exiting, is noticed.
            loop.add_reader(self.pipes[0], self._stdinGone)
        for childFD, stream in ((1, self._popen.stdout), (2, self._popen.stderr)):
            if stream is not None:
                fd = stream.fileno()
                os.set_blocking(fd, False)
                self.pipes[childFD] = fd
                loop.add_reader(fd, self._readFrom, childFD)
        for childFD, fd in ourEnds.items():
            os.set_blocking(fd, False)
            self.pipes[childFD] = fd
            if childFD in self._readable:
                loop.add_reader(fd, self._readFrom, childFD)
        self._watchExit()
        reactor._selectables.add(self)
        try:
            proto.makeConnection(self)
        except BaseException:
            log.err()

    def __repr__(self) -> str:
        return f"<Process pid={self.pid} status={self.status}>"

    # -- exit --------------------------------------------------------------------------

    def _watchExit(self) -> None:
        try:
            pidfd = os.pidfd_open(self._popen.pid)
        except (AttributeError, OSError):
            threading.Thread(target=self._waitInThread, daemon=True).start()
            return
        self._pidfd = pidfd
        self._loop.add_reader(pidfd, self._pidfdReady)

    def _pidfdReady(self) -> None:
        self._loop.remove_reader(self._pidfd)
        os.close(self._pidfd)
        self._reaped(self._popen.wait())

    def _waitInThread(self) -> None:
        code = self._popen.wait()
        self.reactor.callFromThread(self._reaped, code)

    def _reaped(self, returncode: int) -> None:
        reapProcessHandlers.pop(self._popen.pid, None)
        self.pid = None
        if returncode < 0:
            self.status = -returncode
            reason: BaseException = error.ProcessTerminated(None, -returncode, self.status)
        else:
            self.status = returncode << 8
            if returncode == 0:
                reason = error.ProcessDone(self.status)
            else:
                reason = error.ProcessTerminated(returncode, None, self.status)
        self._exitReason = Failure(reason)
        try:
            self.proto.processExited(self._exitReason)
        except BaseException:
            log.err(None, "while calling processExited:")
        self._maybeEnded()

    def _maybeEnded(self) -> None:
        if self._ended or self._exitReason is None:
            return
        if any(fd in self.pipes for fd in self._readable):
            return
        self._ended = True
        if 0 in self.pipes:
            self._closePipe(0, notify=False)
        self.reactor._selectables.discard(self)
        try:
            self.proto.processEnded(self._exitReason)
        except BaseException:
            log.err(None, "while calling processEnded:")

    # -- pipes -------------------------------------------------------------------------

    def _readFrom(self, childFD: int) -> None:
        fd = self.pipes.get(childFD)
        if fd is None:
            return
        try:
            data = os.read(fd, 65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data:
            try:
                self.proto.childDataReceived(childFD, data)
            except BaseException:
                log.err()
            return
        self._closePipe(childFD)

    def _closePipe(self, childFD: int, notify: bool = True) -> None:
        fd = self.pipes.pop(childFD, None)
        if fd is None:
            return
        if childFD > 2:
            if childFD in self._readable:
                self._loop.remove_reader(fd)
            os.close(fd)
            stream = None
        elif childFD == 0:
            if self._writing:
                self._loop.remove_writer(fd)
                self._writing = False
            self._loop.remove_reader(fd)
            stream = self._popen.stdin
        else:
            self._loop.remove_reader(fd)
            stream = self._popen.stdout if childFD == 1 else self._popen.stderr
        if stream is not None:
            try:
                stream.close()
            except OSError:
                pass
        if notify:
            if childFD == 0:
                # As in Twisted, the stdin side reports its closing from the loop.
                self.reactor.callLater(0, self._notifyLost, 0)
            else:
                self._notifyLost(childFD)
        self._maybeEnded()

    def _stdinGone(self) -> None:
        if 0 in self.pipes:
            self._outBuffer = []
            self._closePipe(0, notify=False)
            self._notifyLost(0)

    def _notifyLost(self, childFD: int) -> None:
        try:
            self.proto.childConnectionLost(childFD)
        except BaseException:
            log.err()

    def _flush(self) -> None:
        fd = self.pipes.get(0)
        if fd is None:
            return
        while self._outBuffer:
            chunk = self._outBuffer[0]
            try:
                n = os.write(fd, chunk)
            except BlockingIOError:
                break
            except OSError:
                self._outBuffer = []
                self._closePipe(0)
                return
            if n < len(chunk):
                self._outBuffer[0] = chunk[n:]
                break
            self._outBuffer.pop(0)
        if self._outBuffer and not self._writing:
            self._loop.add_writer(fd, self._flush)
            self._writing = True
        elif not self._outBuffer:
            if self._writing:
                self._loop.remove_writer(fd)
                self._writing = False
            if self._closeStdinWhenFlushed:
                self._closePipe(0)

    # -- IProcessTransport -------------------------------------------------------------

    def writeToChild(self, childFD: int, data: bytes) -> None:
        """Send ``data`` to the child's descriptor ``childFD`` (one it reads: ``"w"``)."""
        if childFD == 0:
            self.write(data)
            return
        fd = self.pipes[childFD]
        if childFD in self._readable:
            raise KeyError(childFD)
        # Extra input pipes are written through at once (waiting if the child lags).
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(fd, view) :]
            except BlockingIOError:
                import select

                select.select([], [fd], [])

    def write(self, data: bytes) -> None:
        """Send ``data`` to the child's stdin."""
        if not isinstance(data, bytes):
            raise TypeError("Data must be bytes")
        if 0 not in self.pipes or self._closeStdinWhenFlushed or not data:
            return
        self._outBuffer.append(data)
        self._flush()

    def writeSequence(self, seq: Any) -> None:
        self.write(b"".join(seq))

    def closeStdin(self) -> None:
        """Close the child's stdin once what was written is sent."""
        if 0 not in self.pipes:
            return
        if self._outBuffer:
            self._closeStdinWhenFlushed = True
        else:
            self._closePipe(0)

    def closeStdout(self) -> None:
        self._closePipe(1)

    def closeStderr(self) -> None:
        self._closePipe(2)

    def closeChildFD(self, descriptor: int) -> None:
        if descriptor == 0:
            self.closeStdin()
        else:
            self._closePipe(descriptor)

    def loseConnection(self) -> None:
        self.closeStdin()
        self.closeStderr()
        self.closeStdout()

    def signalProcess(self, signalID: str | int) -> None:
        """Send ``signalID`` ("KILL", "TERM", "INT", "HUP"... or a number)."""
        if self._exitReason is not None or self._popen.returncode is not None:
            raise error.ProcessExitedAlready()
        if isinstance(signalID, str):
            number = getattr(_signal, "SIG" + signalID)
        else:
            number = signalID
        try:
            os.kill(self._popen.pid, number)
        except ProcessLookupError:
            raise error.ProcessExitedAlready() from None

    def getPeer(self) -> Any:
        from twistio.internet.address import _ProcessAddress

        return _ProcessAddress()

    def getHost(self) -> Any:
        from twistio.internet.address import _ProcessAddress

        return _ProcessAddress()

    # -- reactor bookkeeping -----------------------------------------------------------

    def _isReading(self) -> bool:
        return bool(1 in self.pipes or 2 in self.pipes)

    def _isWriting(self) -> bool:
        return self._writing

    def _removeFromReactor(self) -> None:
        for childFD in list(self.pipes):
            fd = self.pipes[childFD]
            if childFD == 0:
                if self._writing:
                    self._loop.remove_writer(fd)
                self._loop.remove_reader(fd)
            elif childFD in self._readable:
                self._loop.remove_reader(fd)

    def _disconnectForShutdown(self) -> None:
        self._removeFromReactor()


def _becomeSessionLeaderOnTTY(ignored: list[int]) -> None:
    """In the child, before exec: the pty slave (already fd 0) becomes the controlling tty."""
    import fcntl
    import termios

    _resetSignals(ignored)
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PTYProcess(Process):
    """A child whose stdin, stdout and stderr are one pseudo-terminal.

    Everything the child prints arrives as ``childDataReceived(1, ...)``; the terminal reports
    the end (EIO) once the child and its descendants have closed it.
    """

    def __init__(
        self,
        reactor: Any,
        executable: str | bytes,
        args: Any,
        environment: Any,
        path: Any,
        proto: Any,
        uid: int | None = None,
        gid: int | None = None,
        usePTY: Any = True,
    ) -> None:
        import pty

        self.reactor = reactor
        self.proto = proto
        if isinstance(usePTY, tuple):
            master, slave = usePTY[0], usePTY[1]
            ownSlave = False
        else:
            master, slave = pty.openpty()
            ownSlave = True
        ignored = _ignoredSignals()
        try:
            self._popen = subprocess.Popen(
                [os.fsdecode(a) if isinstance(a, bytes) else a for a in args],
                executable=executable,
                env={} if environment is None else environment,
                cwd=path,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                user=uid,
                group=gid,
                close_fds=True,
                start_new_session=True,
                preexec_fn=lambda: _becomeSessionLeaderOnTTY(ignored),
            )
        except BaseException:
            if ownSlave:
                os.close(master)
            raise
        finally:
            if ownSlave:
                os.close(slave)
        self.pid = self._popen.pid
        reapProcessHandlers[self.pid] = self
        self._loop = reactor._asyncioEventloop
        self.fd = master
        os.set_blocking(master, False)
        # The one terminal serves as the child's stdin (0) and its output (1).
        self.pipes = {0: master, 1: master}
        self._readable = {1}
        self._outBuffer = []
        self._closeStdinWhenFlushed = False
        self._writing = False
        self._exitReason = None
        self._ended = False
        self._loop.add_reader(master, self._readFrom, 1)
        self._watchExit()
        reactor._selectables.add(self)
        try:
            proto.makeConnection(self)
        except BaseException:
            log.err()

    def _closePipe(self, childFD: int, notify: bool = True) -> None:
        """Any side closing closes the terminal (it is one descriptor)."""
        fd = self.pipes.get(1, self.pipes.get(0))
        if fd is None:
            return
        self.pipes.clear()
        if self._writing:
            self._loop.remove_writer(fd)
            self._writing = False
        self._loop.remove_reader(fd)
        try:
            os.close(fd)
        except OSError:
            pass
        self._maybeEnded()

    def closeStdin(self) -> None:
        """Nothing to do: a terminal has no separate input to close."""

    def closeStdout(self) -> None:
        """Nothing to do: a terminal has no separate output to close."""

    def closeStderr(self) -> None:
        """Nothing to do: a terminal has no separate error output to close."""

    def loseConnection(self) -> None:
        """Close the terminal."""
        self._closePipe(1)

    def _removeFromReactor(self) -> None:
        fd = self.pipes.get(1)
        if fd is not None:
            self._loop.remove_reader(fd)
            if self._writing:
                self._loop.remove_writer(fd)
