"""twisted.protocols: basic, policies, loopback, wire and other classic protocols."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

__name__ = "twisted.protocols"

# With __name__ set to the Twisted name, ``from twistio.protocols import x`` would look for
# ``twisted.protocols.x`` unless the alias is on; answering getattr by importing
# ``twistio.protocols.x`` makes the statement work either way.
_REAL = "twistio.protocols"


def __getattr__(name: str) -> ModuleType:
    if name.startswith("__") or importlib.util.find_spec(f"{_REAL}.{name}") is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return importlib.import_module(f"{_REAL}.{name}")
