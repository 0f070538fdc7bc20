"""twisted.python.logfile: log files that rotate by size (:class:`LogFile`) or by day
(:class:`DailyLogFile`), and :class:`LogReader` for reading them back."""

from __future__ import annotations

import glob
import os
import stat
import time
from typing import IO, Any

from twistio.python import threadable

__name__ = "twisted.python.logfile"

__all__ = ["BaseLogFile", "LogFile", "DailyLogFile", "LogReader"]


class BaseLogFile:
    """A log file that can rotate; subclasses decide when (:meth:`shouldRotate`) and how
    (:meth:`rotate`).

    :param defaultMode: permission bits for a newly created log file.
    """

    synchronized = ["write", "rotate"]

    def __init__(self, name: str, directory: str, defaultMode: int | None = None) -> None:
        self.directory = directory
        self.name = name
        self.path = os.path.join(directory, name)
        if defaultMode is None and os.path.exists(self.path):
            self.defaultMode: int | None = stat.S_IMODE(os.stat(self.path)[stat.ST_MODE])
        else:
            self.defaultMode = defaultMode
        self._openFile()

    @classmethod
    def fromFullPath(cls, filename: str, *args: Any, **kwargs: Any) -> Any:
        """A log file for the path ``filename``."""
        logPath = os.path.abspath(filename)
        return cls(os.path.basename(logPath), os.path.dirname(logPath), *args, **kwargs)

    def shouldRotate(self) -> bool:
        """Whether the next write should rotate first (subclasses decide)."""
        raise NotImplementedError

    def _openFile(self) -> None:
        """Open (appending) or create the log file."""
        self.closed = False
        if os.path.exists(self.path):
            self._file: IO[bytes] = open(self.path, "rb+", 0)
            self._file.seek(0, os.SEEK_END)
        elif self.defaultMode is not None:
            # Create the file inaccessible, then give it its mode: no window in which
            # others could open it with looser permissions.
            oldUmask = os.umask(0o777)
            try:
                self._file = open(self.path, "wb+", 0)
            finally:
                os.umask(oldUmask)
        else:
            self._file = open(self.path, "wb+", 0)
        if self.defaultMode is not None:
            try:
                os.chmod(self.path, self.defaultMode)
            except OSError:
                # Some files (/dev/null) cannot change mode; that is fine.
                pass

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        del state["_file"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._openFile()

    def write(self, data: str | bytes) -> None:
        """Write ``data`` (text is UTF-8 encoded), rotating first if due."""
        if self.shouldRotate():
            self.flush()
            self.rotate()
        if isinstance(data, str):
            data = data.encode("utf8")
        self._file.write(data)

    def rotate(self) -> None:
        """Start a new log file (subclasses say how)."""
        raise NotImplementedError

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        """Close the file."""
        self.closed = True
        self._file.close()

    def reopen(self) -> None:
        """Close and reopen the file (for external rotation tools)."""
        self.close()
        self._openFile()

    def getCurrentLog(self) -> LogReader:
        """A reader of the current log file."""
        return LogReader(self.path)

    def _canRotate(self) -> bool:
        return os.access(self.directory, os.W_OK) and os.access(self.path, os.W_OK)


class LogFile(BaseLogFile):
    """A log file rotated when it reaches ``rotateLength`` bytes; old files are
    ``name.1`` (newest), ``name.2``..., at most ``maxRotatedFiles`` of them."""

    def __init__(
        self,
        name: str,
        directory: str,
        rotateLength: int = 1000000,
        defaultMode: int | None = None,
        maxRotatedFiles: int | None = None,
    ) -> None:
        BaseLogFile.__init__(self, name, directory, defaultMode)
        self.rotateLength = rotateLength
        self.maxRotatedFiles = maxRotatedFiles

    def _openFile(self) -> None:
        BaseLogFile._openFile(self)
        self.size = self._file.tell()

    def shouldRotate(self) -> bool:
        return bool(self.rotateLength and self.size >= self.rotateLength)

    def getLog(self, identifier: int) -> LogReader:
        """A reader of the rotated file number ``identifier``.

        :raises TypeError: ``identifier`` is not an int.
        :raises ValueError: there is no such file.
        """
        if not isinstance(identifier, int):
            raise TypeError(f"identifier must be an int, not {identifier!r}")
        filename = f"{self.path}.{identifier}"
        if not os.path.exists(filename):
            raise ValueError("no such logfile exists")
        return LogReader(filename)

    def write(self, data: str | bytes) -> None:
        BaseLogFile.write(self, data)
        self.size += len(data)

    def rotate(self) -> None:
        """Shift ``name.N`` to ``name.N+1`` (dropping those past ``maxRotatedFiles``),
        move the current file to ``name.1`` and start a new one.  Does nothing if the
        directory or file cannot be written."""
        if not self._canRotate():
            return
        for i in reversed(self.listLogs()):
            old = f"{self.path}.{i}"
            if self.maxRotatedFiles is not None and i >= self.maxRotatedFiles:
                os.remove(old)
            else:
                os.rename(old, f"{self.path}.{i + 1}")
        self._file.close()
        os.rename(self.path, f"{self.path}.1")
        self._openFile()

    def listLogs(self) -> list[int]:
        """The numbers of the rotated files, ascending."""
        result = []
        for name in glob.glob(f"{glob.escape(self.path)}.*"):
            try:
                counter = int(name.split(".")[-1])
            except ValueError:
                continue
            if counter:
                result.append(counter)
        result.sort()
        return result

    def __getstate__(self) -> dict[str, Any]:
        state = BaseLogFile.__getstate__(self)
        del state["size"]
        return state


threadable.synchronize(LogFile)


class DailyLogFile(BaseLogFile):
    """A log file rotated on the first write of each day; old files are
    ``name.YYYY_M_D``."""

    def _openFile(self) -> None:
        BaseLogFile._openFile(self)
        self.lastDate = self.toDate(os.stat(self.path)[stat.ST_MTIME])

    def shouldRotate(self) -> bool:
        return bool(self.toDate() > self.lastDate)

    def toDate(self, *args: float) -> Any:
        """``(year, month, day)`` of the given time (now by default), local time."""
        return time.localtime(*args)[:3]

    def suffix(self, tupledate: Any) -> str:
        """The rotated file suffix for a date tuple or a time stamp."""
        if isinstance(tupledate, (int, float)):
            tupledate = self.toDate(tupledate)
        return "_".join(map(str, tupledate))

    def getLog(self, identifier: float) -> LogReader:
        """A reader of the log of the day containing the time stamp ``identifier``.

        :raises ValueError: there is no such file.
        """
        if self.toDate(identifier) == self.lastDate:
            return self.getCurrentLog()
        filename = f"{self.path}.{self.suffix(identifier)}"
        if not os.path.exists(filename):
            raise ValueError("no such logfile exists")
        return LogReader(filename)

    def write(self, data: str | bytes) -> None:
        BaseLogFile.write(self, data)
        # Clock skew must not make the date go backwards.
        self.lastDate = max(self.lastDate, self.toDate())

    def rotate(self) -> None:
        """Move the current file to ``name.<its date>`` and start a new one (unless that
        file exists or the directory or file cannot be written)."""
        if not self._canRotate():
            return
        newpath = f"{self.path}.{self.suffix(self.lastDate)}"
        if os.path.exists(newpath):
            return
        self._file.close()
        os.rename(self.path, newpath)
        self._openFile()

    def __getstate__(self) -> dict[str, Any]:
        state = BaseLogFile.__getstate__(self)
        del state["lastDate"]
        return state


threadable.synchronize(DailyLogFile)


class LogReader:
    """Reads lines from a log file."""

    def __init__(self, name: str) -> None:
        self._file = open(name, encoding="utf-8")

    def readLines(self, lines: int = 10) -> list[str]:
        """Up to ``lines`` more lines."""
        result = []
        for _ in range(lines):
            line = self._file.readline()
            if not line:
                break
            result.append(line)
        return result

    def close(self) -> None:
        self._file.close()
