"""twisted.test: see Twisted's documentation of the same name."""

import sys
from types import ModuleType

from twistio._package import submodule_getattr

__name__ = "twisted.test"

_submodule = submodule_getattr("twistio.test", __name__)


def __getattr__(name: str) -> ModuleType:
    module = _submodule(name)
    # A submodule whose sys.modules entry is a warning proxy (proto_helpers) is the module
    # itself as an attribute of its package, as in Twisted.
    wrapped: ModuleType = getattr(module, "__twistio_wrapped__", module)
    return wrapped


class _Package(ModuleType):
    """This package's module type: the import system's ``setattr(package, child, proxy)``
    stores the module behind a warning proxy instead of the proxy."""

    def __setattr__(self, name: str, value: object) -> None:
        super().__setattr__(name, getattr(value, "__twistio_wrapped__", value))


sys.modules[__spec__.name].__class__ = _Package
