"""twisted.test.proto_helpers: the old home of twisted.internet.testing's doubles.

Every name here is the twisted.internet.testing object.  As with Twisted, importing a name
from this module (``from twisted.test.proto_helpers import StringTransport``) warns
(DeprecationWarning, deprecated since Twisted 19.7.0, naming the new home), while reading it
as an attribute of the module found on its package (``from twisted.test import
proto_helpers; proto_helpers.StringTransport``) does not.  ``sys.modules`` holds a warning
proxy for this module; the package attribute is the module itself (see twisted.test).
"""

from __future__ import annotations

import sys
import warnings
from types import ModuleType

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

globals().update({name: getattr(testing, name) for name in _MOVED})


class _WarningModule(ModuleType):
    """What ``sys.modules`` holds for this module: reads of the moved names warn."""

    def __init__(self, module: ModuleType) -> None:
        super().__init__(module.__name__, module.__doc__)
        self.__twistio_wrapped__ = module
        self.__all__ = list(_MOVED)

    def __getattr__(self, name: str) -> object:
        # Only names not set on the proxy itself come here.
        value = getattr(self.__twistio_wrapped__, name)
        if name in _MOVED:
            warnings.warn(
                f"twisted.test.proto_helpers.{name} was deprecated in Twisted 19.7.0: "
                f"Please use twisted.internet.testing.{name} instead.",
                DeprecationWarning,
                stacklevel=2,
            )
        return value

    def __dir__(self) -> list[str]:
        return dir(self.__twistio_wrapped__)


sys.modules[__spec__.name] = _WarningModule(sys.modules[__spec__.name])
