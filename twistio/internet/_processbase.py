"""``BaseProcess``: the part of a process transport that does not depend on the platform.

It turns the child's exit into the protocol's ``processExited`` (at once) and
``processEnded`` (once the transport says nothing is left open), logging exceptions
either callback raises instead of letting them escape into the reactor.
"""

from __future__ import annotations

from typing import Any

from twistio.python import log
from twistio.python.failure import Failure

__name__ = "twisted.internet.process"


class BaseProcess:
    """Exit bookkeeping shared by process transports.

    ``status`` is the raw wait status once known; ``pid`` is ``None`` once the child is
    reaped; ``lostProcess`` counts the exit (and, for a PTY, the terminal's closing).
    Subclasses provide ``_getReason(status)`` and may delay ``processEnded`` by overriding
    ``maybeCallProcessEnded``.
    """

    pid: int | None = None
    status: int | None = None
    lostProcess = 0
    proto: Any = None
    _endReported = False

    def __init__(self, protocol: Any) -> None:
        self.proto = protocol

    def _getReason(self, status: int) -> BaseException:
        raise NotImplementedError()

    def _callProcessExited(self, reason: BaseException) -> None:
        """Tell the protocol the child has exited (an older protocol may lack the hook)."""
        processExited: Any = getattr(self.proto, "processExited", None)
        if processExited is None:
            return
        try:
            processExited(Failure(reason))
        except BaseException:
            log.err(None, "while calling processExited:")

    def processEnded(self, status: int) -> None:
        """The child has exited with wait status ``status`` (it has been reaped)."""
        self.status = status
        self.lostProcess += 1
        self.pid = None
        self._callProcessExited(self._getReason(status))
        self.maybeCallProcessEnded()

    def maybeCallProcessEnded(self) -> None:
        """Give the protocol ``processEnded``, exactly once, once the child has exited."""
        if self._endReported or self.proto is None or self.status is None:
            return
        self._endReported = True
        proto = self.proto
        reason = Failure(self._getReason(self.status))
        try:
            proto.processEnded(reason)
        except BaseException:
            log.err(None, "while calling processEnded:")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} pid={self.pid} status={self.status}>"
