"""twisted.internet: the reactor, transports, protocols and the tools around them."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

from twistio import _alias
from twistio._package import submodule_getattr

__name__ = "twisted.internet"

_submodule = submodule_getattr("twistio.internet", __name__)
_REACTOR = "twistio.internet.reactor"


def __getattr__(name: str) -> Any:
    if name == "reactor":
        # An installed reactor is an object, not a module, in sys.modules (it has no __spec__
        # to find).  With the alias on, the Twisted name decides, as in installReactor: tests
        # set the reactor aside under that name (Twisted's NoReactor) and expect the next
        # import to install a new one.
        installed = sys.modules.get("twisted.internet.reactor" if _alias.installed() else _REACTOR)
        if installed is not None:
            return installed
        stale = sys.modules.get(_REACTOR)
        if stale is not None and not isinstance(stale, ModuleType):
            del sys.modules[_REACTOR]
    return _submodule(name)
