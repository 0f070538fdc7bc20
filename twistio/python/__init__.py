"""twisted.python: utilities shared by the rest of the framework."""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

__name__ = "twisted.python"

# Because __name__ is the Twisted name, ``from twistio.python import x`` would look for
# ``twisted.python.x`` (the import system builds the submodule name from __name__) and fail
# unless the alias is on.  The import system first asks ``hasattr(package, "x")``, so
# answering that by importing ``twistio.python.x`` makes the statement work either way.
_REAL = "twistio.python"


def __getattr__(name: str) -> ModuleType:
    if name.startswith("__") or importlib.util.find_spec(f"{_REAL}.{name}") is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return importlib.import_module(f"{_REAL}.{name}")
