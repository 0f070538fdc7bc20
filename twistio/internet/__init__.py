"""twisted.internet: the reactor, transports, protocols and the tools around them."""

from __future__ import annotations

import sys
from typing import Any

from twistio._package import submodule_getattr

__name__ = "twisted.internet"

_submodule = submodule_getattr("twistio.internet", __name__)


def __getattr__(name: str) -> Any:
    if name == "reactor":
        # An installed reactor is an object, not a module, in sys.modules (so it has no
        # __spec__ to find); tests that swap reactors (Twisted's NoReactor) may leave it
        # there without this attribute.
        installed = sys.modules.get("twistio.internet.reactor")
        if installed is not None:
            return installed
    return _submodule(name)
