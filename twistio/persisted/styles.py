"""Pickling helpers: objects that are never persisted (:class:`Ephemeral`) and classes whose
instances upgrade themselves when loaded from an older version (:class:`Versioned`)."""

from __future__ import annotations

import copyreg
import importlib
import pickle
import types
from typing import Any

from twistio.python import log

__name__ = "twisted.persisted.styles"

__all__ = [
    "Ephemeral",
    "Versioned",
    "doUpgrade",
    "requireUpgrade",
    "pickleMethod",
    "unpickleMethod",
    "pickleModule",
    "unpickleModule",
]


class _UniversalPicklingError(pickle.PicklingError, TypeError):
    """A pickling failure that both ``pickle.PicklingError`` and ``TypeError`` handlers catch."""


def pickleMethod(method: types.MethodType) -> tuple[Any, ...]:
    """Reduce a bound method to (instance, name)."""
    return (unpickleMethod, (method.__name__, method.__self__, method.__self__.__class__))


def unpickleMethod(name: str, instance: Any, cls: type) -> Any:
    """The method ``name`` bound to ``instance`` (or looked up on ``cls``)."""
    if instance is None:
        return getattr(cls, name)
    return getattr(instance, name)


def pickleModule(module: types.ModuleType) -> tuple[Any, ...]:
    """Reduce a module to its name."""
    return (unpickleModule, (module.__name__,))


def unpickleModule(name: str) -> types.ModuleType:
    """Import the module ``name``."""
    return importlib.import_module(name)


copyreg.pickle(types.MethodType, pickleMethod)
copyreg.pickle(types.ModuleType, pickleModule)


class Ephemeral:
    """An object that is never persisted: pickling one gives a plain :class:`Ephemeral`."""

    def __reduce__(self) -> tuple[Any, ...]:
        log.msg(f"WARNING: serializing ephemeral {self}")
        return (Ephemeral, ())

    def __getstate__(self) -> None:
        return None

    def __setstate__(self, state: Any) -> None:
        log.msg(f"WARNING: unserializing ephemeral {self.__class__}")
        self.__class__ = Ephemeral


versionedsToUpgrade: dict[int, Any] = {}
upgraded: dict[int, Any] = {}


def doUpgrade() -> None:
    """Upgrade every :class:`Versioned` object loaded since the last call."""
    global versionedsToUpgrade, upgraded
    for versioned in list(versionedsToUpgrade.values()):
        requireUpgrade(versioned)
    versionedsToUpgrade = {}
    upgraded = {}


def requireUpgrade(obj: Any) -> Any:
    """Upgrade ``obj`` now if it was loaded and not upgraded yet."""
    objID = id(obj)
    if objID in versionedsToUpgrade and objID not in upgraded:
        upgraded[objID] = 1
        obj.versionUpgrade()
        return obj
    return None


class Versioned:
    """A class whose pickles record ``persistenceVersion``; when an older pickle is loaded,
    ``upgradeToVersionN`` methods run (for each N above the stored version, in each class of
    the hierarchy) at the next :func:`doUpgrade`."""

    persistenceVersion = 0
    persistenceForgets: tuple[str, ...] = ()

    def __setstate__(self, state: dict[str, Any]) -> None:
        versionedsToUpgrade[id(self)] = self
        self.__dict__ = state

    def __getstate__(self, dict: dict[str, Any] | None = None) -> dict[str, Any]:
        state = (dict or self.__dict__).copy()
        for base in reversed(type(self).__mro__):
            if issubclass(base, Versioned) and "persistenceVersion" in base.__dict__:
                state[f"{_qual(base)}.persistenceVersion"] = base.__dict__["persistenceVersion"]
            for slot in base.__dict__.get("persistenceForgets", ()):
                state.pop(slot, None)
        return state

    def versionUpgrade(self) -> None:
        """Run the upgrade methods this object's stored versions call for."""
        for base in reversed(type(self).__mro__):
            if not (issubclass(base, Versioned) and "persistenceVersion" in base.__dict__):
                continue
            key = f"{_qual(base)}.persistenceVersion"
            current = self.__dict__.pop(key, 0)
            target = base.__dict__["persistenceVersion"]
            while current < target:
                current += 1
                method = base.__dict__.get(f"upgradeToVersion{current}")
                if method is not None:
                    method(self)


def _qual(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"
