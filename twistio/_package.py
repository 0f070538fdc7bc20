"""Submodule lookup for twistio packages that carry their Twisted name.

A package ``__init__`` that declares ``__name__ = "twisted.x"`` breaks ``from twistio.x import
sub`` when the alias is off: the import system builds the submodule's name from the package's
``__name__`` (``twisted.x.sub``).  It first tries ``getattr(package, "sub")`` though, so a
module-level ``__getattr__`` that imports ``twistio.x.sub`` makes the statement work either way.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from types import ModuleType


def submodule_getattr(real: str, public: str) -> Callable[[str], ModuleType]:
    """Return a module ``__getattr__`` for package ``real`` (known to users as ``public``).

    The function imports and returns ``real.<name>`` when such a submodule exists, and raises
    :class:`AttributeError` (worded with the public name) otherwise, as a missing attribute would.
    """

    def __getattr__(name: str) -> ModuleType:
        if name.startswith("__") or importlib.util.find_spec(f"{real}.{name}") is None:
            raise AttributeError(f"module {public!r} has no attribute {name!r}")
        return importlib.import_module(f"{real}.{name}")

    return __getattr__
