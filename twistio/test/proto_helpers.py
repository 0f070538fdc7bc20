"""twisted.test.proto_helpers: the old home of twisted.internet.testing's doubles.

Every name here is the twisted.internet.testing object; reading it warns
(DeprecationWarning, deprecated since Twisted 19.7.0) and names the new home.
"""

from __future__ import annotations

import warnings

from twistio.internet import testing

__name__ = "twisted.test.proto_helpers"

_MOVED = (
    "AccumulatingProtocol",
    "LineSendingProtocol",
    "FakeDatagramTransport",
    "StringTransport",
    "StringTransportWithDisconnection",
    "StringIOWithoutClosing",
    "_FakeConnector",
    "_FakePort",
    "MemoryReactor",
    "MemoryReactorClock",
    "RaisingMemoryReactor",
    "NonStreamingProducer",
    "waitUntilAllDisconnected",
    "EventLoggingObserver",
)
__all__ = list(_MOVED)


def __getattr__(name: str) -> object:
    # Nothing is bound in this module, so every read comes here and warns at the reader.
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"twisted.test.proto_helpers.{name} was deprecated in Twisted 19.7.0: "
        f"Please use twisted.internet.testing.{name} instead.",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(testing, name)
