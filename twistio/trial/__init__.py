"""twisted.trial: the unit testing framework (test cases, runner, reporters)."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

__name__ = "twisted.trial"

# With __name__ set to the Twisted name, ``from twistio.trial import x`` would look for
# ``twisted.trial.x`` unless the alias is on; the import system first tries
# ``getattr(package, "x")``, answered here by importing ``twistio.trial.x``.
_REAL = "twistio.trial"


def __getattr__(name: str) -> ModuleType:
    if name.startswith("__") or importlib.util.find_spec(f"{_REAL}.{name}") is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return importlib.import_module(f"{_REAL}.{name}")
