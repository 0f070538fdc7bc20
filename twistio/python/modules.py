"""twisted.python.modules: the modules importable from ``sys.path``, found on disk without
importing them.

``getModule("a.b")`` gives a :class:`PythonModule`; packages list their submodules with
``iterModules`` and ``walkModules``; ``load()`` imports.  Only file system path entries are
searched (not zip files).
"""

from __future__ import annotations

import inspect
import os
import sys
import warnings
import zipfile
from collections.abc import Callable, Iterator, MutableMapping
from importlib.machinery import EXTENSION_SUFFIXES
from os.path import dirname, splitext
from typing import Any

from twistio.python.filepath import FilePath, UnlistableError
from twistio.python.reflect import namedAny
from twistio.python.zippath import ZipArchive

__name__ = "twisted.python.modules"

__all__ = [
    "PythonPath",
    "PathEntry",
    "PythonModule",
    "PythonAttribute",
    "getModule",
    "iterModules",
    "walkModules",
    "theSystemPath",
]

#: File name extensions of importable modules (the first is preferred).
PYTHON_EXTENSIONS = [".py", ".pyc", *EXTENSION_SUFFIXES]

_nothing = object()


def _isPythonIdentifier(string: str) -> bool:
    return string.isidentifier()


def _isPackagePath(fpath: FilePath[Any]) -> bool:
    """Whether ``fpath`` is a package's ``__init__`` file."""
    extless = fpath.splitext()[0]
    basend = splitext(extless)[1]
    return bool(basend == "__init__" or fpath.basename().split(".")[0] == "__init__")


class _ModuleIteratorHelper:
    """What packages and path entries share: listing and finding submodules."""

    def _packagePaths(self) -> Iterator[FilePath[Any]]:
        raise NotImplementedError

    def _subModuleName(self, mn: str) -> str:
        raise NotImplementedError

    def _getEntry(self) -> PathEntry:
        raise NotImplementedError

    def iterModules(self) -> Iterator[PythonModule]:
        """The modules and packages directly inside this one (not imported)."""
        yielded: set[str] = set()
        for placeToLook in self._packagePaths():
            try:
                children = sorted(placeToLook.children())
            except UnlistableError:
                continue
            for potential in children:
                name = potential.basename()
                ext = ""
                for candidate in PYTHON_EXTENSIONS:
                    if name.endswith(candidate):
                        ext = candidate
                        break
                if ext:
                    base = name[: -len(ext)]
                    if not _isPythonIdentifier(base) or base == "__init__":
                        continue
                    modname = self._subModuleName(base)
                    if modname not in yielded:
                        yielded.add(modname)
                        yield PythonModule(modname, potential, self._getEntry())
                else:
                    if "." in name or not _isPythonIdentifier(name) or not potential.isdir():
                        continue
                    modname = self._subModuleName(name)
                    for candidate in PYTHON_EXTENSIONS:
                        initpy = potential.child("__init__" + candidate)
                        if initpy.exists() and modname not in yielded:
                            yielded.add(modname)
                            yield PythonModule(modname, initpy, self._getEntry())
                            break

    def walkModules(self, importPackages: bool = False) -> Iterator[PythonModule]:
        """Every module below this one, depth first (packages are imported first when
        ``importPackages``, so that their ``__path__`` is honoured)."""
        for package in self.iterModules():
            yield from package.walkModules(importPackages=importPackages)

    def __getitem__(self, modname: str) -> PythonModule:
        """The submodule ``modname`` (a single name); ``KeyError`` if there is none."""
        for module in self.iterModules():
            if module.name == self._subModuleName(modname):
                return module
        raise KeyError(modname)

    def __iter__(self) -> Iterator[Any]:
        # Iterating is ambiguous (modules? attributes?): say which with a method.
        raise NotImplementedError("Use iterModules() or iterAttributes()")


class PythonAttribute:
    """An attribute of a loaded module (or of another attribute)."""

    def __init__(self, name: str, onObject: Any, loaded: bool, pythonValue: Any) -> None:
        self.name = name
        self.onObject = onObject
        self._loaded = loaded
        self.pythonValue = pythonValue

    def __repr__(self) -> str:
        return f"PythonAttribute<{self.name!r}>"

    def isLoaded(self) -> bool:
        return self._loaded

    def load(self, default: Any = _nothing) -> Any:
        """The attribute's value."""
        return self.pythonValue

    def iterAttributes(self) -> Iterator[PythonAttribute]:
        for name, val in inspect.getmembers(self.load()):
            yield PythonAttribute(self.name + "." + name, self, True, val)


class PythonModule(_ModuleIteratorHelper):
    """A module or package named ``name``, in the file ``filePath``, found on
    ``pathEntry``."""

    def __init__(self, name: str, filePath: FilePath[Any], pathEntry: PathEntry) -> None:
        _name = name.split(".")
        assert "__init__" not in _name, f"{name!r} is not a valid module name"
        self.name = name
        self.filePath = filePath
        self.parentPath = filePath.parent()
        self.pathEntry = pathEntry

    def _getEntry(self) -> PathEntry:
        return self.pathEntry

    def __repr__(self) -> str:
        return f"PythonModule<{self.name!r}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PythonModule):
            return NotImplemented
        return self.name == other.name and self.filePath == other.filePath

    def __hash__(self) -> int:
        return hash((self.name, self.filePath))

    def isLoaded(self) -> bool:
        """Whether the module is imported."""
        return self.pathEntry.pythonPath.moduleDict.get(self.name) is not None

    def iterAttributes(self) -> Iterator[PythonAttribute]:
        """The loaded module's attributes."""
        if not self.isLoaded():
            raise NotImplementedError("You can't load attributes from non-loaded modules yet.")
        for name, val in inspect.getmembers(self.load()):
            yield PythonAttribute(self.name + "." + name, self, True, val)

    def isPackage(self) -> bool:
        return _isPackagePath(self.filePath)

    def load(self, default: Any = _nothing) -> Any:
        """Import the module; on failure return ``default`` if given, else raise."""
        try:
            return self.pathEntry.pythonPath.moduleLoader(self.name)
        except BaseException:
            if default is not _nothing:
                return default
            raise

    def walkModules(self, importPackages: bool = False) -> Iterator[PythonModule]:
        if importPackages and self.isPackage():
            self.load()
        yield self
        yield from super().walkModules(importPackages=importPackages)

    def _subModuleName(self, mn: str) -> str:
        return self.name + "." + mn

    def _packagePaths(self) -> Iterator[FilePath[Any]]:
        if not self.isPackage():
            return
        if self.isLoaded():
            load = self.load()
            if hasattr(load, "__path__"):
                for fn in load.__path__:
                    if fn == self.parentPath.path:
                        # The package's own directory is always searched.
                        yield self.parentPath
                    else:
                        smp = self.pathEntry.pythonPath._smartPath(fn)
                        if smp.exists():
                            yield smp
                return
        yield self.parentPath


class PathEntry(_ModuleIteratorHelper):
    """One ``sys.path`` entry (a directory or a zip file)."""

    def __init__(self, filePath: FilePath[Any], pythonPath: PythonPath) -> None:
        self.filePath = filePath
        self.pythonPath = pythonPath

    def _getEntry(self) -> PathEntry:
        return self

    def __repr__(self) -> str:
        return f"PathEntry<{self.filePath!r}>"

    def _packagePaths(self) -> Iterator[FilePath[Any]]:
        yield self.filePath

    def _subModuleName(self, mn: str) -> str:
        return mn

    def iterModules(self) -> Iterator[PythonModule]:
        for module in super().iterModules():
            yield module
            if module.name == "twistio" and _aliasInstalled():
                # With the alias on, twistio's directory is also the "twisted" package.
                yield PythonModule("twisted", module.filePath, self)


def _aliasInstalled() -> bool:
    alias = sys.modules.get("twistio._alias")
    return bool(alias is not None and alias.installed())


class PythonPath:
    """A search path (``sys.path`` by default) and the modules found on it.

    The import state (``moduleDict``, path hooks, importer cache) and the loader
    (``moduleLoader``) are parameters so that tests can fake them.
    """

    def __init__(
        self,
        sysPath: list[str] | None = None,
        moduleDict: MutableMapping[str, Any] = sys.modules,
        sysPathHooks: list[Any] = sys.path_hooks,
        importerCache: MutableMapping[str, Any] = sys.path_importer_cache,
        moduleLoader: Callable[[str], Any] = namedAny,
        sysPathFactory: Callable[[], list[str]] | None = None,
    ) -> None:
        if sysPath is not None:
            fixedPath = sysPath

            def fixedFactory() -> list[str]:
                return fixedPath

            sysPathFactory = fixedFactory
        elif sysPathFactory is None:
            sysPathFactory = _defaultSysPathFactory
        self._sysPathFactory: Callable[[], list[str]] = sysPathFactory
        self._sysPath = sysPath
        self.moduleDict = moduleDict
        self.sysPathHooks = sysPathHooks
        self.importerCache = importerCache
        self.moduleLoader = moduleLoader

    @property
    def sysPath(self) -> list[str]:
        """The current search path."""
        return self._sysPathFactory()

    def _smartPath(self, pathName: str) -> Any:
        """A FilePath for a directory entry, a ZipArchive for a zip file entry."""
        if os.path.isfile(pathName) and zipfile.is_zipfile(pathName):
            return ZipArchive(pathName)
        if not os.path.exists(pathName):
            # A directory inside a zip file ("lib.zip/package"): find the archive.
            head, rest = pathName, list[str]()
            while head and head != os.path.dirname(head):
                head, tail = os.path.split(head)
                rest.insert(0, tail)
                if os.path.isfile(head) and zipfile.is_zipfile(head):
                    return ZipArchive(head).descendant(rest)
        return FilePath(pathName)

    def iterEntries(self) -> Iterator[PathEntry]:
        """The search path's entries."""
        for pathName in self.sysPath:
            fp = self._smartPath(pathName)
            yield PathEntry(fp, self)

    def _findEntryPathString(self, modobj: Any) -> str:
        """The path entry that ``modobj`` (a loaded module) was imported from."""
        topPackageObj = modobj
        while "." in topPackageObj.__name__:
            topPackageObj = self.moduleDict[".".join(topPackageObj.__name__.split(".")[:-1])]
        topFile: str = topPackageObj.__file__
        if _isPackagePath(FilePath(topFile)):
            rval = dirname(dirname(topFile))
        else:
            rval = dirname(topFile)
        if rval not in self.importerCache:
            warnings.warn(  # type: ignore[no-untyped-call,unused-ignore]
                f"{rval} (for module {modobj.__name__}) not in path importer cache "
                "(PEP 302 violation - check your local configuration).",
                stacklevel=3,
            )
        return rval

    def __getitem__(self, modname: str) -> PythonModule:
        """The module ``modname`` (dotted); ``KeyError`` if it cannot be found."""
        moduleObject = self.moduleDict.get(modname)
        if moduleObject is not None and getattr(moduleObject, "__file__", None):
            pe = PathEntry(self._smartPath(self._findEntryPathString(moduleObject)), self)
            mp = self._smartPath(moduleObject.__file__)
            return PythonModule(modname, mp, pe)

        if "." in modname:
            pkg: Any = None
            for name in modname.split("."):
                pkg = self[name] if pkg is None else pkg[name]
            return pkg  # type: ignore[no-any-return]

        for module in self.iterModules():
            if module.name == modname:
                return module
        if modname == "twisted":
            # With the alias, the "twisted" package is twistio's directory.
            real = self["twistio"]
            return PythonModule(modname, real.filePath, real.pathEntry)
        raise KeyError(modname)

    def __contains__(self, module: str) -> bool:
        try:
            self[module]
            return True
        except KeyError:
            return False

    def __repr__(self) -> str:
        return f"PythonPath({self.sysPath!r},{self.moduleDict is sys.modules and '' or ' <fake>'})"

    def iterModules(self) -> Iterator[PythonModule]:
        """The top-level modules and packages on every path entry."""
        for entry in self.iterEntries():
            yield from entry.iterModules()

    def walkModules(self, importPackages: bool = False) -> Iterator[PythonModule]:
        """Every module on the path, depth first."""
        for package in self.iterModules():
            yield from package.walkModules(importPackages=importPackages)


def _defaultSysPathFactory() -> list[str]:
    return sys.path


theSystemPath = PythonPath()


def walkModules(importPackages: bool = False) -> Iterator[PythonModule]:
    """Every module on ``sys.path``."""
    return theSystemPath.walkModules(importPackages=importPackages)


def iterModules() -> Iterator[PythonModule]:
    """The top-level modules on ``sys.path``."""
    return theSystemPath.iterModules()


def getModule(moduleName: str) -> PythonModule:
    """The module ``moduleName`` (dotted) on ``sys.path``."""
    return theSystemPath[moduleName]
