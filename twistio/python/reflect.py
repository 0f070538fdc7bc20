"""twisted.python.reflect: naming, finding and safely printing Python objects."""

from __future__ import annotations

import os
import pickle
import re
import sys
import traceback
import types
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from io import IOBase, StringIO
from typing import Any

from twistio.python.compat import nativeString

__name__ = "twisted.python.reflect"

__all__ = [
    "InvalidName",
    "ModuleNotFound",
    "ObjectNotFound",
    "QueueMethod",
    "namedModule",
    "namedObject",
    "namedClass",
    "namedAny",
    "requireModule",
    "safe_repr",
    "safe_str",
    "prefixedMethodNames",
    "addMethodNamesToDict",
    "prefixedMethods",
    "accumulateMethods",
    "fullFuncName",
    "qual",
    "getClass",
    "accumulateClassDict",
    "accumulateClassList",
    "isSame",
    "isLike",
    "modgrep",
    "isOfType",
    "findInstances",
    "objgrep",
    "filenameToModuleName",
    "fullyQualifiedName",
]


# ---------------------------------------------------------------------------
# Finding objects by name


class _NoModuleFound(Exception):
    """No module was found because none exists (not because importing it failed)."""


class InvalidName(ValueError):
    """The given name is not a dot-separated list of Python identifiers."""


class ModuleNotFound(InvalidName):
    """The first component of a dotted name names no importable module."""


class ObjectNotFound(InvalidName):
    """A dotted name's module exists but the object it names does not."""


def namedModule(name: str) -> types.ModuleType:
    """Import and return the module ``name`` (a dotted module path)."""
    topLevel = __import__(name)
    module = topLevel
    for part in name.split(".")[1:]:
        module = getattr(module, part)
    return module


def namedObject(name: str) -> Any:
    """Return the object ``module.attr`` named by ``name``."""
    moduleName, _, objectName = name.rpartition(".")
    module = namedModule(moduleName)
    return getattr(module, objectName)


namedClass = namedObject


def requireModule(name: str, default: Any = None) -> Any:
    """Import ``name`` and return it, or ``default`` if it cannot be imported."""
    try:
        return namedModule(name)
    except ImportError:
        return default


def _importAndCheckStack(importName: str) -> Any:
    """Import ``importName``; raise :class:`_NoModuleFound` if it simply does not exist.

    An ``ImportError`` raised from *inside* the module being imported (the module exists but
    itself imports something missing) propagates unchanged, so that broken modules are not
    mistaken for missing ones.
    """
    try:
        return __import__(importName)
    except ImportError:
        _excType, _excValue, excTraceback = sys.exc_info()
        # The import failed because the module does not exist if the traceback does not reach
        # into any other frame than the import machinery's and ours.
        while excTraceback is not None:
            execName = excTraceback.tb_frame.f_globals.get("__name__")
            if execName == importName:
                raise
            excTraceback = excTraceback.tb_next
        raise _NoModuleFound()


def namedAny(name: str) -> Any:
    """Return the Python object named by the fully qualified ``name``.

    Imports the longest importable module prefix, then walks the remaining attributes.

    :raises InvalidName: ``name`` is empty or has empty components.
    :raises ModuleNotFound: the first component is not an importable module.
    :raises ObjectNotFound: some later component could not be found.
    """
    if not name:
        raise InvalidName("Empty module name")

    names = name.split(".")

    # Empty components (leading, trailing or doubled dots) are invalid names.
    if "" in names:
        raise InvalidName(
            f"name must be a string giving a '.'-separated list of Python identifiers, not {name!r}"
        )

    topLevelPackage: Any = None
    moduleNames = names[:]
    while topLevelPackage is None:
        if moduleNames:
            trialname = ".".join(moduleNames)
            try:
                topLevelPackage = _importAndCheckStack(trialname)
            except _NoModuleFound:
                moduleNames.pop()
        else:
            if len(names) == 1:
                raise ModuleNotFound(f"No module named {name!r}")
            else:
                raise ObjectNotFound(f"{name!r} does not name an object")

    obj = topLevelPackage
    for n in names[1:]:
        obj = getattr(obj, n)

    return obj


def filenameToModuleName(fn: Any) -> str:
    """Convert a path to a Python source file or package directory to a dotted module name.

    The name is found by walking up through directories that contain ``__init__.py``.
    """
    initPy: Any = b"__init__.py" if isinstance(fn, bytes) else "__init__.py"
    fullName = os.path.abspath(fn)
    base = os.path.basename(fn)
    if not base:
        # It's a directory with a trailing separator.
        base = os.path.basename(fn[:-1])
    modName = nativeString(os.path.splitext(base)[0])
    while True:
        fullName = os.path.dirname(fullName)
        if os.path.exists(os.path.join(fullName, initPy)):
            modName = f"{nativeString(os.path.basename(fullName))}.{nativeString(modName)}"
        else:
            break
    return modName


# ---------------------------------------------------------------------------
# Names of objects


def qual(clazz: type[object]) -> str:
    """The fully qualified name of a class: ``module.ClassName``."""
    return clazz.__module__ + "." + clazz.__name__


def getClass(obj: object) -> Any:
    """The class of ``obj`` (``obj.__class__`` when it has one, else ``type(obj)``)."""
    if hasattr(obj, "__class__"):
        return obj.__class__
    return type(obj)


def fullFuncName(func: Callable[..., Any]) -> str:
    """``module.name`` for a function, checking that the name really leads back to it."""
    qualName = str(getattr(pickle, "whichmodule")(func, func.__name__)) + "." + func.__name__
    if namedObject(qualName) is not func:
        raise Exception(f"Couldn't find {func} as {qualName}.")
    return qualName


def fullyQualifiedName(obj: object) -> str:
    """The fully qualified name of a module, class, method or function.

    Methods (bound or not) are named through their class, ``module.Class.method``.
    """
    try:
        name = obj.__qualname__  # type: ignore[attr-defined]
    except AttributeError:
        name = obj.__name__  # type: ignore[attr-defined]

    if isinstance(obj, types.ModuleType):
        # twistio's modules are Twisted's: name them as Twisted does.
        if name == "twistio" or str(name).startswith("twistio."):
            return "twisted" + str(name)[len("twistio") :]
        return str(name)
    if isinstance(obj, types.MethodType):
        selfObj = obj.__self__
        cls = selfObj if isinstance(selfObj, type) else type(selfObj)
        return f"{fullyQualifiedName(cls)}.{obj.__name__}"
    if isinstance(obj, types.BuiltinFunctionType):
        selfObj = getattr(obj, "__self__", None)
        if selfObj is None or isinstance(selfObj, types.ModuleType):
            module = getattr(obj, "__module__", None)
            if module and module != "builtins":
                return f"{module}.{name}"
            return str(name)
        cls = selfObj if isinstance(selfObj, type) else type(selfObj)
        return f"{fullyQualifiedName(cls)}.{obj.__name__}"
    module = getattr(obj, "__module__", None)
    if module is not None:
        return f"{module}.{name}"
    return str(name)


# ---------------------------------------------------------------------------
# Printing objects that may refuse to be printed


def _safeFormat(formatter: Callable[[object], str], o: object) -> str:
    """Format ``o`` with ``formatter``; on failure describe ``o`` and the error instead."""
    try:
        return formatter(o)
    except BaseException:
        io = StringIO()
        traceback.print_exc(file=io)
        className = _determineClassName(o)
        tbValue = io.getvalue()
        return f"<{className} instance at 0x{id(o):x} with {formatter.__name__} error:\n {tbValue}>"


def _determineClassName(x: object) -> str:
    c = _determineClass(x)
    try:
        return str(c.__name__)
    except BaseException:
        try:
            return str(c)
        except BaseException:
            return f"<BROKEN CLASS AT 0x{id(c):x}>"


def _determineClass(x: object) -> Any:
    try:
        return x.__class__
    except BaseException:
        return type(x)


def safe_repr(o: object) -> str:
    """``repr(o)``, or a description of ``o`` and of the error if ``repr`` raises."""
    return _safeFormat(repr, o)


def safe_str(o: object) -> str:
    """``str(o)`` (bytes decoded as UTF-8 when possible), or a description of the error."""
    if isinstance(o, bytes):
        # Bytes are shown decoded when that works, as their repr otherwise.
        try:
            return o.decode("utf-8")
        except BaseException:
            pass
    return _safeFormat(str, o)


# ---------------------------------------------------------------------------
# Introspection of classes and methods


class QueueMethod:
    """A callable that appends ``(name, args)`` to its owner's ``calls``."""

    def __init__(self, name: str, calls: list[tuple[str, tuple[Any, ...]]]) -> None:
        self.name = name
        self.calls = calls

    def __call__(self, *args: Any) -> None:
        self.calls.append((self.name, args))


def prefixedMethodNames(classObj: type, prefix: str) -> list[str]:
    """Names (without ``prefix``) of the methods of ``classObj`` and its bases starting
    with ``prefix``."""
    dct: dict[str, int] = {}
    addMethodNamesToDict(classObj, dct, prefix)
    return list(dct.keys())


def addMethodNamesToDict(
    classObj: type, dict: dict[str, int], prefix: str, baseClass: type | None = None
) -> None:
    """Put into ``dict`` (as keys with value 1) the names, minus ``prefix``, of the callable
    attributes of ``classObj`` and its bases that start with ``prefix``.

    With ``baseClass``, only classes that are subclasses of it are searched.
    """
    for base in classObj.__bases__:
        addMethodNamesToDict(base, dict, prefix, baseClass)

    if baseClass is None or baseClass in classObj.__bases__:
        for name, method in classObj.__dict__.items():
            optName = name[len(prefix) :]
            if (
                (type(method) is types.FunctionType)
                and (name[: len(prefix)] == prefix)
                and (len(optName))
            ):
                dict[optName] = 1


def prefixedMethods(obj: object, prefix: str = "") -> list[Callable[..., Any]]:
    """The bound methods of ``obj`` whose names start with ``prefix``."""
    dct: dict[str, Callable[..., Any]] = {}
    accumulateMethods(obj, dct, prefix)
    return list(dct.values())


def accumulateMethods(
    obj: object, dict: dict[str, Any], prefix: str = "", curClass: type | None = None
) -> None:
    """Put into ``dict`` the bound methods of ``obj`` starting with ``prefix``, keyed by
    their names minus the prefix (methods of subclasses win over their bases')."""
    if not curClass:
        curClass = obj.__class__
    for base in curClass.__bases__:
        # object's own methods are not interesting.
        if base is not object:
            accumulateMethods(obj, dict, prefix, base)

    for name, method in curClass.__dict__.items():
        optName = name[len(prefix) :]
        if (
            (type(method) is types.FunctionType)
            and (name[: len(prefix)] == prefix)
            and (len(optName))
        ):
            dict[optName] = getattr(obj, name)


def accumulateClassDict(
    classObj: type, attr: str, adict: dict[Any, Any], baseClass: type | None = None
) -> None:
    """Merge into ``adict`` the dictionaries named ``attr`` of ``classObj`` and its bases
    (derived classes override their bases)."""
    for base in classObj.__bases__:
        accumulateClassDict(base, attr, adict)
    if baseClass is None or baseClass in classObj.__bases__:
        adict.update(classObj.__dict__.get(attr, {}))


def accumulateClassList(
    classObj: type, attr: str, listObj: list[Any], baseClass: type | None = None
) -> None:
    """Extend ``listObj`` with the lists named ``attr`` of ``classObj`` and its bases."""
    for base in classObj.__bases__:
        accumulateClassList(base, attr, listObj)
    if baseClass is None or baseClass in classObj.__bases__:
        listObj.extend(classObj.__dict__.get(attr, []))


def isSame(a: object, b: object) -> bool:
    return a is b


def isLike(a: object, b: object) -> bool:
    return a == b


def modgrep(goal: object) -> list[object]:
    return objgrep(sys.modules, goal, isLike, "sys.modules")


def isOfType(start: object, goal: Any) -> bool:
    return type(start) is goal


def findInstances(start: object, t: Any) -> list[object]:
    return objgrep(start, t, isOfType)


def objgrep(
    start: Any,
    goal: object,
    eq: Callable[[object, object], bool] = isLike,
    path: str = "",
    paths: list[str] | None = None,
    seen: dict[int, object] | None = None,
    showUnknowns: int = 0,
    maxDepth: int | None = None,
) -> list[Any]:
    """Find, from ``start``, the access paths (as Python expressions) to ``goal``."""
    if paths is None:
        paths = []
    if seen is None:
        seen = {}
    if eq(start, goal):
        paths.append(path)
    if id(start) in seen:
        if seen[id(start)] is start:
            return paths
    if maxDepth is not None:
        if maxDepth == 0:
            return paths
        maxDepth -= 1
    seen[id(start)] = start
    # Keyword arguments shared by every recursive call.
    args = (paths, seen, showUnknowns, maxDepth)
    if isinstance(start, dict):
        for k, v in start.items():
            objgrep(k, goal, eq, path + "{" + repr(v) + "}", *args)
            objgrep(v, goal, eq, path + "[" + repr(k) + "]", *args)
    elif isinstance(start, (list, tuple, deque)):
        for idx, _elem in enumerate(start):
            objgrep(start[idx], goal, eq, path + "[" + str(idx) + "]", *args)
    elif isinstance(start, types.MethodType):
        objgrep(start.__self__, goal, eq, path + ".__self__", *args)
        objgrep(start.__func__, goal, eq, path + ".__func__", *args)
        objgrep(start.__self__.__class__, goal, eq, path + ".__self__.__class__", *args)
    elif hasattr(start, "__dict__"):
        for k, v in start.__dict__.items():
            objgrep(v, goal, eq, path + "." + k, *args)
        if isinstance(start, type):
            pass
    elif isinstance(start, weakref.ReferenceType):
        objgrep(start(), goal, eq, path + "()", *args)
    elif isinstance(
        start,
        (
            str,
            int,
            types.FunctionType,
            types.BuiltinMethodType,
            re.Pattern,
            type(None),
            IOBase,
            float,
            complex,
            bytes,
        ),
    ):
        pass
    elif showUnknowns:
        print("unknown type", type(start), start)
    return paths


def _keysOf(mapping: Mapping[Any, Any]) -> Iterable[Any]:
    return mapping.keys()
