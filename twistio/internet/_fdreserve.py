"""The spare file descriptor a listening port spends to turn away a peer when out of fds.

When ``accept()`` fails with ``EMFILE`` the pending peer stays in the kernel's backlog, and
the listening socket stays readable: a loop that only retries either spins or leaves the
peer waiting for as long as the process is full.  Twisted's answer, kept here, is to hold
one descriptor in reserve (an open ``/dev/null``), and on ``EMFILE`` to close it, accept the
peer on the freed slot, close the peer at once (it sees an orderly close rather than a hang),
then take the reserve back.

- :class:`_FileDescriptorReservation` is that reserve: ``reserve()`` opens it (once),
  ``available()`` says whether it is held, and ``with reservation:`` frees it for the block
  and takes it back after.  Failing to take it back because of ``EMFILE`` is logged, not
  raised: the port keeps working, without the reserve, until a later ``reserve()``.
- :class:`_NullFileDescriptorReservation` is never available (platforms without it).
- :class:`_BuffersLogs` holds the log events of one accept round and hands them to an
  observer when the round ends (logging while out of descriptors could itself need one).
- :data:`_reservedFD` is the process-wide reserve; listening ports reserve it as they start.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol

from zope.interface import Interface, implementer

from twistio.logger import Logger

__name__ = "twisted.internet.tcp"


class _HasClose(Protocol):
    def close(self) -> object: ...


class _IFileDescriptorReservation(Interface):
    """One file descriptor kept open so it can be given up when the process runs out."""

    def available() -> bool:  # type: ignore[misc]
        """Whether the descriptor is currently held."""

    def reserve() -> None:  # type: ignore[misc]
        """Hold the descriptor if it is not held yet; ``EMFILE`` is logged, not raised."""

    def __enter__() -> None:  # type: ignore[misc]
        """Give the descriptor up for the block (``RuntimeError`` if it is not held)."""

    def __exit__(  # type: ignore[misc]
        excType: Any, excValue: BaseException | None, traceback: Any
    ) -> None:
        """Take the descriptor back; a failure to do so is logged, never raised."""


@implementer(_IFileDescriptorReservation)
class _FileDescriptorReservation:
    """A reserve descriptor opened by ``fileFactory`` (anything with ``close()``)."""

    _log = Logger()

    def __init__(self, fileFactory: Callable[[], _HasClose]) -> None:
        self._fileFactory = fileFactory
        self._fileDescriptor: _HasClose | None = None

    def __repr__(self) -> str:
        return (
            f"_FileDescriptorReservation(_fileFactory={self._fileFactory!r}, "
            f"_fileDescriptor={self._fileDescriptor!r})"
        )

    def available(self) -> bool:
        return self._fileDescriptor is not None

    def reserve(self) -> None:
        if self._fileDescriptor is not None:
            return
        try:
            self._fileDescriptor = self._fileFactory()
        except OSError as e:
            if e.errno != errno.EMFILE:
                raise
            # Already out of descriptors: carry on without a reserve, and say so.
            self._log.failure("Could not reserve EMFILE recovery file descriptor.")

    def __enter__(self) -> None:
        if self._fileDescriptor is None:
            raise RuntimeError("No file reserved.  Have you called my reserve method?")
        held, self._fileDescriptor = self._fileDescriptor, None
        held.close()

    def __exit__(
        self,
        excType: type[BaseException] | None,
        excValue: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self.reserve()
        except Exception:
            # Whatever went wrong in the block matters more than a lost reserve.
            self._log.failure("Could not re-reserve EMFILE recovery file descriptor.")


@implementer(_IFileDescriptorReservation)
class _NullFileDescriptorReservation:
    """A reservation that never holds anything; entering it does nothing."""

    def available(self) -> bool:
        return False

    def reserve(self) -> None:
        """Nothing to hold."""

    def __enter__(self) -> None:
        """Nothing to give up."""

    def __exit__(
        self,
        excType: type[BaseException] | None,
        excValue: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Nothing to take back."""


class _BuffersLogs:
    """``with _BuffersLogs(namespace, observer) as logger:`` -- what ``logger`` logs in the
    block reaches ``observer`` when the block ends (normally or by an exception)."""

    def __init__(
        self, namespace: str, observer: Callable[[dict[str, Any]], None], logs: Any = None
    ) -> None:
        self._namespace = namespace
        self._observer = observer
        self._logs: list[dict[str, Any]] = [] if logs is None else logs

    def __enter__(self) -> Logger:
        return Logger(namespace=self._namespace, observer=self._logs.append)  # type: ignore[arg-type]

    def __exit__(
        self,
        excType: type[BaseException] | None,
        excValue: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        logs, self._logs[:] = list(self._logs), []
        for event in logs:
            self._observer(event)


#: The process-wide reserve, an open ``/dev/null`` while any port listens.
_reservedFD: _IFileDescriptorReservation = _FileDescriptorReservation(
    lambda: open(os.devnull, "rb")  # noqa: SIM115 -- held open on purpose
)
