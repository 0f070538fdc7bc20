"""twisted.internet: the reactor, transports, protocols and the tools around them."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

__name__ = "twisted.internet"

# With __name__ set to the Twisted name, ``from twistio.internet import x`` would look for
# ``twisted.internet.x`` unless the alias is on.  The import system first tries
# ``getattr(package, "x")``; answering by importing ``twistio.internet.x`` makes the statement
# work either way (and ``from twistio.internet import reactor`` installs the default reactor).
_REAL = "twistio.internet"


def __getattr__(name: str) -> ModuleType:
    if name.startswith("__") or importlib.util.find_spec(f"{_REAL}.{name}") is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return importlib.import_module(f"{_REAL}.{name}")
