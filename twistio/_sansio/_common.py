"""Shared pieces of the sans-IO cores: the ``NEED_DATA`` sentinel and the error split.

``LocalProtocolError``: the caller misused a core (sent something the format cannot carry).
``RemoteProtocolError``: the peer's bytes break the format.  The compatibility surface
translates both into Twisted's exception types.
"""

from __future__ import annotations

import enum


class _Sentinel(enum.Enum):
    NEED_DATA = "NEED_DATA"

    def __repr__(self) -> str:
        return self.value


#: Returned by ``next_event()`` when the buffered bytes do not yet hold a whole event.
NEED_DATA = _Sentinel.NEED_DATA


class ProtocolError(Exception):
    """Base of the framing errors raised by the cores."""


class LocalProtocolError(ProtocolError):
    """We asked the core to do something the format cannot express."""


class RemoteProtocolError(ProtocolError):
    """The peer sent bytes that break the format."""
