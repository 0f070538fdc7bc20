"""PID files for ``twist``: record the running process, detect one already running."""

from __future__ import annotations

import errno
from os import getpid, kill
from os import name as SYSTEM_NAME
from types import TracebackType
from typing import Any

from zope.interface import Interface, implementer

from twistio.logger import Logger
from twistio.python.filepath import FilePath

__name__ = "twisted.application.runner._pidfile"

__all__ = [
    "IPIDFile",
    "PIDFile",
    "NonePIDFile",
    "nonePIDFile",
    "AlreadyRunningError",
    "InvalidPIDFileError",
    "StalePIDFileError",
    "NoPIDFound",
]


class IPIDFile(Interface):
    """A file holding a process ID; as a context manager it is written on entry (refusing if
    its process still runs) and removed on exit."""

    def read() -> int:  # type: ignore[misc]
        """The PID in the file (InvalidPIDFileError, NoPIDFound)."""

    def writeRunningPID() -> None:  # type: ignore[misc]
        """Store this process's PID."""

    def remove() -> None:  # type: ignore[misc]
        """Delete the file."""

    def isRunning() -> bool:  # type: ignore[misc]
        """Whether the recorded process runs (StalePIDFileError if it does not exist)."""

    def __enter__() -> IPIDFile:  # type: ignore[misc]
        """Write this process's PID (AlreadyRunningError if the recorded one runs)."""

    def __exit__(excType: Any, excValue: Any, traceback: Any) -> None:  # type: ignore[misc]
        """Remove the file."""


@implementer(IPIDFile)
class PIDFile:
    """A PID file at ``filePath`` (a FilePath)."""

    _log = Logger()

    @staticmethod
    def _format(pid: int) -> bytes:
        """The file content for ``pid``."""
        return f"{int(pid)}\n".encode()

    def __init__(self, filePath: FilePath[Any]) -> None:
        self.filePath = filePath

    def read(self) -> int:
        try:
            with self.filePath.open() as fh:
                pidString = fh.readline()
        except OSError as e:
            if e.errno == errno.ENOENT:
                raise NoPIDFound("PID file does not exist") from e
            raise
        try:
            return int(pidString)
        except ValueError:
            raise InvalidPIDFileError(f"non-integer PID value in PID file: {pidString!r}") from None

    def _write(self, pid: int) -> None:
        """Store ``pid`` (ValueError if it is not an integer)."""
        self.filePath.setContent(self._format(pid=pid))

    def writeRunningPID(self) -> None:
        self._write(getpid())

    def remove(self) -> None:
        self.filePath.remove()

    def isRunning(self) -> bool:
        try:
            pid = self.read()
        except NoPIDFound:
            return False
        if SYSTEM_NAME != "posix":
            raise NotImplementedError(f"isRunning is not implemented on {SYSTEM_NAME}")
        try:
            # Signal 0 checks that the process exists without touching it.
            kill(pid, 0)
        except OSError as e:
            if e.errno == errno.ESRCH:
                raise StalePIDFileError("PID file refers to non-existing process") from None
            if e.errno == errno.EPERM:
                # It exists; we may just not signal it.
                return True
            raise
        return True

    def __enter__(self) -> PIDFile:
        try:
            if self.isRunning():
                raise AlreadyRunningError()
        except StalePIDFileError:
            self._log.info("Replacing stale PID file: {log_source}")
        self.writeRunningPID()
        return self

    def __exit__(
        self,
        excType: type[BaseException] | None,
        excValue: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.remove()


@implementer(IPIDFile)
class NonePIDFile:
    """The PID file used when there is none: nothing to read, write or remove."""

    def read(self) -> int:
        raise NoPIDFound("PID file does not exist")

    def _write(self, pid: int) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    def writeRunningPID(self) -> None:
        self._write(0)

    def remove(self) -> None:
        raise OSError(errno.ENOENT, "No such file or directory")

    def isRunning(self) -> bool:
        return False

    def __enter__(self) -> NonePIDFile:
        return self

    def __exit__(
        self,
        excType: type[BaseException] | None,
        excValue: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        return None


nonePIDFile: IPIDFile = NonePIDFile()


class AlreadyRunningError(Exception):
    """The process recorded in the PID file is running."""


class InvalidPIDFileError(Exception):
    """The PID file does not hold a PID."""


class StalePIDFileError(Exception):
    """The PID file names a process that does not exist."""


class NoPIDFound(Exception):
    """There is no PID file."""
