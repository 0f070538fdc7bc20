"""twisted.protocols.stateful: a protocol driven by ``(handler, byte count)`` states.

:meth:`StatefulProtocol.getInitialState` returns ``(handler, n)``: once ``n`` bytes have
arrived, ``handler(those bytes)`` runs and returns the next ``(handler, n)``, or ``None`` to
stay in the same state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from twistio.internet import protocol

__name__ = "twisted.protocols.stateful"

_State = tuple[Callable[[bytes], tuple[Any, int] | None], int]


class StatefulProtocol(protocol.Protocol):
    """Cuts the stream into the byte counts its states ask for."""

    _sful_data: tuple[Any, Any, int] = (None, None, 0)

    def makeConnection(self, transport: Any) -> None:
        protocol.Protocol.makeConnection(self, transport)
        self._sful_data = (self.getInitialState(), b"", 0)

    def getInitialState(self) -> _State:
        """Override: the first ``(handler, byte count)``."""
        raise NotImplementedError

    def dataReceived(self, data: bytes) -> None:
        state, buffer, offset = self._sful_data
        buffer = buffer[offset:] + data
        offset = 0
        try:
            while state is not None:
                handler, count = state
                if len(buffer) - offset < count:
                    break
                chunk = buffer[offset : offset + count]
                offset += count
                following = handler(chunk)
                if following is not None:
                    state = following
        finally:
            # Kept current even if a handler raised, so the next call starts after it.
            self._sful_data = (state, buffer, offset)


__all__ = ["StatefulProtocol"]
