"""Plugins: objects providing :class:`IPlugin` found in "dropin" plugin packages.

A plugin package (``twisted.plugins`` by default, or any package passed to :func:`getPlugins`)
is scanned module by module; every module-level object that can be adapted to
:class:`IPlugin` is a plugin.  What each module offers is remembered in a ``dropin.cache``
pickle next to the modules, so later scans import only modules that changed.  A cache that
cannot be written is logged and otherwise ignored.

For the default package, objects published under the ``twisted.plugins`` entry point group of
installed distributions are plugins too: an entry point may name a module (scanned as a dropin)
or a single plugin object.
"""

from __future__ import annotations

import importlib
import os
import pickle
import sys
import types
from collections.abc import Iterable, Iterator
from importlib.metadata import entry_points
from typing import Any, TypeVar, cast

from zope.interface import Interface, providedBy
from zope.interface.interface import InterfaceClass

from twistio.python import log
from twistio.python.components import getAdapterFactory

__name__ = "twisted.plugin"

__all__ = [
    "getPlugins",
    "pluginPackagePaths",
    "IPlugin",
    "getCache",
    "CachedPlugin",
    "CachedDropin",
]

_T = TypeVar("_T")

_ENTRY_POINT_GROUP = "twisted.plugins"


class IPlugin(Interface):
    """A plugin: an object found by :func:`getPlugins`.  Objects that provide more specific
    interfaces (``IServiceMaker``, ``IReactorInstaller``...) also declare this one."""


def _resolve(qualified: str) -> Any:
    """Import the object named ``qualified`` (``package.module.attribute``).

    Names under ``twisted.`` fall back to ``twistio.`` so a cache written with the import alias
    on still loads with it off.
    """
    parts = qualified.split(".")
    for split in range(len(parts), 0, -1):
        moduleName = ".".join(parts[:split])
        candidates = [moduleName]
        if moduleName == "twisted" or moduleName.startswith("twisted."):
            candidates.append("twistio" + moduleName[len("twisted") :])
        for candidate in candidates:
            obj: Any = sys.modules.get(candidate)
            if obj is None:
                try:
                    obj = importlib.import_module(candidate)
                except ImportError:
                    continue
            for attr in parts[split:]:
                obj = getattr(obj, attr)
            return obj
    raise ImportError(f"cannot import {qualified!r}")


def _interfaceName(iface: Any) -> str:
    return f"{iface.__module__}.{iface.__name__}"


class CachedDropin:
    """What one plugin module offers: its name, docstring and plugins, without importing it."""

    def __init__(self, moduleName: str, description: str | None) -> None:
        self.moduleName = moduleName
        self.description = description
        self.plugins: list[CachedPlugin] = []

    def __reduce__(self) -> tuple[Any, ...]:
        plugins = [
            (p.name, p.description, [_interfaceName(i) for i in p.provided]) for p in self.plugins
        ]
        return (_rebuildDropin, (self.moduleName, self.description, plugins))


class CachedPlugin:
    """One plugin of a :class:`CachedDropin`: a module attribute named ``name`` that provides
    the interfaces in ``provided``.  Adapting it to an interface it provides loads it."""

    def __init__(
        self, dropin: CachedDropin, name: str, description: str | None, provided: list[Any]
    ) -> None:
        self.dropin = dropin
        self.name = name
        self.description = description
        self.provided = provided
        dropin.plugins.append(self)

    def __repr__(self) -> str:
        names = ", ".join(i.__name__ for i in self.provided)
        return f"<CachedPlugin {self.name!r}/{self.dropin.moduleName!r} (provides {names!r})>"

    def load(self) -> Any:
        """Import the plugin's module and return the plugin object."""
        return _resolve(f"{self.dropin.moduleName}.{self.name}")

    def __conform__(self, interface: Any) -> Any:
        for provided in self.provided:
            if provided.isOrExtends(interface):
                return self.load()
            if getAdapterFactory(provided, interface, None) is not None:
                return interface(self.load(), None)
        return None


def _rebuildDropin(
    moduleName: str, description: str | None, plugins: list[tuple[str, str | None, list[str]]]
) -> CachedDropin:
    """Unpickle a :class:`CachedDropin` (see ``CachedDropin.__reduce__``)."""
    dropin = CachedDropin(moduleName, description)
    for name, doc, providedNames in plugins:
        provided = []
        for qualified in providedNames:
            try:
                provided.append(_resolve(qualified))
            except (ImportError, AttributeError):
                continue
        CachedPlugin(dropin, name, doc, provided)
    return dropin


# Pickles name this function by its importable module, so a cache written with the import
# alias on (or off) loads either way; classes named twisted.plugin.* would need the alias.
_rebuildDropin.__module__ = "twistio.plugin"


def _generateCacheEntry(provider: types.ModuleType) -> CachedDropin:
    dropin = CachedDropin(provider.__name__, provider.__doc__)
    for name, value in list(provider.__dict__.items()):
        plugin = IPlugin(value, None)
        if plugin is not None:
            CachedPlugin(dropin, name, getattr(value, "__doc__", None), list(providedBy(plugin)))
    return dropin


def _moduleNames(directory: str) -> dict[str, str]:
    """Plugin module name -> its file, for the ``.py``/``.pyc`` files of ``directory``."""
    found: dict[str, str] = {}
    try:
        entries = sorted(os.listdir(directory))
    except OSError:
        return found
    for entry in entries:
        stem, ext = os.path.splitext(entry)
        if ext not in (".py", ".pyc") or stem == "__init__":
            continue
        path = os.path.join(directory, entry)
        if not os.path.isfile(path):
            continue
        # A .py file wins over a stale .pyc of the same name.
        if ext == ".py" or stem not in found:
            found[stem] = path
    return found


def _readCache(path: str) -> dict[str, CachedDropin]:
    try:
        with open(path, "rb") as f:
            data = pickle.load(f)
    except Exception:
        return {}
    if not isinstance(data, dict):
        return {}
    # Anything not in the current format (an older twistio's cache) is rebuilt.
    for dropin in data.values():
        if not isinstance(dropin, CachedDropin):
            return {}
        for cached in dropin.plugins:
            if not all(isinstance(i, InterfaceClass) for i in cached.provided):
                return {}
    return data


def getCache(module: types.ModuleType) -> dict[str, CachedDropin]:
    """Module name (without the package) -> :class:`CachedDropin` for every plugin module of
    the plugin package ``module``, refreshing each directory's ``dropin.cache``."""
    combined: dict[str, CachedDropin] = {}
    for directory in list(getattr(module, "__path__", [])):
        modules = _moduleNames(directory)
        if not modules:
            continue
        cachePath = os.path.join(directory, "dropin.cache")
        cache = _readCache(cachePath)
        try:
            cacheTime = os.path.getmtime(cachePath)
        except OSError:
            cacheTime = 0.0
        dirty = False
        for name in list(cache):
            if name not in modules:
                del cache[name]
                dirty = True
        for name, path in modules.items():
            if name in combined:
                continue
            if name in cache and os.path.getmtime(path) <= cacheTime:
                continue
            moduleName = f"{module.__name__}.{name}"
            try:
                provider = _resolve(moduleName)
            except Exception:
                log.err(None, f"Unexpected error while loading plugin module {moduleName}")
                cache.pop(name, None)
                continue
            cache[name] = _generateCacheEntry(provider)
            dirty = True
        if dirty:
            try:
                with open(cachePath, "wb") as f:
                    pickle.dump(cache, f, protocol=2)
            except OSError as e:
                log.msg(
                    format="Unable to write to plugin cache %(path)s: error number %(errno)d",
                    path=cachePath,
                    errno=e.errno,
                )
            except Exception:
                log.err(None, "Unexpected error while writing cache file")
        for name, dropin in cache.items():
            combined.setdefault(name, dropin)
    return combined


def _defaultPackage() -> types.ModuleType:
    return importlib.import_module("twistio.plugins")


def _entryPointPlugins(interface: Any) -> Iterator[Any]:
    try:
        points = entry_points(group=_ENTRY_POINT_GROUP)
    except Exception:
        return
    for point in points:
        try:
            loaded = point.load()
        except Exception:
            log.err(None, f"Unable to load plugin entry point {point.name!r}")
            continue
        candidates: Iterable[Any]
        if isinstance(loaded, types.ModuleType):
            candidates = list(loaded.__dict__.values())
        else:
            candidates = [loaded]
        for candidate in candidates:
            if not IPlugin(candidate, None):
                continue
            adapted = interface(candidate, None)
            if adapted is not None:
                yield adapted


def getPlugins(
    interface: InterfaceClass | type[_T], package: types.ModuleType | None = None
) -> Iterator[Any]:
    """Every plugin of ``package`` (``twisted.plugins`` by default, plus the ``twisted.plugins``
    entry points) that provides or can be adapted to ``interface``."""
    usingDefault = package is None
    if package is None:
        package = _defaultPackage()
    iface = cast(Any, interface)
    for dropin in getCache(package).values():
        for plugin in dropin.plugins:
            try:
                adapted = iface(plugin, None)
            except Exception:
                log.err(None, "Unexpected error while loading a plugin")
                continue
            if adapted is not None:
                yield adapted
    if usingDefault:
        yield from _entryPointPlugins(iface)


def pluginPackagePaths(name: str) -> list[str]:
    """The directories ``<sys.path entry>/<name as path>`` that exist there without being
    importable packages (no ``__init__.py``): extra plugin directories for package ``name``."""
    package = name.split(".")
    return [
        os.path.abspath(os.path.join(entry, *package))
        for entry in sys.path
        if not os.path.exists(os.path.join(entry, *package, "__init__.py"))
    ]
